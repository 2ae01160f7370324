package io.specialist.trainer.rest;

import io.specialist.events.Problem;
import io.specialist.trainer.config.PlatformConfig;
import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Instance;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/** Checks the admin bearer token on {@link AdminOnly} endpoints; compares in constant time. */
@Provider
@AdminOnly
@Priority(Priorities.AUTHENTICATION)
public class AdminTokenFilter implements ContainerRequestFilter {

    private static final String PREFIX = "Bearer ";

    // Providers are created at static init, before runtime config exists: resolve the token on first use.
    private final Instance<PlatformConfig> platform;

    public AdminTokenFilter(Instance<PlatformConfig> platform) {
        this.platform = platform;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        Optional<String> token = platform.get().admin().token().filter(t -> !t.isBlank());
        if (token.isEmpty()) {
            request.abortWith(unauthorized("this trainer has no admin token configured: set SPECIALIST_ADMIN_TOKEN "
                    + "(specialist.admin.token) to use admin endpoints"));
            return;
        }
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            request.abortWith(unauthorized("this endpoint needs 'Authorization: Bearer <admin token>'"));
            return;
        }
        byte[] given = header.substring(PREFIX.length()).trim().getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(given, token.get().getBytes(StandardCharsets.UTF_8))) {
            request.abortWith(unauthorized("the bearer token is not the admin token"));
        }
    }

    private static Response unauthorized(String detail) {
        return Response.status(Response.Status.UNAUTHORIZED)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"specialist\"")
                .type(Problem.MEDIA_TYPE)
                .entity(Problem.of(401, "Unauthorized", detail))
                .build();
    }
}
