package io.specialist.testing;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Runs a {@code @QuarkusTest} against PostgreSQL (a fresh database on 127.0.0.1:5432) when the machine
 * runs it, and against H2 otherwise, saying so in the log. The database kind is build-time
 * configuration in Quarkus, which a test profile may override because the app is re-augmented.
 */
public class PostgresProfile implements QuarkusTestProfile {

    private static final Logger LOG = Logger.getLogger(PostgresProfile.class);

    static String kind() {
        if (DatabaseResource.postgresAvailable()) {
            return "postgresql";
        }
        LOG.warn("PostgreSQL is not reachable on 127.0.0.1:5432; this PostgreSQL test profile runs on H2");
        return "h2";
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("quarkus.datasource.db-kind", kind());
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(DatabaseResource.class, Map.of(DatabaseResource.KIND, kind())));
    }

    @Override
    public String getConfigProfile() {
        return "test";
    }
}
