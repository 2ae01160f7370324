package io.specialist.helm;

import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The trainer gets Kubernetes API access only when it runs training as Jobs, and only what that needs. */
class TrainerRbacTest {

    @Test
    void inProcessRunnerHasNoServiceAccountRoleOrBinding() {
        Rendered rendered = ValueSets.DEFAULTS.rendered();
        assertThat(rendered.all(ServiceAccount.class)).isEmpty();
        assertThat(rendered.all(Role.class)).isEmpty();
        assertThat(rendered.all(RoleBinding.class)).isEmpty();
        assertThat(rendered.ofKind("ClusterRole")).isEmpty();
        assertThat(rendered.ofKind("ClusterRoleBinding")).isEmpty();
        PodSpec pod = rendered.deployment("trainer").getSpec().getTemplate().getSpec();
        assertThat(pod.getServiceAccountName()).isNull();
        assertThat(pod.getAutomountServiceAccountToken()).isFalse();
    }

    @Test
    void kubernetesRunnerGetsANamespacedRoleForJobsAndTheirPods() {
        for (ValueSets values : List.of(ValueSets.KUBERNETES_RUNNER, ValueSets.PRODUCTION)) {
            Rendered rendered = values.rendered();
            String name = Rendered.name("trainer");
            ServiceAccount account = rendered.get(ServiceAccount.class, name);
            Role role = rendered.get(Role.class, name);
            RoleBinding binding = rendered.get(RoleBinding.class, name);

            assertThat(role.getRules()).extracting(TrainerRbacTest::describe).containsExactlyInAnyOrder(
                    "batch/jobs: create,delete,get,list,watch",
                    "/pods: get,list,watch",
                    "/pods/log: get",
                    "apps/deployments[specialist-trainer]: get");
            assertThat(binding.getRoleRef().getKind()).isEqualTo("Role");
            assertThat(binding.getRoleRef().getName()).isEqualTo(role.getMetadata().getName());
            assertThat(binding.getSubjects()).singleElement().satisfies(subject -> {
                assertThat(subject.getKind()).isEqualTo("ServiceAccount");
                assertThat(subject.getName()).isEqualTo(account.getMetadata().getName());
                assertThat(subject.getNamespace()).isEqualTo(HelmChart.NAMESPACE);
            });
            assertThat(rendered.ofKind("ClusterRole")).as("no cluster-wide rights").isEmpty();

            PodSpec trainer = rendered.deployment("trainer").getSpec().getTemplate().getSpec();
            assertThat(trainer.getServiceAccountName()).isEqualTo(account.getMetadata().getName());
            assertThat(trainer.getAutomountServiceAccountToken()).isTrue();
            for (String other : List.of("serving", "ingest", "drift")) {
                assertThat(rendered.deployment(other).getSpec().getTemplate().getSpec().getServiceAccountName())
                        .as("%s must not run as the trainer", other).isNotEqualTo(account.getMetadata().getName());
            }
        }
    }

    @Test
    void everyRbacRuleSaysWhyItIsNeeded() throws Exception {
        String role = Files.readString(HelmChart.directory().resolve("templates/020-Role-trainer.yaml"));
        List<String> lines = role.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).trim().startsWith("- apiGroups:")) {
                assertThat(lines.get(i - 1).trim()).as("comment above rule at line %d of the Role", i + 1).startsWith("#");
            }
        }
        assertThat(lines).filteredOn(line -> line.trim().startsWith("- apiGroups:")).hasSize(4);
    }

    private static String describe(PolicyRule rule) {
        String names = rule.getResourceNames() == null || rule.getResourceNames().isEmpty() ? ""
                : "[" + String.join(",", rule.getResourceNames()) + "]";
        return String.join(",", rule.getApiGroups()) + "/" + String.join(",", rule.getResources()) + names + ": "
                + String.join(",", rule.getVerbs().stream().sorted().toList());
    }
}
