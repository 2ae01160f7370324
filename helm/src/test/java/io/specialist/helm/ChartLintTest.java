package io.specialist.helm;

import com.marcnuri.helm.LintResult;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code helm lint --strict}: chart metadata, templates, values against the schema. */
class ChartLintTest {

    @Test
    void lintsCleanWithDefaultValues() {
        assertClean(HelmChart.lint());
    }

    @Test
    void lintsCleanWithProductionValues() {
        assertClean(HelmChart.lint(HelmChart.example("values-production.yaml")));
    }

    private static void assertClean(LintResult result) {
        assertThat(result.isFailed()).as("lint failed: %s", result.getMessages()).isFalse();
        // Strict lint turns warnings into failures; keep only the icon recommendation (INFO) out of the way.
        assertThat(result.getMessages())
                .as("lint messages")
                .allSatisfy(message -> assertThat(message).startsWith("[INFO]"));
    }
}
