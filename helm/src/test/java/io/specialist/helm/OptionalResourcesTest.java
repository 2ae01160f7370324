package io.specialist.helm;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.specialist.events.Topics;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Strimzi topics, ServiceMonitor, HPA, PodDisruptionBudgets, the registry claim and the admin Secret. */
class OptionalResourcesTest {

    @Test
    void defaultTopicNamesAreTheOnesTheServicesUse() {
        @SuppressWarnings("unchecked")
        Map<String, Object> topics = (Map<String, Object>) ((Map<String, Object>) ValuesFiles
                .read(HelmChart.directory().resolve("values.yaml")).get("kafka")).get("topics");
        assertThat(topics.values()).containsExactlyInAnyOrderElementsOf(Topics.ALL);
    }

    @Test
    void strimziTopicsAreOffByDefault() {
        assertThat(ValueSets.DEFAULTS.rendered().ofKind("KafkaTopic")).isEmpty();
    }

    @Test
    void strimziTopicsCarryPartitionsReplicasAndConfigFromValues() {
        List<HasMetadata> topics = ValueSets.PRODUCTION.rendered().ofKind("KafkaTopic");
        assertThat(topics).hasSize(Topics.ALL.size());
        assertThat(topics).extracting(topic -> spec(topic).get("topicName"))
                .containsExactlyInAnyOrderElementsOf(Topics.ALL);
        for (HasMetadata topic : topics) {
            assertThat(topic.getApiVersion()).isEqualTo("kafka.strimzi.io/v1beta2");
            assertThat(topic.getMetadata().getLabels()).containsEntry("strimzi.io/cluster", "events");
            assertThat(topic.getMetadata().getNamespace()).isEqualTo("kafka");
            assertThat(topic.getMetadata().getAnnotations()).containsEntry("helm.sh/resource-policy", "keep");
            assertThat(topic.getMetadata().getName()).startsWith(HelmChart.RELEASE + "-").matches("[a-z0-9.-]{1,63}");
            Map<String, Object> spec = spec(topic);
            assertThat(spec).containsEntry("partitions", 12).containsEntry("replicas", 3);
            assertThat(spec.get("config")).isEqualTo(Map.of("min.insync.replicas", "2", "retention.ms", "2592000000"));
        }
    }

    @Test
    void strimziTopicsFollowRenamedTopics() {
        Rendered rendered = HelmChart.template(HelmChart.set(
                "kafka.strimzi.enabled", true, "kafka.topics.feedback", "acme.feedback", "kafka.strimzi.partitions", 3));
        assertThat(rendered.ofKind("KafkaTopic")).extracting(topic -> spec(topic).get("topicName"))
                .contains("acme.feedback").doesNotContain(Topics.FEEDBACK);
        assertThat(rendered.ofKind("KafkaTopic")).allSatisfy(topic -> {
            assertThat(spec(topic)).containsEntry("partitions", 3);
            assertThat(topic.getMetadata().getNamespace()).isEqualTo(HelmChart.NAMESPACE);
        });
    }

    @Test
    void serviceMonitorScrapesTheFourServicesWhenEnabled() {
        assertThat(ValueSets.DEFAULTS.rendered().ofKind("ServiceMonitor")).isEmpty();
        Rendered rendered = ValueSets.PRODUCTION.rendered();
        HasMetadata monitor = rendered.ofKind("ServiceMonitor").stream().findFirst().orElseThrow();
        assertThat(monitor.getApiVersion()).isEqualTo("monitoring.coreos.com/v1");
        assertThat(monitor.getMetadata().getLabels()).containsEntry("release", "prometheus");
        Map<String, Object> spec = spec(monitor);
        @SuppressWarnings("unchecked")
        Map<String, String> selector = (Map<String, String>) ((Map<String, Object>) spec.get("selector")).get("matchLabels");
        assertThat(rendered.all(Service.class))
                .filteredOn(service -> service.getMetadata().getLabels().entrySet().containsAll(selector.entrySet()))
                .hasSize(4);
        assertThat(spec.get("endpoints")).isEqualTo(List.of(Map.of("port", "http", "path", "/q/metrics", "interval", "15s")));
    }

    @Test
    void servingScalesWithAnHpaThatOwnsItsReplicaCount() {
        Rendered rendered = ValueSets.DEFAULTS.rendered();
        HorizontalPodAutoscaler hpa = rendered.get(HorizontalPodAutoscaler.class, Rendered.name("serving"));
        assertThat(hpa.getSpec().getScaleTargetRef().getName()).isEqualTo(Rendered.name("serving"));
        assertThat(hpa.getSpec().getScaleTargetRef().getKind()).isEqualTo("Deployment");
        assertThat(hpa.getSpec().getMinReplicas()).isEqualTo(2);
        assertThat(hpa.getSpec().getMaxReplicas()).isEqualTo(6);
        assertThat(hpa.getSpec().getMetrics()).singleElement()
                .satisfies(metric -> assertThat(metric.getResource().getTarget().getAverageUtilization()).isEqualTo(70));
        // A replica count in the Deployment would fight the HPA on every upgrade.
        assertThat(rendered.deployment("serving").getSpec().getReplicas()).isNull();

        Rendered fixed = HelmChart.template(HelmChart.set("serving.autoscaling.enabled", false, "serving.replicas", 3));
        assertThat(fixed.all(HorizontalPodAutoscaler.class)).isEmpty();
        assertThat(fixed.deployment("serving").getSpec().getReplicas()).isEqualTo(3);
    }

    @Test
    void everyServiceHasAPodDisruptionBudgetSelectingItsPods() {
        Rendered rendered = ValueSets.DEFAULTS.rendered();
        for (String component : DeploymentsTest.COMPONENTS) {
            PodDisruptionBudget budget = rendered.get(PodDisruptionBudget.class, Rendered.name(component));
            Deployment deployment = rendered.deployment(component);
            assertThat(budget.getSpec().getSelector().getMatchLabels())
                    .isEqualTo(deployment.getSpec().getSelector().getMatchLabels());
            assertThat(budget.getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);
        }
        Rendered without = HelmChart.template(HelmChart.set("ingest.podDisruptionBudget.enabled", false));
        assertThat(without.find(PodDisruptionBudget.class, Rendered.name("ingest"))).isEmpty();
        assertThat(without.find(PodDisruptionBudget.class, Rendered.name("drift"))).isPresent();
    }

    @Test
    void registryClaimCanBeAnExistingOneOrAnEmptyDir() {
        Rendered existing = HelmChart.template(HelmChart.set("trainer.persistence.existingClaim", "models"));
        assertThat(existing.all(PersistentVolumeClaim.class)).isEmpty();
        assertThat(registryVolume(existing).getPersistentVolumeClaim().getClaimName()).isEqualTo("models");

        Rendered ephemeral = HelmChart.template(HelmChart.set("trainer.persistence.enabled", false));
        assertThat(ephemeral.all(PersistentVolumeClaim.class)).isEmpty();
        assertThat(registryVolume(ephemeral).getEmptyDir()).isNotNull();

        PersistentVolumeClaim claim = ValueSets.PRODUCTION.rendered().get(PersistentVolumeClaim.class, "specialist-trainer-registry");
        assertThat(claim.getSpec().getStorageClassName()).isEqualTo("fast-ssd");
        assertThat(claim.getSpec().getResources().getRequests().get("storage").toString()).isEqualTo("50Gi");
    }

    @Test
    void adminTokenSecretIsReferencedNotCreatedByDefault() {
        assertThat(ValueSets.DEFAULTS.rendered().all(Secret.class)).isEmpty();
        Rendered rendered = HelmChart.template(HelmChart.set("adminToken.existingSecret", "", "adminToken.value", "s3cret"));
        Secret secret = rendered.get(Secret.class, "specialist-admin-token");
        assertThat(new String(Base64.getDecoder().decode(secret.getData().get("token")), StandardCharsets.UTF_8))
                .isEqualTo("s3cret");
        assertThat(rendered.environment("serving")).containsEntry("SPECIALIST_ADMIN_TOKEN", "secret:specialist-admin-token/token");
    }

    private static Volume registryVolume(Rendered rendered) {
        return rendered.deployment("trainer").getSpec().getTemplate().getSpec().getVolumes().stream()
                .filter(volume -> volume.getName().equals("registry")).findFirst().orElseThrow();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> spec(HasMetadata object) {
        return (Map<String, Object>) ((GenericKubernetesResource) object).getAdditionalProperties().get("spec");
    }
}
