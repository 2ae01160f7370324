package io.specialist.helm;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What every service Deployment must have, whatever values it is installed with. */
class DeploymentsTest {

    static final List<String> COMPONENTS = List.of("serving", "ingest", "drift", "trainer");
    static final Map<String, Integer> PORTS = Map.of("serving", 8080, "ingest", 8081, "drift", 8082, "trainer", 8083);

    @ParameterizedTest
    @EnumSource(ValueSets.class)
    void rendersOneDeploymentAndServicePerService(ValueSets values) {
        Rendered rendered = values.rendered();
        assertThat(rendered.all(Deployment.class)).extracting(d -> d.getMetadata().getName())
                .containsExactlyInAnyOrderElementsOf(COMPONENTS.stream().map(Rendered::name).toList());
        for (String component : COMPONENTS) {
            Deployment deployment = rendered.deployment(component);
            Service service = rendered.get(Service.class, Rendered.name(component));
            Container container = rendered.container(component);
            int port = PORTS.get(component);
            assertThat(container.getPorts()).singleElement().satisfies(p -> {
                assertThat(p.getName()).isEqualTo("http");
                assertThat(p.getContainerPort()).isEqualTo(port);
            });
            assertThat(service.getSpec().getPorts()).singleElement().satisfies(p -> {
                assertThat(p.getPort()).isEqualTo(port);
                assertThat(p.getTargetPort().getStrVal()).isEqualTo("http");
            });
            assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels())
                    .as("pod labels of %s contain the Service selector", component)
                    .containsAllEntriesOf(service.getSpec().getSelector())
                    .containsAllEntriesOf(deployment.getSpec().getSelector().getMatchLabels());
            assertThat(service.getSpec().getSelector()).containsEntry("app.kubernetes.io/component", component);
        }
    }

    @ParameterizedTest
    @EnumSource(ValueSets.class)
    void everyDeploymentHasHealthProbesOnQuarkusHealthEndpoints(ValueSets values) {
        for (String component : COMPONENTS) {
            Container container = values.rendered().container(component);
            assertProbe(component, "liveness", container.getLivenessProbe(), "/q/health/live");
            assertProbe(component, "readiness", container.getReadinessProbe(), "/q/health/ready");
            assertProbe(component, "startup", container.getStartupProbe(), "/q/health/live");
        }
    }

    private static void assertProbe(String component, String kind, Probe probe, String path) {
        assertThat(probe).as("%s probe of %s", kind, component).isNotNull();
        assertThat(probe.getHttpGet().getPath()).as("%s probe path of %s", kind, component).isEqualTo(path);
        assertThat(probe.getHttpGet().getPort().getStrVal()).isEqualTo("http");
        assertThat(probe.getPeriodSeconds()).isPositive();
        assertThat(probe.getFailureThreshold()).isPositive();
    }

    @ParameterizedTest
    @EnumSource(ValueSets.class)
    void everyDeploymentHasResourceRequestsAndLimits(ValueSets values) {
        for (String component : COMPONENTS) {
            Container container = values.rendered().container(component);
            assertThat(container.getResources().getLimits()).as("limits of %s", component).containsKeys("cpu", "memory");
            assertThat(container.getResources().getRequests()).as("requests of %s", component).containsKeys("cpu", "memory");
        }
    }

    @ParameterizedTest
    @EnumSource(ValueSets.class)
    void ingestGetsTimeToMarkWhatItsOutboxRelaySentBeforeItIsKilled(ValueSets values) {
        // A graceful stop waits for the relay's round: send timeout (30 s) + the round's transaction (30 s) + margin.
        PodSpec pod = values.rendered().deployment("ingest").getSpec().getTemplate().getSpec();
        assertThat(pod.getTerminationGracePeriodSeconds()).isGreaterThanOrEqualTo(65L);
    }

    @ParameterizedTest
    @EnumSource(ValueSets.class)
    void everyDeploymentRunsNonRootOnAReadOnlyRootWithAWritableTmp(ValueSets values) {
        for (String component : COMPONENTS) {
            PodSpec pod = values.rendered().deployment(component).getSpec().getTemplate().getSpec();
            PodSecurityContext podSecurity = pod.getSecurityContext();
            assertThat(podSecurity.getRunAsNonRoot()).as("pod runAsNonRoot of %s", component).isTrue();
            assertThat(podSecurity.getRunAsUser()).as("pod user of %s", component).isNotNull().isNotZero();
            Container container = pod.getContainers().get(0);
            SecurityContext security = container.getSecurityContext();
            assertThat(security.getRunAsNonRoot()).isTrue();
            assertThat(security.getAllowPrivilegeEscalation()).isFalse();
            assertThat(security.getReadOnlyRootFilesystem()).isTrue();
            assertThat(security.getCapabilities().getDrop()).containsExactly("ALL");
            // ONNX Runtime extracts its native library to java.io.tmpdir: /tmp must be writable.
            VolumeMount tmp = container.getVolumeMounts().stream()
                    .filter(mount -> mount.getMountPath().equals("/tmp")).findFirst()
                    .orElseThrow(() -> new AssertionError(component + " mounts nothing at /tmp"));
            Volume volume = pod.getVolumes().stream().filter(v -> v.getName().equals(tmp.getName())).findFirst().orElseThrow();
            assertThat(volume.getEmptyDir()).as("/tmp volume of %s", component).isNotNull();
            assertThat(tmp.getReadOnly()).isNotEqualTo(Boolean.TRUE);
        }
    }

    @ParameterizedTest
    @EnumSource(ValueSets.class)
    void everyObjectCarriesTheStandardLabels(ValueSets values) {
        for (HasMetadata object : values.rendered().objects()) {
            assertThat(object.getMetadata().getLabels())
                    .as("labels of %s %s", object.getKind(), object.getMetadata().getName())
                    .containsEntry("app.kubernetes.io/name", "specialist")
                    .containsEntry("app.kubernetes.io/instance", HelmChart.RELEASE)
                    .containsEntry("app.kubernetes.io/managed-by", "Helm")
                    .containsEntry("app.kubernetes.io/part-of", "specialist")
                    .containsKeys("app.kubernetes.io/version", "helm.sh/chart");
            if (!object.getKind().equals("KafkaTopic")) {
                // KafkaTopics go where the topic operator watches (kafka.strimzi.namespace).
                assertThat(object.getMetadata().getNamespace()).isEqualTo(HelmChart.NAMESPACE);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(ValueSets.class)
    void trainerRunsOneReplicaWithItsRegistryOnAClaim(ValueSets values) {
        Rendered rendered = values.rendered();
        Deployment trainer = rendered.deployment("trainer");
        assertThat(trainer.getSpec().getReplicas()).isEqualTo(1);
        // Two trainer pods would share a ReadWriteOnce volume during a rolling update.
        assertThat(trainer.getSpec().getStrategy().getType()).isEqualTo("Recreate");
        PodSpec pod = trainer.getSpec().getTemplate().getSpec();
        Volume registry = pod.getVolumes().stream().filter(v -> v.getName().equals("registry")).findFirst().orElseThrow();
        PersistentVolumeClaim claim = rendered.get(PersistentVolumeClaim.class, registry.getPersistentVolumeClaim().getClaimName());
        assertThat(claim.getMetadata().getAnnotations()).containsEntry("helm.sh/resource-policy", "keep");
        assertThat(pod.getContainers().get(0).getVolumeMounts())
                .anySatisfy(mount -> {
                    assertThat(mount.getName()).isEqualTo("registry");
                    assertThat(mount.getMountPath()).isEqualTo("/var/lib/specialist/registry");
                });
    }

    @ParameterizedTest
    @EnumSource(ValueSets.class)
    void servicesOtherThanTheKubernetesTrainerGetNoApiToken(ValueSets values) {
        for (String component : List.of("serving", "ingest", "drift")) {
            PodSpec pod = values.rendered().deployment(component).getSpec().getTemplate().getSpec();
            assertThat(pod.getAutomountServiceAccountToken()).as("token of %s", component).isFalse();
        }
    }

    @Test
    void productionValuesPickTheRegistryTagAndPullSecrets() {
        Rendered rendered = ValueSets.PRODUCTION.rendered();
        assertThat(rendered.container("serving").getImage())
                .isEqualTo("registry.example.com/ml/specialist/serving-service:0.1.0");
        assertThat(rendered.container("trainer").getImage())
                .isEqualTo("registry.example.com/ml/specialist/trainer-service:0.1.0");
        for (String component : COMPONENTS) {
            PodSpec pod = rendered.deployment(component).getSpec().getTemplate().getSpec();
            assertThat(pod.getImagePullSecrets()).extracting(s -> s.getName()).containsExactly("registry-credentials");
            assertThat(pod.getVolumes()).anySatisfy(v -> assertThat(v.getName()).isEqualTo("kafka-ca"));
            assertThat(pod.getContainers().get(0).getVolumeMounts())
                    .anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/etc/kafka-ca"));
        }
        assertThat(rendered.deployment("trainer").getSpec().getTemplate().getSpec().getNodeSelector())
                .containsEntry("workload", "training");
    }

    @Test
    void defaultImagesUseTheChartAppVersion() {
        assertThat(ValueSets.DEFAULTS.rendered().container("drift").getImage())
                .isEqualTo("specialist/drift-service:0.1.0-SNAPSHOT");
    }
}
