package io.specialist.serving.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.specialist.serving.service.ArtifactRejectedException.Stage;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ModelLoadExecutorTest {

    @Test
    void loadsRunOnALowerPriorityThread() throws Exception {
        assumeTrue(ModelLoadExecutor.currentNice().isPresent(), "needs Linux /proc");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/renice")) || Files.isExecutable(Path.of("/bin/renice")), "needs renice");
        int callerNice = ModelLoadExecutor.currentNice().getAsInt();
        assumeTrue(callerNice < 19, "already at the lowest priority");
        ModelLoadExecutor executor = new ModelLoadExecutor(5);
        assertThat(executor.run(() -> ModelLoadExecutor.currentNice().getAsInt())).isEqualTo(Math.min(19, callerNice + 5));
        assertThat(executor.run(() -> Thread.currentThread().getName())).isEqualTo("model-loader");
        assertThat(ModelLoadExecutor.currentNice().getAsInt()).as("the caller keeps its priority").isEqualTo(callerNice);
    }

    @Test
    void refusalsAndFailuresReachTheCaller() {
        ModelLoadExecutor executor = new ModelLoadExecutor(0);
        assertThatThrownBy(() -> executor.run(() -> {
            throw new ArtifactRejectedException(Stage.LOAD, "bad bytes");
        })).isInstanceOfSatisfying(ArtifactRejectedException.class, e -> assertThat(e.stage()).isEqualTo(Stage.LOAD));
        assertThatThrownBy(() -> executor.run(() -> {
            throw new IllegalStateException("boom");
        })).isInstanceOf(IllegalStateException.class).hasMessage("boom");
    }
}
