package io.specialist.model.ort;

/**
 * ONNX Runtime session settings for a model that is hot-swapped in a long-running server.
 *
 * @param intraOpThreads threads one inference may use (>= 1); requests in parallel multiply this
 * @param cpuArena       keep ORT's CPU memory arena. Off by default: the arena keeps its peak
 *                       allocation for the session's life, and sessions replaced again and again
 *                       (hot swap) then grow the process (microsoft/onnxruntime#14641); plain
 *                       allocations cost little at this model size
 * @param memoryPattern  ORT's memory-pattern planning. Off by default: it only pays for repeated
 *                       identical shapes, and every call here has a new sequence or cache length
 * @param spinning       let idle intra-op threads spin-wait. Off by default: spinning burns cores that
 *                       other requests and services on the same machine need
 */
public record OrtSettings(int intraOpThreads, boolean cpuArena, boolean memoryPattern, boolean spinning) {

    public OrtSettings {
        if (intraOpThreads < 1) {
            throw new IllegalArgumentException("intraOpThreads must be >= 1, got " + intraOpThreads);
        }
    }

    /** The defaults above with {@code intraOpThreads} threads. */
    public static OrtSettings defaults(int intraOpThreads) {
        return new OrtSettings(intraOpThreads, false, false, false);
    }
}
