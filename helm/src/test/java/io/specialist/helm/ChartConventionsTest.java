package io.specialist.helm;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Template layout as in the Strimzi chart: NNN-Kind-name.yaml in apply order, labels from one helper. */
class ChartConventionsTest {

    private static final Pattern TEMPLATE = Pattern.compile("^(\\d{3})-([A-Za-z]+)-([a-z0-9-]+)\\.yaml$");

    /** The order objects must be applied in: identities and RBAC, config, storage, topics, workloads, then what watches them. */
    private static final List<String> APPLY_ORDER = List.of(
            "ServiceAccount", "Role", "RoleBinding", "Secret", "ConfigMap", "PersistentVolumeClaim", "KafkaTopic",
            "Service", "Deployment", "HorizontalPodAutoscaler", "PodDisruptionBudget", "ServiceMonitor");

    @Test
    void templatesAreNamedNumberKindNameInApplyOrder() throws IOException {
        Map<String, Integer> numberByKind = new TreeMap<>();
        for (Path template : templates()) {
            String file = template.getFileName().toString();
            Matcher name = TEMPLATE.matcher(file);
            assertThat(name.matches()).as("template %s is named NNN-Kind-name.yaml", file).isTrue();
            int number = Integer.parseInt(name.group(1));
            String kind = name.group(2);
            assertThat(APPLY_ORDER).as("kind of %s", file).contains(kind);
            Integer previous = numberByKind.put(kind, number);
            assertThat(previous == null || previous == number).as("all %s templates share one number", kind).isTrue();
        }
        for (int i = 1; i < APPLY_ORDER.size(); i++) {
            Integer before = numberByKind.get(APPLY_ORDER.get(i - 1));
            Integer after = numberByKind.get(APPLY_ORDER.get(i));
            if (before != null && after != null) {
                assertThat(after).as("%s is applied after %s", APPLY_ORDER.get(i), APPLY_ORDER.get(i - 1))
                        .isGreaterThanOrEqualTo(before);
            }
        }
        // A role and its binding share a number.
        assertThat(numberByKind.get("RoleBinding")).isEqualTo(numberByKind.get("Role"));
    }

    @Test
    void eachTemplateRendersOnlyTheKindInItsName() {
        // Everything optional switched on, so every template renders something.
        Rendered rendered = HelmChart.template(
                HelmChart.set("trainer.runner", "kubernetes", "adminToken.existingSecret", "", "adminToken.value", "t"),
                HelmChart.example("values-production.yaml"));
        for (Rendered.Manifest manifest : rendered.manifests()) {
            Matcher name = TEMPLATE.matcher(manifest.template());
            assertThat(name.matches()).as("source of %s", manifest.object().getMetadata().getName()).isTrue();
            assertThat(manifest.object().getKind()).as("objects of %s", manifest.template()).isEqualTo(name.group(2));
        }
        assertThat(rendered.manifests()).extracting(Rendered.Manifest::template).containsAll(
                templates().stream().map(path -> path.getFileName().toString()).toList());
    }

    @Test
    void labelsComeFromTheHelperOnly() throws IOException {
        for (Path template : templates()) {
            assertThat(Files.readString(template)).as("%s writes app.kubernetes.io labels by hand", template.getFileName())
                    .doesNotContain("app.kubernetes.io/");
        }
    }

    private static List<Path> templates() {
        try (Stream<Path> files = Files.list(HelmChart.directory().resolve("templates"))) {
            return files.filter(path -> path.getFileName().toString().endsWith(".yaml")).sorted().toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
