package io.specialist.serving.rest;

import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

/** OpenAPI description of the service (resources are discovered, not listed here). */
@OpenAPIDefinition(info = @Info(title = "Specialist serving", version = "0.1.0",
        description = "OpenAI-compatible completions and scoring with hot-swapped domain models"))
@SecurityScheme(securitySchemeName = "admin-token", type = SecuritySchemeType.HTTP, scheme = "bearer",
        description = "specialist.admin.token")
public class ServingApplication extends Application {
}
