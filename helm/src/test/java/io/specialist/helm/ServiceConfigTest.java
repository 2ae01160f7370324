package io.specialist.helm;

import io.specialist.helm.ServiceConfig.ConfigKey;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The source scanner the configuration test relies on, on a fixture service with every mapping shape. */
class ServiceConfigTest {

    private final ServiceConfig demo = ServiceConfig.scan(
            HelmChart.directory().resolveSibling("src/test/resources/fixture"), "demo-service");

    @Test
    void readsKeysOfMappingsGroupsAndInjections() {
        assertThat(demo.mappedKeys().keySet()).containsExactlyInAnyOrder(
                "specialist.demo.max-document-bytes",
                "specialist.demo.url",
                "specialist.demo.base-path",
                "specialist.demo.command",
                "specialist.demo.domains.*",
                "specialist.demo.gate.min-domain-gain",
                "specialist.demo.gate.nested.cooldown",
                "specialist.demo.retry.max-attempts",
                "specialist.demo.enabled",
                "specialist.trainer-url");
    }

    @Test
    void keepsDefaultsAndTheFirstSentenceOfTheJavadoc() {
        Map<String, ConfigKey> keys = demo.mappedKeys();
        assertThat(keys.get("specialist.demo.max-document-bytes").defaultValue()).isEqualTo("1048576");
        assertThat(keys.get("specialist.demo.max-document-bytes").doc()).isEqualTo("Largest accepted document, in bytes.");
        assertThat(keys.get("specialist.demo.gate.min-domain-gain").doc()).isEqualTo("Minimum domain gain.");
        assertThat(keys.get("specialist.demo.gate.nested.cooldown").defaultValue()).isEqualTo("PT10M");
        assertThat(keys.get("specialist.demo.base-path").defaultValue()).isNull();
        assertThat(keys.get("specialist.trainer-url").defaultValue()).isEqualTo("http://localhost:8083");
    }

    @Test
    void readsTopicKeysWithoutProfileOverrides() {
        assertThat(demo.topicKeys()).containsExactly(
                Map.entry("mp.messaging.incoming.documents-raw.topic", "specialist.documents.raw"),
                Map.entry("mp.messaging.outgoing.documents-dlq.topic", "specialist.documents.dlq"));
    }

    @Test
    void matchesEnvironmentVariablesByMicroProfileRules() {
        assertThat(demo.knowsEnv("SPECIALIST_DEMO_GATE_MIN_DOMAIN_GAIN")).isTrue();
        assertThat(demo.knowsEnv("SPECIALIST_DEMO_DOMAINS_LEGAL")).as("map entry").isTrue();
        assertThat(demo.knowsEnv("MP_MESSAGING_INCOMING_DOCUMENTS_RAW_TOPIC")).isTrue();
        assertThat(demo.knowsEnv("SPECIALIST_DEMO_GATE_MIN_DOMAIN_GAINS")).as("renamed key").isFalse();
        assertThat(demo.knowsEnv("SPECIALIST_DEMO_MAX_DOCUMENT_SIZE")).isFalse();
        assertThat(demo.hasExtension("quarkus-messaging-kafka")).isTrue();
        assertThat(demo.hasExtension("quarkus-jdbc-postgresql")).isFalse();
        assertThat(ServiceConfig.envName("quarkus.log.category.\"org.apache.kafka\".level"))
                .isEqualTo("QUARKUS_LOG_CATEGORY__ORG_APACHE_KAFKA__LEVEL");
    }
}
