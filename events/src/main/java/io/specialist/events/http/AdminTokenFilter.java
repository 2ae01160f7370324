package io.specialist.events.http;

import io.specialist.events.Problem;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Checks the admin bearer token ({@code specialist.admin.token}, env {@code SPECIALIST_ADMIN_TOKEN}) on
 * {@link AdminOnly} resources of every service. Without a configured token every admin call is refused:
 * an open admin API would let anyone swap models or start training. Found by Quarkus through this
 * jar's bean archive marker ({@code META-INF/beans.xml}).
 */
@Provider
@AdminOnly
@Priority(Priorities.AUTHENTICATION)
public class AdminTokenFilter implements ContainerRequestFilter {

    public static final String TOKEN_KEY = "specialist.admin.token";
    private static final String BEARER = "Bearer ";

    @Override
    public void filter(ContainerRequestContext request) {
        // Read per request, not in a constructor: providers are created before runtime config exists.
        Optional<String> token = ConfigProvider.getConfig().getOptionalValue(TOKEN_KEY, String.class)
                .filter(t -> !t.isBlank());
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (token.isEmpty()) {
            deny(request, "admin endpoints are disabled: set " + TOKEN_KEY + " (env SPECIALIST_ADMIN_TOKEN)");
        } else if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            deny(request, "send 'Authorization: Bearer <admin token>'");
        } else if (!matches(header.substring(BEARER.length()).trim(), token.get())) {
            deny(request, "the bearer token is not the admin token");
        }
    }

    /** Compares in constant time, so response timing tells nothing about the token. */
    static boolean matches(String candidate, String token) {
        return MessageDigest.isEqual(candidate.getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8));
    }

    private static void deny(ContainerRequestContext request, String detail) {
        Problem problem = Problem.of(401, "Unauthorized", detail)
                .withInstance(ProblemResponses.path(request.getUriInfo()));
        request.abortWith(ProblemResponses.response(problem)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"specialist-admin\"").build());
    }
}
