package io.specialist.helm;

import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads, overlays and writes Helm values files as plain maps. */
final class ValuesFiles {

    private ValuesFiles() {
    }

    static Map<String, Object> read(Path file) {
        try (Reader reader = Files.newBufferedReader(file)) {
            Map<String, Object> values = new Yaml().load(reader);
            return values == null ? new LinkedHashMap<>() : values;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void write(Path file, Map<String, Object> values) {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        try (Writer writer = Files.newBufferedWriter(file)) {
            new Yaml(options).dump(values, writer);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Helm's coalescing of a values file over the defaults: maps merge key by key, other values replace. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> overlay(Map<String, Object> base, Map<String, Object> overlay) {
        Map<String, Object> result = new LinkedHashMap<>(base);
        overlay.forEach((key, value) -> {
            Object current = result.get(key);
            if (current instanceof Map<?, ?> currentMap && value instanceof Map<?, ?> valueMap) {
                result.put(key, overlay((Map<String, Object>) currentMap, (Map<String, Object>) valueMap));
            } else {
                result.put(key, value);
            }
        });
        return result;
    }
}
