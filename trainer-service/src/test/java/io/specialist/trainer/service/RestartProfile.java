package io.specialist.trainer.service;

import io.quarkus.test.junit.QuarkusTestProfile;
import io.specialist.testing.DatabaseResource;
import io.specialist.testing.KafkaBrokerResource;
import io.specialist.trainer.support.FakeIngestResource;
import io.specialist.trainer.support.TempHomeResource;
import io.specialist.trainer.support.TinyBaseResource;
import java.util.List;
import java.util.Map;

/**
 * A trainer starting on the database of one that died mid-job, on PostgreSQL when the machine runs it
 * (H2 otherwise), with an imported tiny base model.
 */
public class RestartProfile implements QuarkusTestProfile {

    static String kind() {
        return DatabaseResource.postgresAvailable() ? "postgresql" : "h2";
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("quarkus.datasource.db-kind", kind());
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(
                new TestResourceEntry(KafkaBrokerResource.class),
                new TestResourceEntry(FakeIngestResource.class),
                new TestResourceEntry(TempHomeResource.class),
                new TestResourceEntry(TinyBaseResource.class),
                new TestResourceEntry(RestartSeedResource.class, Map.of(DatabaseResource.KIND, kind())));
    }

    @Override
    public boolean disableGlobalTestResources() {
        return true;
    }
}
