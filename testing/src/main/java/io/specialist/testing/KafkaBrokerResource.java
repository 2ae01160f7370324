package io.specialist.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.specialist.events.Topics;
import java.util.Map;

/**
 * Starts a real Kafka broker in the test JVM for a {@code @QuarkusTest} and points the Kafka connector
 * at it. The loop's topics are created up front with {@value #PARTITIONS} partitions so that consumers
 * see records produced before their first poll. Test fields annotated {@link InjectKafkaBroker} receive
 * the running broker.
 */
public class KafkaBrokerResource implements QuarkusTestResourceLifecycleManager {

    static final int PARTITIONS = 2;

    private KafkaBroker broker;

    @Override
    public Map<String, String> start() {
        broker = KafkaBroker.start(PARTITIONS);
        broker.createTopics(Topics.ALL, PARTITIONS);
        return Map.of(
                "kafka.bootstrap.servers", broker.bootstrapServers(),
                "mp.messaging.connector.smallrye-kafka.bootstrap.servers", broker.bootstrapServers());
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(broker,
                new TestInjector.AnnotatedAndMatchesType(InjectKafkaBroker.class, KafkaBroker.class));
    }

    @Override
    public void stop() {
        if (broker != null) {
            broker.close();
            broker = null;
        }
    }
}
