package io.specialist.model.corpus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * The bundled general English corpus the base model is pretrained on and general regression is
 * measured against: the Brown Corpus, 500 documents of edited American English prose (see
 * {@code SOURCE.md} next to the resource for origin and licence).
 */
public final class GeneralCorpus {

    /** Classpath location of the gzip'd JSON-lines corpus. */
    public static final String RESOURCE = "/io/specialist/model/corpus/brown.jsonl.gz";
    private static final int HELD_OUT_EVERY = 10;

    /** One corpus document. */
    public record Document(String id, String genre, String text) {
    }

    private static volatile List<Document> cached;

    private GeneralCorpus() {
    }

    /** All 500 documents in file-name order. */
    public static List<Document> all() {
        List<Document> docs = cached;
        if (docs == null) {
            synchronized (GeneralCorpus.class) {
                if (cached == null) {
                    cached = load();
                }
                docs = cached;
            }
        }
        return docs;
    }

    /** Texts of all documents. */
    public static List<String> documents() {
        return texts(all(), -1);
    }

    /** The 450 training texts (every document whose index is not 9 mod 10). */
    public static List<String> train() {
        return texts(all(), 0);
    }

    /** The 50 held-out texts (index 9 mod 10), spread over all genres. */
    public static List<String> heldOut() {
        return texts(all(), 1);
    }

    private static List<String> texts(List<Document> docs, int which) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < docs.size(); i++) {
            boolean held = i % HELD_OUT_EVERY == HELD_OUT_EVERY - 1;
            if (which < 0 || (which == 1) == held) {
                out.add(docs.get(i).text());
            }
        }
        return List.copyOf(out);
    }

    private static List<Document> load() {
        ObjectMapper json = new ObjectMapper();
        try (InputStream raw = GeneralCorpus.class.getResourceAsStream(RESOURCE)) {
            if (raw == null) {
                throw new IllegalStateException("general corpus resource " + RESOURCE + " is missing from the classpath");
            }
            BufferedReader in = new BufferedReader(new InputStreamReader(new GZIPInputStream(raw), StandardCharsets.UTF_8));
            List<Document> docs = new ArrayList<>(500);
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (!line.isBlank()) {
                    JsonNode node = json.readTree(line);
                    docs.add(new Document(node.get("id").asText(), node.get("genre").asText(), node.get("text").asText()));
                }
            }
            return List.copyOf(docs);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the general corpus " + RESOURCE, e);
        }
    }
}
