package io.specialist.serving.support;

import io.quarkus.test.junit.QuarkusTestProfile;
import io.specialist.testing.DatabaseResource;
import java.util.List;
import java.util.Map;

/**
 * The default test database, a fresh H2 file database, as a profile resource rather than a global one so
 * that it does not clash with {@link io.specialist.testing.PostgresProfile}; every H2 test class uses this
 * profile, so they share one application start.
 */
public class H2Profile implements QuarkusTestProfile {

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(DatabaseResource.class, Map.of(DatabaseResource.KIND, "h2")));
    }

    @Override
    public String getConfigProfile() {
        return "test";
    }
}
