package io.specialist.bench.drift;

import io.specialist.drift.detector.RarePairs;
import io.specialist.drift.detector.ScoredDocument;
import io.specialist.drift.service.DocumentScorer;
import io.specialist.drift.service.TextToScore;
import io.specialist.model.ort.OrtLanguageModel;
import io.specialist.model.ort.RefCounted;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Document scores of one model, kept in {@code target/} between runs: scoring the corpora is the slow part
 * of the detection benchmark, the detector replays are cheap, so runs with other seeds reuse the scores.
 */
final class ScoreCache {

    private final Path file;
    private final Map<String, ScoredDocument> scores = new LinkedHashMap<>();
    private boolean dirty;

    ScoreCache(Path file) throws IOException {
        this.file = file;
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String[] f = line.split("\t");
                scores.put(f[0], new ScoredDocument(f[0], true, Double.parseDouble(f[1]), Double.parseDouble(f[2]),
                        Double.parseDouble(f[3])));
            }
        }
    }

    Path file() {
        return file;
    }

    /** Scores of every document of the corpus (id = corpus name + index), scoring those not cached. */
    List<ScoredDocument> score(DocumentScorer scorer, RefCounted<OrtLanguageModel> handle, RarePairs pairs,
            Corpora.Corpus corpus) {
        List<TextToScore> missing = new ArrayList<>();
        for (int i = 0; i < corpus.texts().size(); i++) {
            String id = corpus.name() + "-" + i;
            if (!scores.containsKey(id)) {
                missing.add(new TextToScore(id, true, corpus.texts().get(i)));
            }
        }
        if (!missing.isEmpty()) {
            for (ScoredDocument d : scorer.score(handle, pairs, missing)) {
                scores.put(d.id(), d);
            }
            dirty = true;
        }
        List<ScoredDocument> out = new ArrayList<>();
        for (int i = 0; i < corpus.texts().size(); i++) {
            ScoredDocument d = scores.get(corpus.name() + "-" + i);
            if (d.scored()) {
                out.add(d);
            }
        }
        return out;
    }

    void save() throws IOException {
        if (!dirty) {
            return;
        }
        StringBuilder sb = new StringBuilder();
        scores.values().forEach(d -> sb.append(String.format(Locale.ROOT, "%s\t%s\t%s\t%s%n", d.id(), d.bitsPerByte(),
                d.tokensPerByte(), d.rarePairShare())));
        Files.createDirectories(file.getParent());
        Files.writeString(file, sb.toString(), StandardCharsets.UTF_8);
    }
}
