package io.specialist.trainer.feedback;

import io.quarkus.test.junit.QuarkusTestProfile;
import io.specialist.testing.DatabaseResource;
import io.specialist.testing.KafkaBrokerResource;
import io.specialist.trainer.support.FakeIngestResource;
import io.specialist.trainer.support.TempHomeResource;
import io.specialist.trainer.support.TinyBaseResource;
import java.util.List;
import java.util.Map;

/**
 * A trainer on PostgreSQL when the machine runs it (H2 otherwise) with an imported tiny base model, a real
 * Kafka broker and stand-in ingest, and a low preference trigger threshold so a test can cross it.
 */
public class PreferenceProfile implements QuarkusTestProfile {

    static final int MIN_PAIRS = 40;

    static String kind() {
        return DatabaseResource.postgresAvailable() ? "postgresql" : "h2";
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("quarkus.datasource.db-kind", kind(),
                "specialist.trainer.preference.min-pairs", Integer.toString(MIN_PAIRS),
                "specialist.trainer.preference.min-heldout-pairs", "3",
                "specialist.trainer.preference.steps", "150",
                "specialist.trainer.preference.learning-rate", "3e-3",
                "specialist.trainer.preference.beta", "0.5");
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(
                new TestResourceEntry(KafkaBrokerResource.class),
                new TestResourceEntry(FakeIngestResource.class),
                new TestResourceEntry(TempHomeResource.class),
                new TestResourceEntry(TinyBaseResource.class),
                new TestResourceEntry(DatabaseResource.class, Map.of(DatabaseResource.KIND, kind())));
    }

    @Override
    public boolean disableGlobalTestResources() {
        return true;
    }
}
