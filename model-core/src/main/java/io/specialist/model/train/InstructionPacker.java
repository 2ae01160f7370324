package io.specialist.model.train;

import io.specialist.model.tokenizer.BpeTokenizer;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Packs instruction examples into training rows of T+1 tokens (inputs are the first T, targets the last T)
 * with a loss mask that trains response tokens only.
 *
 * <p>An example is [EOT] + prompt tokens + response tokens, followed by an EOT that is trained too, so the
 * model learns where a response ends (generation stops at EOT). That closing EOT is also the opening EOT of
 * the next example in the row. Examples are placed whole, in a seeded shuffled order (reshuffled every
 * epoch); one that does not fit the rest of a row starts the next row and the rest is padded with EOT,
 * untrained. So an example never spans two rows, and no response token is trained without its prompt in
 * the same row before it. An example longer than a row is cut: its prompt keeps its last T/2 tokens at most
 * (the part next to the response), the response is cut at the end of the row and then has no closing EOT.
 * As in document packing, attention is not reset between the examples of a row; the EOT marks the boundary.
 */
final class InstructionPacker {

    private final int seqLen;
    private final int eot;
    private final int[][] prompts;
    private final int[][] responses;
    private final SplittableRandom random;
    private int[] order;
    private int next;

    InstructionPacker(BpeTokenizer tokenizer, List<InstructionExample> examples, int seqLen, SplittableRandom random) {
        if (examples.isEmpty()) {
            throw new IllegalArgumentException("no instruction examples to train on");
        }
        if (seqLen < 3) {
            throw new IllegalArgumentException("seqLen must be at least 3 to hold an EOT, a prompt and a response token, got "
                    + seqLen);
        }
        this.seqLen = seqLen;
        this.eot = tokenizer.endOfDocument();
        this.prompts = new int[examples.size()][];
        this.responses = new int[examples.size()][];
        for (int i = 0; i < examples.size(); i++) {
            InstructionExample e = examples.get(i);
            prompts[i] = e.prompt().isEmpty() ? new int[0] : tokenizer.encode(e.prompt());
            responses[i] = tokenizer.encode(e.response());
        }
        this.random = random;
        reshuffle();
    }

    /** Response tokens (plus closing EOTs) of one epoch: the trained targets, before any cutting. */
    long trainedTokensPerEpoch() {
        long total = 0;
        for (int[] r : responses) {
            total += r.length + 1;
        }
        return total;
    }

    /** Fills one row: inputs[off, off+T), targets[off, off+T), mask[off, off+T). */
    void fill(int[] inputs, int[] targets, float[] mask, int off) {
        int width = seqLen + 1;
        int[] row = new int[width];
        boolean[] trained = new boolean[width]; // whether row[k] is a trained target (k >= 1)
        Arrays.fill(row, eot);
        int pos = 0; // where the next example's opening EOT goes
        boolean first = true;
        while (true) {
            int i = order[next];
            int[] p = prompts[i];
            int[] r = responses[i];
            int need = 1 + p.length + r.length + 1;
            boolean whole = pos + need <= width;
            if (!whole) {
                if (!first) {
                    break; // starts the next row
                }
                p = cut(p);
                whole = 1 + p.length + r.length + 1 <= width;
            }
            pos = place(row, trained, p, r, pos, whole);
            if (!whole) {
                advance();
                break;
            }
            advance();
            first = false;
        }
        for (int t = 0; t < seqLen; t++) {
            inputs[off + t] = row[t];
            targets[off + t] = row[t + 1];
            mask[off + t] = trained[t + 1] ? 1f : 0f;
        }
    }

    /** Writes an example at pos; returns the position of its closing EOT (the next example's opening one). */
    private int place(int[] row, boolean[] trained, int[] prompt, int[] response, int pos, boolean whole) {
        row[pos] = eot;
        System.arraycopy(prompt, 0, row, pos + 1, prompt.length);
        int start = pos + 1 + prompt.length;
        int n = whole ? response.length : Math.min(response.length, row.length - start);
        System.arraycopy(response, 0, row, start, n);
        Arrays.fill(trained, start, start + n, true);
        int end = start + n;
        if (whole) {
            row[end] = eot;
            trained[end] = true;
        }
        return end;
    }

    /** The last T/2 tokens of an over-long prompt. */
    private int[] cut(int[] prompt) {
        int keep = Math.min(prompt.length, seqLen / 2);
        return Arrays.copyOfRange(prompt, prompt.length - keep, prompt.length);
    }

    private void advance() {
        if (++next == order.length) {
            reshuffle();
        }
    }

    private void reshuffle() {
        order = new int[prompts.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int tmp = order[i];
            order[i] = order[j];
            order[j] = tmp;
        }
        next = 0;
    }
}
