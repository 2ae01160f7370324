package io.specialist.serving.rest;

import io.specialist.serving.config.ServingConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The configured admin token. A bean of its own because JAX-RS filters are created before runtime
 * configuration exists; this (proxied) bean reads the token on first use.
 */
@ApplicationScoped
public class AdminToken {

    private static final Logger LOG = Logger.getLogger(AdminToken.class);

    private final Optional<byte[]> token;

    public AdminToken(ServingConfig config) {
        this.token = config.admin().token().filter(t -> !t.isBlank()).map(t -> t.getBytes(StandardCharsets.UTF_8));
        if (token.isEmpty()) {
            LOG.warn("specialist.admin.token (SPECIALIST_ADMIN_TOKEN) is not set: admin endpoints answer 401");
        }
    }

    public boolean configured() {
        return token.isPresent();
    }

    /** Compares in constant time, so response timing tells nothing about the token. */
    public boolean matches(String candidate) {
        return token.isPresent() && MessageDigest.isEqual(candidate.getBytes(StandardCharsets.UTF_8), token.get());
    }
}
