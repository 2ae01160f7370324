package io.specialist.model.ort;

import ai.onnxruntime.OrtException;
import io.specialist.model.tokenizer.BpeTokenizer;

import java.util.concurrent.ThreadLocalRandom;

/**
 * The generation loop. The prompt is encoded after an end-of-document token; generating that token
 * ends the text ({@code "stop"}). With the cache, the window is computed once and each new token
 * costs one single-token step; when the window is full the oldest tokens are dropped (the newest
 * half is kept) and the cache is rebuilt from what remains.
 */
final class Generator {

    private final OrtForward forward;
    private final BpeTokenizer tokenizer;

    Generator(OrtForward forward, BpeTokenizer tokenizer) {
        this.forward = forward;
        this.tokenizer = tokenizer;
    }

    GenerationResult generate(GenerationRequest req, TokenSink sink) throws OrtException {
        int[] prompt = tokenizer.encode(req.prompt());
        if (req.maxTokens() == 0) {
            return new GenerationResult("", prompt.length, 0, GenerationResult.LENGTH);
        }
        int context = forward.config().contextLength();
        int vocab = forward.config().vocabSize();
        int eot = tokenizer.endOfDocument();
        TokenWindow window = new TokenWindow(context);
        window.add(eot);
        window.addAll(prompt);
        window.keepLast(context);
        Sampler sampler = new Sampler(req.temperature(), req.topP(),
                req.seed() != null ? req.seed() : ThreadLocalRandom.current().nextLong());
        TextAssembler text = new TextAssembler(req.stop());
        int generated = 0;
        String finish;
        OrtForward.Step cache = null;
        int cached = 0; // tokens of the window that the cache holds
        try {
            while (true) {
                float[] logits;
                if (req.kvCache()) {
                    long[] pending = window.slice(cached, window.size());
                    OrtForward.Step next = forward.run(pending, 1, pending.length, cache);
                    if (cache != null) {
                        cache.close();
                    }
                    cache = next;
                    cached = window.size();
                    logits = cache.logits();
                } else {
                    try (OrtForward.Step full = forward.run(window.slice(0, window.size()), 1, window.size(), null)) {
                        logits = full.logits();
                    }
                }
                // Ids past the tokenizer's vocabulary (a model may be wider) have no text: never sample them.
                int token = sampler.next(logits, logits.length - vocab, tokenizer.vocabSize());
                generated++;
                if (token == eot) {
                    sink.accept(token, text.finish());
                    finish = GenerationResult.STOP;
                    break;
                }
                String piece = text.append(tokenizer.tokenBytes(token));
                if (text.stopped()) {
                    sink.accept(token, piece);
                    finish = GenerationResult.STOP;
                    break;
                }
                boolean full = window.size() + 1 > context;
                if (generated >= req.maxTokens() || (full && !req.slideWindow())) {
                    sink.accept(token, piece + text.finish());
                    finish = generated >= req.maxTokens() ? GenerationResult.LENGTH : GenerationResult.CONTEXT;
                    break;
                }
                sink.accept(token, piece);
                window.add(token);
                if (full) {
                    window.keepLast(context / 2);
                    if (cache != null) {
                        cache.close();
                        cache = null;
                    }
                    cached = 0;
                }
            }
        } finally {
            if (cache != null) {
                cache.close();
            }
        }
        return new GenerationResult(text.text(), prompt.length, generated, finish);
    }
}
