package io.specialist.model.ort;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

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

    /** Session options carrying these settings (the caller closes them after creating the session). */
    public OrtSession.SessionOptions toSessionOptions() throws OrtException {
        OrtSession.SessionOptions o = new OrtSession.SessionOptions();
        try {
            o.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            o.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            o.setIntraOpNumThreads(intraOpThreads);
            o.setInterOpNumThreads(1);
            o.setCPUArenaAllocator(cpuArena);
            o.setMemoryPatternOptimization(memoryPattern);
            o.addConfigEntry("session.intra_op.allow_spinning", spinning ? "1" : "0");
            return o;
        } catch (OrtException | RuntimeException e) {
            o.close();
            throw e;
        }
    }
}
