package io.specialist.model.ort;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The process-wide ONNX Runtime environment, set up once with two clean-ups the Java binding does not do.
 *
 * <ul>
 *   <li><b>Native library copies.</b> The binding extracts {@code libonnxruntime.so} and its JNI library
 *   to {@code $TMPDIR/onnxruntime-java<random>/} and only marks them delete-on-exit, in an order that
 *   leaves the directory behind (and everything behind after a crash). Once the libraries are mapped
 *   into the process they can be unlinked on Linux, so this class deletes this process's copies right
 *   after loading, found through {@code /proc/self/maps} (never another process's).</li>
 *   <li><b>Telemetry.</b> ONNX Runtime 1.29 on Linux starts a telemetry uploader when the environment is
 *   created (it writes {@code $TMPDIR/mat-debug-<pid>.log} and a cache under
 *   {@code ~/.cache/Microsoft/DeveloperTools/.onnxruntime}). This class turns event sending off
 *   right after creation and removes this process's {@code mat-debug} log. Only the environment variable
 *   {@code ORT_DISABLE_TELEMETRY=1}, set before the JVM starts, stops it entirely (no uploader, no
 *   files); every process that loads a model (services, tests, benchmarks) should set it.</li>
 * </ul>
 */
public final class OrtRuntime {

    private static final Logger LOG = Logger.getLogger(OrtRuntime.class.getName());
    private static OrtEnvironment environment;

    private OrtRuntime() {
    }

    /** The shared environment (created on first use). */
    public static synchronized OrtEnvironment environment() {
        if (environment == null) {
            OrtEnvironment env = OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_WARNING, "specialist");
            try {
                env.setTelemetry(false);
            } catch (OrtException e) {
                LOG.log(Level.FINE, "could not switch ONNX Runtime telemetry off", e);
            }
            removeNativeLeftovers();
            environment = env;
        }
        return environment;
    }

    /**
     * Deletes this process's extracted ONNX Runtime libraries and its telemetry debug log.
     *
     * @return the paths deleted
     */
    static List<Path> removeNativeLeftovers() {
        Set<Path> deleted = new LinkedHashSet<>();
        Path tmp = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath().normalize();
        Set<Path> dirs = new LinkedHashSet<>();
        for (Path lib : mappedFiles()) {
            Path dir = lib.getParent();
            if (dir != null && dir.getFileName().toString().startsWith("onnxruntime-java")
                    && tmp.equals(dir.getParent())) {
                dirs.add(dir);
            }
        }
        for (Path dir : dirs) {
            try (var files = Files.list(dir)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    if (Files.deleteIfExists(f)) {
                        deleted.add(f);
                    }
                }
                if (Files.deleteIfExists(dir)) {
                    deleted.add(dir);
                }
            } catch (IOException e) {
                LOG.log(Level.FINE, "could not remove " + dir, e);
            }
        }
        Path matLog = tmp.resolve("mat-debug-" + ProcessHandle.current().pid() + ".log");
        try {
            if (Files.deleteIfExists(matLog)) {
                deleted.add(matLog);
            }
        } catch (IOException e) {
            LOG.log(Level.FINE, "could not remove " + matLog, e);
        }
        return List.copyOf(deleted);
    }

    /** Files mapped into this process, from /proc/self/maps (empty where that does not exist). */
    private static Set<Path> mappedFiles() {
        Set<Path> files = new LinkedHashSet<>();
        Path maps = Path.of("/proc/self/maps");
        if (!Files.isReadable(maps)) {
            return files;
        }
        try {
            for (String line : Files.readAllLines(maps)) {
                int slash = line.indexOf('/');
                if (slash >= 0 && line.contains("onnxruntime") && !line.endsWith("(deleted)")) {
                    files.add(Path.of(line.substring(slash)));
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.FINE, "could not read " + maps, e);
        }
        return files;
    }
}
