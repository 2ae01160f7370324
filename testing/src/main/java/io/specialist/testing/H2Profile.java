package io.specialist.testing;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;
import java.util.Map;

/**
 * The default test database: a fresh H2 file database from {@link DatabaseResource}. Given as a profile
 * resource rather than a global {@code @QuarkusTestResource}, so it does not also start (and clash on
 * {@code quarkus.datasource.jdbc.url}) for the tests under {@link PostgresProfile}. Every H2 test class
 * of a service uses this same profile, so they share one application start.
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
