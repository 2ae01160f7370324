package io.specialist.helm;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** values.schema.json turns a wrong value into an error naming the key, before anything is rendered. */
class ValuesSchemaTest {

    @TempDir
    Path directory;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            string for an integer          | serving: {replicas: "two"}                               | /serving/replicas
            quoted number for an integer   | kafka: {strimzi: {partitions: "6"}}                      | /kafka/strimzi/partitions
            zero partitions                | kafka: {strimzi: {partitions: 0}}                        | /kafka/strimzi/partitions
            string for a boolean           | trainer: {persistence: {enabled: "yes"}}                 | /trainer/persistence/enabled
            unknown runner                 | trainer: {runner: docker}                                | /trainer/runner
            misspelt top-level key         | servng: {replicas: 2}                                    | servng
            misspelt nested key            | ingest: {replica: 2}                                     | replica
            port out of range              | postgresql: {port: 70000}                                | /postgresql/port
            not a quantity                 | drift: {resources: {limits: {memory: lots}}}             | /drift/resources/limits/memory
            limits removed                 | drift: {resources: {limits: null}}                       | /drift/resources
            empty bootstrap servers        | kafka: {bootstrapServers: ""}                            | /kafka/bootstrapServers
            bootstrap servers without port | kafka: {bootstrapServers: "kafka"}                       | /kafka/bootstrapServers
            invalid topic name             | kafka: {topics: {feedback: "spaces are not allowed"}}    | /kafka/topics/feedback
            root allowed                   | podSecurityContext: {runAsNonRoot: false}                | /podSecurityContext/runAsNonRoot
            object as a config value       | serving: {config: {specialist.serving.x: {a: 1}}}        | /serving/config
            unknown log level              | logLevel: LOUD                                           | /logLevel
            string for a number in HPA     | serving: {autoscaling: {maxReplicas: "6"}}               | /serving/autoscaling/maxReplicas
            no database secret             | postgresql: {auth: {existingSecret: ""}}                 | /postgresql/auth/existingSecret
            """)
    void rejectsWrongValues(String what, String yaml, String path) throws IOException {
        Path values = Files.writeString(directory.resolve("bad.yaml"), yaml + "\n");
        assertThatThrownBy(() -> HelmChart.template(values))
                .as(what)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("schema")
                .hasMessageContaining(path);
    }

    @Test
    void lintFailsOnAWrongTypeToo() throws IOException {
        Path values = Files.writeString(directory.resolve("lint.yaml"), "kafka: {strimzi: {replicas: \"three\"}}\n");
        var result = HelmChart.lint(values);
        assertThat(result.isFailed()).isTrue();
        assertThat(String.join("\n", result.getMessages())).contains("/kafka/strimzi/replicas");
    }

    @Test
    void rejectsAStringNumberPassedWithSetToo() {
        assertThatThrownBy(() -> HelmChart.template(HelmChart.set("serving.autoscaling.minReplicas", "two")))
                .hasMessageContaining("/serving/autoscaling/minReplicas");
    }

    @Test
    void adminTokenNeedsASecretOrAValue() throws IOException {
        Path values = Files.writeString(directory.resolve("token.yaml"), "adminToken: {existingSecret: \"\"}\n");
        assertThatThrownBy(() -> HelmChart.template(values))
                .hasMessageContaining("set adminToken.existingSecret");
    }

    @Test
    void acceptsTheShippedExamples() {
        assertThat(HelmChart.template(HelmChart.example("values-production.yaml")).objects()).isNotEmpty();
        assertThat(HelmChart.template().objects()).isNotEmpty();
    }
}
