package io.specialist.serving.service;

import io.quarkus.runtime.ShutdownEvent;
import io.specialist.serving.config.ServingConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Runs model downloads, session creation and warm-ups on one dedicated thread with a lower CPU
 * priority (a higher nice value). A swap costs a few hundred milliseconds of CPU; at normal priority it
 * takes that from the requests being served, on a small machine visibly so in their tail latency. Niced,
 * it uses the CPU requests leave idle and merely takes longer when the server is saturated. One thread
 * also means one load at a time, so several domains publishing together do not pile up.
 *
 * <p>Linux only (a thread's nice value is set with {@code renice} on its thread id); elsewhere, or
 * with {@code loader-nice=0}, the thread runs at normal priority.
 */
@ApplicationScoped
public class ModelLoadExecutor {

    private static final Logger LOG = Logger.getLogger(ModelLoadExecutor.class);
    private static final int MAX_NICE = 19;

    private final ExecutorService executor;

    @Inject
    public ModelLoadExecutor(ServingConfig config) {
        this(config.serving().loaderNice());
    }

    /** @param nice added to the process's nice value for the loader thread (0 = same priority) */
    public ModelLoadExecutor(int nice) {
        this.executor = Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(() -> {
                if (nice > 0) {
                    lowerPriority(nice);
                }
                task.run();
            }, "model-loader");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Something to run on the loader thread that may refuse the model. */
    @FunctionalInterface
    public interface Load<T> {
        T call() throws ArtifactRejectedException;
    }

    /**
     * Runs {@code load} on the loader thread and waits for it.
     *
     * @throws ArtifactRejectedException as thrown by {@code load}
     */
    public <T> T run(Load<T> load) throws ArtifactRejectedException {
        Future<T> result = executor.submit((Callable<T>) load::call);
        try {
            return result.get();
        } catch (InterruptedException e) {
            result.cancel(true);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while loading a model", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof ArtifactRejectedException rejected) {
                throw rejected;
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(cause);
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        executor.shutdownNow();
    }

    /** The nice value of the calling thread (Linux), or empty where it cannot be read. */
    public static java.util.OptionalInt currentNice() {
        try {
            String stat = Files.readString(Path.of("/proc/thread-self/stat"));
            // Fields after the command name (which may hold spaces) start after the last ')'; nice is field 19.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
            return java.util.OptionalInt.of(Integer.parseInt(fields[19 - 3]));
        } catch (IOException | RuntimeException e) {
            return java.util.OptionalInt.empty();
        }
    }

    /** Adds {@code increment} to this thread's nice value (relative: the JVM may already run niced). */
    private static void lowerPriority(int increment) {
        try {
            // "/proc/thread-self" links to "<pid>/task/<tid>": the kernel id of this very thread.
            String tid = Files.readSymbolicLink(Path.of("/proc/thread-self")).getFileName().toString();
            int target = Math.min(MAX_NICE, currentNice().orElse(0) + increment);
            Process renice = new ProcessBuilder("renice", "-n", Integer.toString(target), "-p", tid)
                    .redirectErrorStream(true).start();
            String output = new String(renice.getInputStream().readAllBytes());
            if (!renice.waitFor(10, TimeUnit.SECONDS) || renice.exitValue() != 0) {
                LOG.warnf("could not lower the model loader's priority (renice: %s); loads run at normal priority",
                        output.strip());
            }
        } catch (IOException | UnsupportedOperationException e) {
            LOG.infof("model loads run at normal priority (%s)", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
