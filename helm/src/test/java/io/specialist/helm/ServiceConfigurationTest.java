package io.specialist.helm;

import io.specialist.helm.ServiceConfig.ConfigKey;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chart's environment against the services' code, read at test time: every key a service reads
 * (its {@code @ConfigMapping} interfaces, {@code @ConfigProperty} injections, Kafka topic keys) is set
 * by the chart, every application variable the chart sets is read by the service, and values.yaml does
 * not pin a default the service has since changed. A renamed or new key fails here, not in a cluster.
 */
class ServiceConfigurationTest {

    /** Keys the chart sets for every service: the platform-wide contracts of ARCHITECTURE.md. */
    static final Set<String> PLATFORM_KEYS = Set.of(
            "specialist.home", "specialist.trainer-url", "specialist.ingest-url", "specialist.admin.token");

    /** Variables for the JVM, the image's start script and native libraries, not application configuration. */
    static final Set<String> JVM_VARIABLES = Set.of("JDK_JAVA_OPTIONS", "JAVA_MAX_MEM_RATIO", "ORT_DISABLE_TELEMETRY");

    /** Defaults the chart changes on purpose, with the reason. */
    static final Map<String, String> INTENTIONAL_OVERRIDES = Map.of();

    static final Map<String, ServiceConfig> SERVICES = new LinkedHashMap<>();

    @BeforeAll
    static void readServices() {
        for (String component : DeploymentsTest.COMPONENTS) {
            SERVICES.put(component, ServiceConfig.of(component));
        }
    }

    static Stream<Arguments> componentsAndValues() {
        List<Arguments> arguments = new ArrayList<>();
        for (ValueSets values : ValueSets.values()) {
            for (String component : DeploymentsTest.COMPONENTS) {
                arguments.add(Arguments.of(component, values));
            }
        }
        return arguments.stream();
    }

    @ParameterizedTest(name = "{0} with {1}")
    @MethodSource("componentsAndValues")
    void everyKeyTheServiceReadsIsSetByTheChart(String component, ValueSets values) {
        ServiceConfig service = SERVICES.get(component);
        Map<String, String> environment = values.rendered().environment(component);
        List<ConfigKey> missing = service.mappedKeys().values().stream()
                .filter(key -> !key.name().endsWith(".*"))
                .filter(key -> !environment.containsKey(ServiceConfig.envName(key.name())))
                .toList();
        assertThat(missing)
                .as("%s reads these keys but the chart does not set them; add them to %s.config in"
                        + " helm/specialist/values.yaml (and the README table: see ValuesDocumentationTest):%n%s",
                        service.module(), component, yamlFor(missing))
                .isEmpty();
        for (String topicKey : service.topicKeys().keySet()) {
            assertThat(environment).as("%s topic %s", component, topicKey).containsKey(ServiceConfig.envName(topicKey));
        }
    }

    @ParameterizedTest(name = "{0} with {1}")
    @MethodSource("componentsAndValues")
    void everyApplicationVariableTheChartSetsIsReadByTheService(String component, ValueSets values) {
        ServiceConfig service = SERVICES.get(component);
        Set<String> platform = PLATFORM_KEYS.stream().map(ServiceConfig::envName).collect(Collectors.toSet());
        Set<String> unknown = new TreeSet<>();
        for (String name : values.rendered().environment(component).keySet()) {
            boolean application = name.startsWith("SPECIALIST_") || name.startsWith("MP_MESSAGING_");
            if (application && !platform.contains(name) && !service.knowsEnv(name)) {
                unknown.add(name);
            } else if (!application && !name.startsWith("QUARKUS_") && !name.startsWith("KAFKA_")
                    && !JVM_VARIABLES.contains(name)) {
                unknown.add(name);
            }
        }
        assertThat(unknown)
                .as("the chart sets variables %s does not read (renamed or removed keys?): remove them from"
                        + " %s.config in values.yaml or from templates/_config.tpl", service.module(), component)
                .isEmpty();
    }

    @Test
    void topicsDefaultToTheServicesTopicNames() {
        for (String component : DeploymentsTest.COMPONENTS) {
            Map<String, String> environment = ValueSets.DEFAULTS.rendered().environment(component);
            SERVICES.get(component).topicKeys().forEach((key, topic) ->
                    assertThat(environment.get(ServiceConfig.envName(key))).as("%s %s", component, key).isEqualTo(topic));
        }
    }

    @Test
    void valuesDoNotPinStaleServiceDefaults() {
        Map<String, Object> values = ValuesFiles.read(HelmChart.directory().resolve("values.yaml"));
        List<String> stale = new ArrayList<>();
        for (String component : DeploymentsTest.COMPONENTS) {
            @SuppressWarnings("unchecked")
            Map<String, Object> config = (Map<String, Object>) ((Map<String, Object>) values.get(component)).get("config");
            Map<String, ConfigKey> keys = SERVICES.get(component).mappedKeys();
            config.forEach((name, value) -> {
                ConfigKey key = keys.get(name);
                if (key != null && !INTENTIONAL_OVERRIDES.containsKey(name)
                        && !sameValue(value, key.defaultValue() == null ? "" : key.defaultValue())) {
                    stale.add(component + ".config." + name + ": values.yaml has " + value + ", " + key.declaredIn()
                            + " defaults to " + key.defaultValue());
                }
            });
        }
        assertThat(stale).as("values.yaml overrides service defaults; copy the new default (or add the key to"
                + " INTENTIONAL_OVERRIDES with the reason)").isEmpty();
    }

    @ParameterizedTest(name = "{0} with {1}")
    @MethodSource("componentsAndValues")
    void databaseAndKafkaComeFromValuesAndSecrets(String component, ValueSets values) {
        ServiceConfig service = SERVICES.get(component);
        Map<String, String> environment = values.rendered().environment(component);
        if (service.hasExtension("quarkus-jdbc-postgresql")) {
            assertThat(environment.get("QUARKUS_DATASOURCE_JDBC_URL")).startsWith("jdbc:postgresql://")
                    .contains("/specialist_" + component);
            assertThat(environment.get("QUARKUS_DATASOURCE_USERNAME")).startsWith("secret:");
            assertThat(environment.get("QUARKUS_DATASOURCE_PASSWORD")).startsWith("secret:");
        }
        if (service.hasExtension("quarkus-messaging-kafka")) {
            assertThat(environment.get("KAFKA_BOOTSTRAP_SERVERS")).isNotBlank();
        }
        assertThat(environment.get("SPECIALIST_ADMIN_TOKEN")).startsWith("secret:");
        assertThat(environment.get("JDK_JAVA_OPTIONS")).contains("--add-modules jdk.incubator.vector")
                .contains("-XX:MaxRAMPercentage=60");
        assertThat(environment.get("JAVA_MAX_MEM_RATIO")).isEqualTo("60");
    }

    @Test
    void productionValuesReachTheServices() {
        Rendered rendered = ValueSets.PRODUCTION.rendered();
        Map<String, String> trainer = rendered.environment("trainer");
        assertThat(trainer)
                .containsEntry("KAFKA_BOOTSTRAP_SERVERS", "events-kafka-bootstrap.kafka.svc:9093")
                .containsEntry("KAFKA_SECURITY_PROTOCOL", "SSL")
                .containsEntry("QUARKUS_DATASOURCE_JDBC_URL",
                        "jdbc:postgresql://pg-primary.databases.svc:5432/specialist_trainer?sslmode=require")
                .containsEntry("QUARKUS_DATASOURCE_USERNAME", "secret:specialist-db/user")
                .containsEntry("SPECIALIST_ADMIN_TOKEN", "secret:specialist-admin/token")
                .containsEntry("SPECIALIST_TRAINER_RUNNER", "kubernetes")
                .containsEntry("SPECIALIST_TRAINER_KUBERNETES_IMAGE", "registry.example.com/ml/specialist/trainer-service:0.1.0")
                .containsEntry("SPECIALIST_TRAINER_KUBERNETES_NAMESPACE", HelmChart.NAMESPACE)
                .containsEntry("SPECIALIST_TRAINER_KUBERNETES_ADMIN_TOKEN_SECRET", "specialist-admin")
                .containsEntry("SPECIALIST_TRAINER_KUBERNETES_OWNER_DEPLOYMENT", Rendered.name("trainer"))
                .containsEntry("SPECIALIST_TRAINER_REGISTRY_PATH", "/var/lib/specialist/registry")
                .containsEntry("SPECIALIST_INGEST_URL", "http://specialist-ingest.specialist.svc:8081");
        assertThat(rendered.environment("serving"))
                .containsEntry("SPECIALIST_TRAINER_URL", "http://specialist-trainer.specialist.svc:8083");
    }

    @Test
    void wholeNumbersReachTheServiceAsIntegers() {
        // Helm reads YAML numbers as float64 and would print 4000000 as 4e+06, which Integer.parseInt rejects.
        Map<String, String> drift = HelmChart.template(Map.of("drift.config.specialist\\.drift\\.window-size", 4000000))
                .environment("drift");
        assertThat(drift).containsEntry("SPECIALIST_DRIFT_WINDOW_SIZE", "4000000");
    }

    private static boolean sameValue(Object value, String serviceDefault) {
        String text = value instanceof List<?> list
                ? list.stream().map(String::valueOf).collect(Collectors.joining(","))
                : String.valueOf(value);
        try {
            return new BigDecimal(text).compareTo(new BigDecimal(serviceDefault)) == 0;
        } catch (NumberFormatException notNumbers) {
            return text.equals(serviceDefault);
        }
    }

    /** values.yaml lines for keys, with their Javadoc and default, to paste under <component>.config. */
    static String yamlFor(List<ConfigKey> keys) {
        StringBuilder yaml = new StringBuilder();
        for (ConfigKey key : keys) {
            yaml.append("    # ").append(key.doc().isEmpty() ? "(no Javadoc on " + key.declaredIn() + ")" : key.doc()).append('\n');
            yaml.append("    ").append(key.name()).append(": ").append(yamlValue(key)).append('\n');
        }
        return yaml.toString();
    }

    private static String yamlValue(ConfigKey key) {
        String value = key.defaultValue();
        if (value == null) {
            return "\"\"";
        }
        boolean number = Set.of("int", "long", "double", "float", "Integer", "Long", "Double").contains(key.type());
        boolean bool = Set.of("boolean", "Boolean").contains(key.type());
        return number || bool ? value : "\"" + value.replace("\"", "\\\"") + "\"";
    }
}
