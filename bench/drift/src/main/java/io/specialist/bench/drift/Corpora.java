package io.specialist.bench.drift;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.specialist.testing.TinyModels;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/** The texts of the benchmark: the general corpus (in distribution) and two technical corpora (shifted). */
final class Corpora {

    /** A named list of documents. */
    record Corpus(String name, List<String> texts) {
    }

    private Corpora() {
    }

    /** Held-out Brown prose in ~600-byte chunks: never seen in training. */
    static Corpus general() {
        return new Corpus("brown-heldout", TinyModels.heldOutProse(600));
    }

    /** Python 3.11 documentation sections (reStructuredText), the demo corpus. */
    static Corpus pythonDocs(Path repo) {
        return new Corpus("python-docs", ndjson(repo.resolve("bin/demo/python-docs.ndjson.gz")));
    }

    /** FOLDOC dictionary entries, the end-to-end test corpus. */
    static Corpus foldoc(Path repo) {
        return new Corpus("foldoc", ndjson(repo.resolve("e2e/src/test/resources/corpus/foldoc.ndjson.gz")));
    }

    private static List<String> ndjson(Path file) {
        ObjectMapper json = new ObjectMapper();
        List<String> out = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(file)), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                JsonNode node = json.readTree(line);
                if (node.hasNonNull("text") && !node.get("text").asText().isBlank()) {
                    out.add(node.get("text").asText());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + " (run from bench/drift or pass repo=)", e);
        }
        return out;
    }
}
