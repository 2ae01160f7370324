package io.specialist.helm;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The chart under test (helm/specialist) run through native Helm 3 from helm-java: lint and template,
 * the way {@code helm lint} and {@code helm template} do on a user's machine.
 */
final class HelmChart {

    static final String RELEASE = "specialist";
    static final String NAMESPACE = "specialist";
    /** The Kubernetes version templates render for (helm template defaults to an old one). */
    static final String KUBE_VERSION = "1.31.0";

    private HelmChart() {
    }

    /** The chart directory (set by surefire; falls back to the module layout when run from an IDE). */
    static Path directory() {
        return Paths.get(System.getProperty("specialist.chart.dir", "specialist")).toAbsolutePath().normalize();
    }

    /** The repository root, where the services' sources live. */
    static Path repository() {
        return Paths.get(System.getProperty("specialist.repo.dir", "..")).toAbsolutePath().normalize();
    }

    /** A values file shipped with the chart module (helm/examples/...). */
    static Path example(String name) {
        Path file = directory().resolveSibling("examples").resolve(name);
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("Missing example values file " + file);
        }
        return file;
    }

    /** {@code helm template} with the given values files (applied in order) and {@code --set} values. */
    static Rendered template(Map<String, Object> set, Path... valuesFiles) {
        TemplateCommand command = new Helm(directory()).template()
                .withName(RELEASE)
                .withNamespace(NAMESPACE)
                .withKubeVersion(KUBE_VERSION);
        for (Path file : valuesFiles) {
            command = command.withValuesFile(file);
        }
        for (Map.Entry<String, Object> entry : set.entrySet()) {
            command = command.set(entry.getKey(), entry.getValue());
        }
        return Rendered.parse(command.call());
    }

    static Rendered template(Path... valuesFiles) {
        return template(Map.of(), valuesFiles);
    }

    /** {@code helm lint --strict} of the chart as it is. */
    static LintResult lint() {
        return new Helm(directory()).lint().strict().call();
    }

    /**
     * {@code helm lint --strict} with a values file. helm-java's lint takes no values, so this lints a
     * copy of the chart whose values.yaml is the chart's defaults overlaid with the file (Helm's own
     * rule: maps merge key by key, anything else is replaced).
     */
    static LintResult lint(Path valuesFile) {
        Path copy = copyOfChart();
        try {
            Map<String, Object> merged = ValuesFiles.overlay(
                    ValuesFiles.read(directory().resolve("values.yaml")), ValuesFiles.read(valuesFile));
            ValuesFiles.write(copy.resolve("values.yaml"), merged);
            return new Helm(copy).lint().strict().call();
        } finally {
            delete(copy.getParent());
        }
    }

    private static Path copyOfChart() {
        try {
            Path parent = Files.createTempDirectory("specialist-chart");
            Path target = parent.resolve("specialist");
            try (Stream<Path> files = Files.walk(directory())) {
                for (Path source : (Iterable<Path>) files::iterator) {
                    Path destination = target.resolve(directory().relativize(source).toString());
                    if (Files.isDirectory(source)) {
                        Files.createDirectories(destination);
                    } else {
                        Files.copy(source, destination);
                    }
                }
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path directory) {
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Builds {@code --set} maps in call order. */
    static Map<String, Object> set(Object... keysAndValues) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            values.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return values;
    }
}
