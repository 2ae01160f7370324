package io.specialist.model.ort;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@code log sum_k exp(x[k])} over a logits row, vectorised: scoring needs it for every position
 * (V exps each), and the scalar loop costs more than the ONNX Runtime forward pass itself.
 */
final class LogSumExp {

    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;

    private LogSumExp() {
    }

    static double of(float[] x, int offset, int n) {
        int bound = SPECIES.loopBound(n);
        FloatVector vmax = FloatVector.broadcast(SPECIES, Float.NEGATIVE_INFINITY);
        int i = 0;
        for (; i < bound; i += SPECIES.length()) {
            vmax = vmax.max(FloatVector.fromArray(SPECIES, x, offset + i));
        }
        float max = vmax.reduceLanes(VectorOperators.MAX);
        for (; i < n; i++) {
            max = Math.max(max, x[offset + i]);
        }
        FloatVector vsum = FloatVector.zero(SPECIES);
        for (i = 0; i < bound; i += SPECIES.length()) {
            vsum = vsum.add(FloatVector.fromArray(SPECIES, x, offset + i).sub(max).lanewise(VectorOperators.EXP));
        }
        double sum = vsum.reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) {
            sum += Math.exp(x[offset + i] - max);
        }
        return max + Math.log(sum);
    }
}
