package io.specialist.model.ort;

import ai.onnx.proto.OnnxMl;
import io.specialist.model.ModelConfig;
import io.specialist.model.TransformerModel;
import io.specialist.model.eval.Evaluator;
import io.specialist.model.onnx.ModelMetadata;
import io.specialist.model.tokenizer.BpeTokenizer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.withinPercentage;

class OrtLanguageModelTest {

    static TinyModel tiny;
    static OrtLanguageModel ort;

    @BeforeAll
    static void load() {
        tiny = TinyModel.create(32, 32, 2, 4, 11);
        ort = OrtLanguageModel.load(tiny.onnx(), 1);
    }

    @AfterAll
    static void close() {
        ort.close();
    }

    @Test
    void readsConfigTokenizerAndMetadataFromTheFile() {
        assertThat(ort.config()).isEqualTo(tiny.model().config());
        assertThat(ort.tokenizer()).isEqualTo(tiny.tokenizer());
        assertThat(ort.metadata().version()).contains("tiny@1");
        assertThat(ort.metadata().domain()).contains("tiny");
    }

    @Test
    void logitsMatchTheJavaForwardPass() {
        ModelConfig c = ort.config();
        for (int[] shape : new int[][] {{1, 1}, {1, 9}, {3, 32}}) {
            int[] tokens = new int[shape[0] * shape[1]];
            for (int i = 0; i < tokens.length; i++) {
                tokens[i] = (i * 37 + 5) % c.vocabSize();
            }
            float[] expected = tiny.model().logits(tokens, shape[0], shape[1]);
            float[] actual = ort.logits(tokens, shape[0], shape[1]);
            double max = 0;
            for (int i = 0; i < expected.length; i++) {
                max = Math.max(max, Math.abs(expected[i] - actual[i]));
            }
            assertThat(max).isLessThan(1e-4);
        }
    }

    /** Direct definition: -log2 softmax(Java logits) of each token given EOT + the tokens before it. */
    static double javaBits(TransformerModel model, int[] seq, int start, int length, int firstScored) {
        int v = model.config().vocabSize();
        float[] logits = model.logits(Arrays.copyOfRange(seq, start, start + length), 1, length);
        double bits = 0;
        for (int t = firstScored; t < length; t++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < v; k++) {
                max = Math.max(max, logits[t * v + k]);
            }
            double sum = 0;
            for (int k = 0; k < v; k++) {
                sum += Math.exp(logits[t * v + k] - max);
            }
            double logp = logits[t * v + seq[start + t + 1]] - max - Math.log(sum);
            bits -= logp / Math.log(2);
        }
        return bits;
    }

    static int[] withEot(BpeTokenizer tok, String text) {
        int[] ids = tok.encode(text);
        int[] seq = new int[ids.length + 1];
        seq[0] = BpeTokenizer.EOT;
        System.arraycopy(ids, 0, seq, 1, ids.length);
        return seq;
    }

    @Test
    void scoreOfAShortTextIsTheSumOfTokenSurprisals() {
        String text = "Engineers measured the flow at the bridge.";
        int[] seq = withEot(tiny.tokenizer(), text);
        assertThat(seq.length - 1).isLessThanOrEqualTo(ort.config().contextLength());
        double expectedBits = javaBits(tiny.model(), seq, 0, seq.length - 1, 0);
        ScoreResult r = ort.score(text);
        assertThat(r.tokens()).isEqualTo(seq.length - 1);
        assertThat(r.bytes()).isEqualTo(text.getBytes(StandardCharsets.UTF_8).length);
        assertThat(r.bits()).isCloseTo(expectedBits, org.assertj.core.data.Percentage.withPercentage(1e-3));
        assertThat(r.bitsPerByte()).isCloseTo(expectedBits / r.bytes(), org.assertj.core.data.Percentage.withPercentage(1e-3));
    }

    @Test
    void longTextsAreScoredWithHalfOverlappingWindows() {
        String text = String.join(" ", TinyModel.corpus().subList(0, 3));
        int[] seq = withEot(tiny.tokenizer(), text);
        int n = seq.length - 1, context = ort.config().contextLength();
        assertThat(n).isGreaterThan(3 * context);
        double expected = 0;
        int scored = 0;
        for (int start = 0; scored < n; start += context / 2) {
            int end = Math.min(n, start + context);
            expected += javaBits(tiny.model(), seq, start, end - start, scored - start);
            scored = end;
        }
        ScoreResult r = ort.score(text);
        assertThat(r.tokens()).isEqualTo(n);
        assertThat(r.bits()).isCloseTo(expected, org.assertj.core.data.Percentage.withPercentage(1e-3));
    }

    @Test
    void conditionalScoreCountsOnlyTheTextAfterItsContext() {
        String context = "Engineers measured";
        String text = " the flow at the bridge.";
        int[] ctx = tiny.tokenizer().encode(context);
        int[] ids = tiny.tokenizer().encode(text);
        int[] seq = new int[1 + ctx.length + ids.length];
        seq[0] = BpeTokenizer.EOT;
        System.arraycopy(ctx, 0, seq, 1, ctx.length);
        System.arraycopy(ids, 0, seq, 1 + ctx.length, ids.length);
        assertThat(seq.length - 1).isLessThanOrEqualTo(ort.config().contextLength());
        double expected = javaBits(tiny.model(), seq, 0, seq.length - 1, ctx.length);
        ScoreResult r = ort.score(context, text);
        assertThat(r.tokens()).isEqualTo(ids.length);
        assertThat(r.bytes()).isEqualTo(text.getBytes(StandardCharsets.UTF_8).length);
        assertThat(r.bits()).isCloseTo(expected, org.assertj.core.data.Percentage.withPercentage(1e-3));
        assertThat(ort.score("", text).bits()).isCloseTo(ort.score(text).bits(), org.assertj.core.data.Percentage.withPercentage(1e-6));
    }

    @Test
    void aContextLongerThanTheWindowStillScoresEveryTextTokenOnce() {
        String context = String.join(" ", TinyModel.corpus().subList(0, 2));
        String text = TinyModel.corpus().get(3);
        ScoreResult r = ort.score(context, text);
        assertThat(r.tokens()).isEqualTo(tiny.tokenizer().encode(text).length);
        assertThat(r.bits()).isPositive().isFinite();
    }

    /** Response bits/byte given the prompt: the Java evaluator (the SFT gate) and ORT (serving) agree. */
    @Test
    void conditionalScoreEqualsTheJavaConditionalEvaluator() {
        List<String> contexts = List.of("Engineers measured", "", String.join(" ", TinyModel.corpus().subList(0, 2)));
        List<String> texts = List.of(" the flow at the bridge.", "no context here", TinyModel.corpus().get(3));
        List<Evaluator.Score> java = Evaluator.evaluateEachGiven(tiny.model(), tiny.tokenizer(), contexts, texts);
        for (int i = 0; i < texts.size(); i++) {
            ScoreResult r = ort.score(contexts.get(i), texts.get(i));
            assertThat(java.get(i).tokens()).isEqualTo(r.tokens());
            assertThat(java.get(i).bytes()).isEqualTo(r.bytes());
            assertThat(java.get(i).bitsPerByte()).isCloseTo(r.bitsPerByte(), withinPercentage(1e-2));
        }
        Evaluator.Score unconditional = Evaluator.evaluate(tiny.model(), tiny.tokenizer(), List.of(texts.get(1)));
        assertThat(java.get(1).bits()).isEqualTo(unconditional.bits());
        assertThat(Evaluator.evaluateGiven(tiny.model(), tiny.tokenizer(), contexts, texts).tokens())
                .isEqualTo(java.stream().mapToLong(Evaluator.Score::tokens).sum());
    }

    /** The acceptance check: ORT scoring and the Java Evaluator give the same bits per byte. */
    @Test
    void scoreEqualsTheJavaEvaluator() {
        List<String> docs = new ArrayList<>(TinyModel.corpus().subList(0, 5));
        docs.add(String.join(" ", TinyModel.corpus().subList(5, 9))); // several windows long
        docs.add("x");
        List<ScoreResult> results = ort.score(docs);
        for (int i = 0; i < docs.size(); i++) {
            Evaluator.Score expected = Evaluator.evaluate(tiny.model(), tiny.tokenizer(), List.of(docs.get(i)));
            assertThat(results.get(i).tokens()).isEqualTo(expected.tokens());
            assertThat(results.get(i).bytes()).isEqualTo(expected.bytes());
            assertThat(results.get(i).bitsPerByte()).isCloseTo(expected.bitsPerByte(), withinPercentage(1e-2)); // 1e-4 relative
        }
        Evaluator.Score all = Evaluator.evaluate(tiny.model(), tiny.tokenizer(), docs);
        ScoreResult total = ScoreResult.total(results);
        assertThat(total.bitsPerByte()).isCloseTo(all.bitsPerByte(), withinPercentage(1e-2));
        System.out.printf("bits/byte: ORT %.7f, Evaluator %.7f%n", total.bitsPerByte(), all.bitsPerByte());
    }

    @Test
    void batchScoringEqualsOneByOne() {
        List<String> texts = new ArrayList<>(TinyModel.corpus().subList(0, 6));
        texts.add("");
        texts.add("ü");
        texts.add(TinyModel.TEXT.repeat(3));
        List<ScoreResult> batch = ort.score(texts);
        for (int i = 0; i < texts.size(); i++) {
            ScoreResult single = ort.score(texts.get(i));
            assertThat(batch.get(i).tokens()).isEqualTo(single.tokens());
            assertThat(batch.get(i).bits()).isCloseTo(single.bits(), org.assertj.core.data.Offset.offset(1e-3 + 1e-5 * single.bits()));
        }
        assertThat(batch.get(6)).isEqualTo(new ScoreResult(0, 0, 0, 0));
    }

    @Test
    void greedyGenerationFollowsTheJavaArgmax() {
        String prompt = "The river";
        GenerationResult r = ort.generate(GenerationRequest.greedy(prompt, 12));
        // Recompute with the Java model: feed [EOT] + prompt + generated, take the argmax each step.
        List<Integer> seq = new ArrayList<>();
        for (int t : withEot(tiny.tokenizer(), prompt)) {
            seq.add(t);
        }
        List<Integer> expected = new ArrayList<>();
        int v = ort.config().vocabSize();
        for (int i = 0; i < 12; i++) {
            int[] in = seq.stream().mapToInt(Integer::intValue).toArray();
            float[] logits = tiny.model().logits(in, 1, in.length);
            int best = 0;
            for (int k = 1; k < v; k++) {
                if (logits[(in.length - 1) * v + k] > logits[(in.length - 1) * v + best]) {
                    best = k;
                }
            }
            if (best == BpeTokenizer.EOT) {
                break;
            }
            expected.add(best);
            seq.add(best);
        }
        String expectedText = tiny.tokenizer().decode(expected.stream().mapToInt(Integer::intValue).toArray());
        assertThat(r.text()).isEqualTo(expectedText);
        assertThat(r.promptTokens()).isEqualTo(tiny.tokenizer().encode(prompt).length);
    }

    @Test
    void sameSeedSameTextAndStreamedPiecesAddUp() {
        GenerationRequest req = GenerationRequest.sampled("Müller's café", 40, 1.0, 0.9, 42);
        StringBuilder streamed = new StringBuilder();
        List<Integer> tokens = new ArrayList<>();
        GenerationResult a = ort.generate(req, (token, text) -> {
            tokens.add(token);
            streamed.append(text);
        });
        GenerationResult b = ort.generate(req);
        assertThat(a).isEqualTo(b);
        assertThat(streamed.toString()).isEqualTo(a.text());
        assertThat(tokens).hasSize(a.completionTokens());
        List<String> others = Stream.of(1L, 2L, 3L)
                .map(s -> ort.generate(GenerationRequest.sampled("Müller's café", 40, 1.0, 0.9, s)).text()).toList();
        assertThat(others).anyMatch(t -> !t.equals(a.text()));
    }

    @Test
    void cacheAndFullRecomputeGenerateTheSameAcrossWindowSlides() {
        // 120 tokens through a 32-token window: the cache is rebuilt several times.
        for (GenerationRequest req : List.of(GenerationRequest.greedy("Engineers", 120),
                GenerationRequest.sampled("Engineers", 120, 0.8, 0.95, 5))) {
            long t0 = System.nanoTime();
            GenerationResult cached = ort.generate(req);
            long t1 = System.nanoTime();
            GenerationResult full = ort.generate(req.withKvCache(false));
            long t2 = System.nanoTime();
            assertThat(cached).isEqualTo(full);
            System.out.printf("generate %d tokens: kv cache %.1f ms, full recompute %.1f ms%n",
                    cached.completionTokens(), (t1 - t0) / 1e6, (t2 - t1) / 1e6);
        }
    }

    @Test
    void aPromptLongerThanTheContextIsTruncatedFromTheLeft() {
        String prompt = TinyModel.TEXT.repeat(4);
        assertThat(tiny.tokenizer().encode(prompt).length).isGreaterThan(3 * ort.config().contextLength());
        GenerationRequest req = GenerationRequest.sampled(prompt, 30, 0.9, 0.95, 17);
        GenerationResult cached = ort.generate(req);
        assertThat(cached).isEqualTo(ort.generate(req.withKvCache(false)));
        assertThat(cached.promptTokens()).isEqualTo(tiny.tokenizer().encode(prompt).length);
        // Only the last window of the prompt matters.
        int[] ids = tiny.tokenizer().encode(prompt);
        int context = ort.config().contextLength();
        String tail = tiny.tokenizer().decode(Arrays.copyOfRange(ids, ids.length - context, ids.length));
        assertThat(tiny.tokenizer().encode(tail)).containsExactly(Arrays.copyOfRange(ids, ids.length - context, ids.length));
        GenerationResult fromTail = ort.generate(GenerationRequest.sampled(tail, 30, 0.9, 0.95, 17));
        assertThat(fromTail.text()).isEqualTo(cached.text());
    }

    @Test
    void concurrentCallsGiveTheSameResultsAsSequentialOnes() throws Exception {
        List<String> texts = TinyModel.corpus().subList(10, 14);
        List<ScoreResult> expectedScores = ort.score(texts);
        GenerationRequest req = GenerationRequest.sampled("The river", 40, 1.0, 0.9, 4);
        GenerationResult expectedText = ort.generate(req);
        var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<Boolean>> futures = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                futures.add(pool.submit(() -> ort.score(texts).equals(expectedScores)
                        && ort.generate(req).equals(expectedText)));
            }
            for (var f : futures) {
                assertThat(f.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void stopSequenceEndsTheTextBeforeIt() {
        GenerationRequest base = GenerationRequest.sampled("The town", 60, 1.0, 1.0, 9);
        GenerationResult free = ort.generate(base);
        assertThat(free.text().length()).isGreaterThan(10);
        String stop = free.text().substring(6, 9);
        int cut = free.text().indexOf(stop);
        StringBuilder streamed = new StringBuilder();
        GenerationResult stopped = ort.generate(base.withStop(List.of("never-there", stop)), (t, s) -> streamed.append(s));
        assertThat(stopped.finishReason()).isEqualTo(GenerationResult.STOP);
        assertThat(stopped.text()).isEqualTo(free.text().substring(0, cut));
        assertThat(streamed.toString()).isEqualTo(stopped.text());
    }

    @Test
    void finishReasons() {
        GenerationResult length = ort.generate(GenerationRequest.greedy("The", 5));
        assertThat(length.finishReason()).isIn(GenerationResult.LENGTH, GenerationResult.STOP);
        if (length.finishReason().equals(GenerationResult.LENGTH)) {
            assertThat(length.completionTokens()).isEqualTo(5);
        }
        assertThat(ort.generate(GenerationRequest.greedy("The", 0)))
                .isEqualTo(new GenerationResult("", tiny.tokenizer().encode("The").length, 0, GenerationResult.LENGTH));
        GenerationResult context = ort.generate(GenerationRequest.sampled("The", 500, 1.0, 1.0, 3).withSlideWindow(false));
        if (!context.finishReason().equals(GenerationResult.STOP)) {
            assertThat(context.finishReason()).isEqualTo(GenerationResult.CONTEXT);
            // [EOT] + prompt + generated fill the window; the last generated token had no room left.
            assertThat(1 + context.promptTokens() + context.completionTokens()).isEqualTo(ort.config().contextLength() + 1);
        }
    }

    @Test
    void refusesBytesThatAreNotAModel() {
        assertThatThrownBy(() -> OrtLanguageModel.load("not a model".getBytes(StandardCharsets.UTF_8), 1))
                .isInstanceOf(InvalidModelException.class).hasMessageContaining("not a loadable ONNX model");
        assertThatThrownBy(() -> OrtLanguageModel.load(new byte[0], 1)).isInstanceOf(InvalidModelException.class);
    }

    @Test
    void refusesAModelWithoutOrWithBrokenMetadata() throws Exception {
        OnnxMl.ModelProto proto = OnnxMl.ModelProto.parseFrom(tiny.onnx());
        byte[] noMetadata = proto.toBuilder().clearMetadataProps().build().toByteArray();
        assertThatThrownBy(() -> OrtLanguageModel.load(noMetadata, 1))
                .isInstanceOf(InvalidModelException.class).hasMessageContaining(ModelMetadata.TOKENIZER);
        OnnxMl.ModelProto.Builder broken = proto.toBuilder();
        for (int i = 0; i < broken.getMetadataPropsCount(); i++) {
            if (broken.getMetadataProps(i).getKey().equals(ModelMetadata.CONFIG)) {
                broken.setMetadataProps(i, broken.getMetadataProps(i).toBuilder().setValue("{\"vocabSize\": \"many\"}"));
            }
        }
        assertThatThrownBy(() -> OrtLanguageModel.load(broken.build().toByteArray(), 1))
                .isInstanceOf(InvalidModelException.class).hasMessageContaining("vocabSize");
    }

    @Test
    void leavesNoNativeLibraryCopiesOrTelemetryLogInTmp() throws Exception {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        long pid = ProcessHandle.current().pid();
        // With ORT_DISABLE_TELEMETRY=1 (set by surefire) ORT writes no log; without it, it writes this one.
        Path matLog = Files.createFile(tmp.resolve("mat-debug-" + pid + ".log"));
        assertThat(OrtRuntime.removeNativeLeftovers()).contains(matLog);
        assertThat(matLog).doesNotExist();
        for (String line : Files.readAllLines(Path.of("/proc/self/maps"))) {
            int slash = line.indexOf('/');
            if (slash >= 0 && line.contains("/onnxruntime-java")) {
                assertThat(line).as("mapped ORT library copy is unlinked").endsWith("(deleted)");
            }
        }
    }
}
