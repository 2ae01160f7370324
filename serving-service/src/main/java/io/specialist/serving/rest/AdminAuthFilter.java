package io.specialist.serving.rest;

import io.specialist.events.Problem;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;

/**
 * Checks the admin bearer token on {@link AdminOnly} resources. Without a configured token every admin
 * call is refused (an open admin API would let anyone swap models).
 */
@Provider
@AdminOnly
public class AdminAuthFilter implements ContainerRequestFilter {

    private static final String BEARER = "Bearer ";

    private final AdminToken token;

    public AdminAuthFilter(AdminToken token) {
        this.token = token;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (!token.configured()) {
            deny(request, "admin endpoints are disabled: set specialist.admin.token (env SPECIALIST_ADMIN_TOKEN)");
        } else if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            deny(request, "send 'Authorization: Bearer <admin token>'");
        } else if (!token.matches(header.substring(BEARER.length()).trim())) {
            deny(request, "the bearer token is not the admin token");
        }
    }

    private static void deny(ContainerRequestContext request, String detail) {
        Problem problem = Problem.of(401, "Unauthorized", detail).withInstance("/" + request.getUriInfo().getPath()
                .replaceFirst("^/", ""));
        request.abortWith(Problems.response(problem, 0)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"specialist-admin\"").build());
    }
}
