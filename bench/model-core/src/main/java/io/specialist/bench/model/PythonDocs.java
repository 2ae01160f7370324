package io.specialist.bench.model;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The technical corpus of the forgetting benchmark: the Python 3.11 library reference from the
 * Debian package python3.11-doc ({@code apt-get install -y python3.11-doc}), one document per HTML
 * page, reduced to text (main body only, tags dropped, entities decoded). Not committed: read from
 * the installed package at run time.
 */
final class PythonDocs {

    static final Path DEFAULT_DIR = Path.of("/usr/share/doc/python3.11/html/library");
    private static final Pattern BODY = Pattern.compile("<div class=\"body\" role=\"main\">(.*?)<div class=\"sphinxsidebar\"",
            Pattern.DOTALL);
    private static final Pattern DROP = Pattern.compile("<(script|style)[^>]*>.*?</\\1>|<a class=\"headerlink\"[^>]*>.*?</a>",
            Pattern.DOTALL);
    private static final Pattern BREAK = Pattern.compile("</(p|div|pre|li|h[1-6]|dt|dd|tr|table|section)>|<br\\s*/?>");
    private static final Pattern TAG = Pattern.compile("<[^>]+>");
    private static final Pattern ENTITY = Pattern.compile("&(#x?[0-9a-fA-F]+|[a-z]+);");

    private PythonDocs() {
    }

    static List<String> load(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException(dir + " not found: install the technical corpus with "
                    + "`apt-get install -y python3.11-doc`");
        }
        List<String> docs = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".html")).sorted().toList()) {
                String text = text(Files.readString(f, StandardCharsets.UTF_8));
                if (text.length() > 500) {
                    docs.add(text);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return docs;
    }

    static String text(String html) {
        Matcher body = BODY.matcher(html);
        String s = body.find() ? body.group(1) : html;
        s = DROP.matcher(s).replaceAll("");
        s = BREAK.matcher(s).replaceAll("\n");
        s = TAG.matcher(s).replaceAll("");
        s = unescape(s);
        s = s.replace("\u00b6", "");
        s = s.replaceAll("[ \t]+\n", "\n").replaceAll("\n{3,}", "\n\n");
        return s.strip() + "\n";
    }

    private static String unescape(String s) {
        Matcher m = ENTITY.matcher(s);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String e = m.group(1);
            String r = switch (e) {
                case "lt" -> "<";
                case "gt" -> ">";
                case "amp" -> "&";
                case "quot" -> "\"";
                case "apos" -> "'";
                case "nbsp" -> " ";
                default -> {
                    if (e.startsWith("#x")) {
                        yield new String(Character.toChars(Integer.parseInt(e.substring(2), 16)));
                    }
                    if (e.startsWith("#")) {
                        yield new String(Character.toChars(Integer.parseInt(e.substring(1))));
                    }
                    yield m.group();
                }
            };
            m.appendReplacement(out, Matcher.quoteReplacement(r));
        }
        m.appendTail(out);
        return out.toString();
    }
}
