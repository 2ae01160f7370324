package io.specialist.helm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The documentation of values.yaml: the comment lines directly above each key. Renders the README's
 * values table, so the table is generated from values.yaml and cannot drift from it.
 *
 * @param entries every key in file order, leaves and sections
 */
record ValuesDoc(List<Entry> entries) {

    /**
     * One key of values.yaml.
     *
     * @param path        the key's path as {@code --set} takes it (dots inside a key escaped)
     * @param line        1-based line number
     * @param description the comment above the key, lines joined; empty when there is none
     * @param value       the default value as parsed
     * @param leaf        false for a non-empty map (a section)
     */
    record Entry(String path, int line, String description, Object value, boolean leaf) {
    }

    private static final Pattern KEY = Pattern.compile("^(\\s*)([^\\s#\"'-][^:]*?|\"[^\"]*\"):(?:\\s|$)");
    private static final Pattern COMMENT = Pattern.compile("^\\s*#\\s?(.*)$");

    static ValuesDoc read(Path valuesFile) {
        List<String> lines;
        try {
            lines = Files.readAllLines(valuesFile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, Object> values = ValuesFiles.read(valuesFile);
        List<Entry> entries = new ArrayList<>();
        Deque<int[]> indents = new ArrayDeque<>();
        Deque<String> keys = new ArrayDeque<>();
        List<String> comment = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            Matcher commentLine = COMMENT.matcher(line);
            if (line.isBlank()) {
                comment.clear();
                continue;
            }
            if (commentLine.matches()) {
                comment.add(commentLine.group(1).trim());
                continue;
            }
            Matcher key = KEY.matcher(line);
            if (!key.find()) {
                comment.clear();
                continue;
            }
            int indent = key.group(1).length();
            while (!indents.isEmpty() && indents.peek()[0] >= indent) {
                indents.pop();
                keys.pop();
            }
            String name = key.group(2).replace("\"", "");
            indents.push(new int[]{indent});
            keys.push(name);
            List<String> path = new ArrayList<>(keys);
            java.util.Collections.reverse(path);
            Object value = lookup(values, path);
            boolean leaf = !(value instanceof Map<?, ?> map) || map.isEmpty();
            entries.add(new Entry(setPath(path), i + 1, String.join(" ", comment), value, leaf));
            comment.clear();
        }
        return new ValuesDoc(List.copyOf(entries));
    }

    private static Object lookup(Map<String, Object> values, List<String> path) {
        Object current = values;
        for (String key : path) {
            if (!(current instanceof Map<?, ?> map) || !map.containsKey(key)) {
                throw new IllegalStateException("values.yaml: cannot follow " + path + " (a list item or odd layout?)");
            }
            current = map.get(key);
        }
        return current;
    }

    private static String setPath(List<String> path) {
        return String.join(".", path.stream().map(key -> key.replace(".", "\\.")).toList());
    }

    /** The README table: one row per leaf value. */
    String markdownTable() {
        ObjectMapper json = new ObjectMapper();
        StringBuilder table = new StringBuilder();
        table.append("| Key | Type | Default | Description |\n");
        table.append("|-----|------|---------|-------------|\n");
        for (Entry entry : entries) {
            if (!entry.leaf()) {
                continue;
            }
            table.append("| `").append(entry.path()).append("` | ")
                    .append(type(entry.value())).append(" | `")
                    .append(cell(toJson(json, entry.value()))).append("` | ")
                    .append(cell(entry.description()).replace("<", "&lt;").replace(">", "&gt;")).append(" |\n");
        }
        return table.toString();
    }

    private static String type(Object value) {
        if (value instanceof Map<?, ?>) {
            return "object";
        }
        if (value instanceof List<?>) {
            return "list";
        }
        if (value instanceof Boolean) {
            return "bool";
        }
        if (value instanceof Integer || value instanceof Long) {
            return "int";
        }
        if (value instanceof Number) {
            return "float";
        }
        return "string";
    }

    private static String toJson(ObjectMapper json, Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String cell(String text) {
        return text.replace("|", "\\|");
    }
}
