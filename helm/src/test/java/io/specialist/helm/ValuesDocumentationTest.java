package io.specialist.helm;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * values.yaml documents every key, and helm/README.md's values table is generated from it. After
 * changing values.yaml, regenerate the table with
 * {@code mvn -o -f helm/pom.xml test -Dtest=ValuesDocumentationTest -Dspecialist.readme.update=true}.
 */
class ValuesDocumentationTest {

    static final String START = "<!-- values-table:start (generated from specialist/values.yaml by ValuesDocumentationTest) -->";
    static final String END = "<!-- values-table:end -->";

    @Test
    void everyKeyOfValuesYamlHasACommentAboveIt() {
        ValuesDoc doc = ValuesDoc.read(HelmChart.directory().resolve("values.yaml"));
        assertThat(doc.entries()).hasSizeGreaterThan(100);
        assertThat(doc.entries()).filteredOn(entry -> entry.description().isBlank())
                .as("keys of values.yaml without a comment directly above them")
                .extracting(entry -> entry.path() + " (line " + entry.line() + ")")
                .isEmpty();
    }

    @Test
    void readmeValuesTableIsGeneratedFromValuesYaml() throws IOException {
        Path readme = HelmChart.directory().resolveSibling("README.md");
        String text = Files.readString(readme);
        int start = text.indexOf(START);
        int end = text.indexOf(END);
        assertThat(start).as("%s has the marker %s", readme, START).isNotNegative();
        assertThat(end).as("%s has the marker %s", readme, END).isGreaterThan(start);
        String expected = ValuesDoc.read(HelmChart.directory().resolve("values.yaml")).markdownTable();
        String actual = text.substring(start + START.length(), end).strip() + "\n";
        if (!actual.equals(expected) && Boolean.getBoolean("specialist.readme.update")) {
            Files.writeString(readme, text.substring(0, start + START.length()) + "\n" + expected + text.substring(end));
            return;
        }
        assertThat(actual)
                .as("helm/README.md values table differs from values.yaml; regenerate it with"
                        + " mvn -o -f helm/pom.xml test -Dtest=ValuesDocumentationTest -Dspecialist.readme.update=true")
                .isEqualTo(expected);
    }
}
