package io.specialist.model;

import java.util.ArrayList;
import java.util.List;

/**
 * Where each adapter matrix lives inside the adapter's single flat {@code float[]}, in block order
 * and, within a block, in {@link LoraTarget} order: A (r, in) then B (out, r) per slot. Gradients and
 * AdamW moments share the layout, as for the base model's {@link ParameterLayout}.
 */
public final class LoraLayout {

    /**
     * One adapted matrix.
     *
     * @param target  which matrix of the block
     * @param layer   block index
     * @param aOffset offset of A (r, in), row-major
     * @param bOffset offset of B (out, r), row-major
     * @param in      input width of the base matrix
     * @param out     output width of the base matrix
     */
    public record Slot(LoraTarget target, int layer, int aOffset, int bOffset, int in, int out) {
    }

    private final List<Slot> slots;
    private final Slot[][] byTargetLayer; // [target][layer], null where there is no adapter
    private final int total;

    public LoraLayout(ModelConfig model, LoraConfig lora) {
        lora.validateFor(model);
        int c = model.dModel(), r = lora.rank();
        List<Slot> list = new ArrayList<>();
        byTargetLayer = new Slot[LoraTarget.values().length][model.layers()];
        int offset = 0;
        for (int l = 0; l < model.layers(); l++) {
            if (!lora.adapts(l)) {
                continue;
            }
            for (LoraTarget t : lora.orderedTargets()) {
                int in = t.in(c), out = t.out(c);
                Slot s = new Slot(t, l, offset, offset + r * in, in, out);
                offset += r * in + out * r;
                list.add(s);
                byTargetLayer[t.ordinal()][l] = s;
            }
        }
        slots = List.copyOf(list);
        total = offset;
    }

    /** Total number of adapter floats (the trainable parameter count). */
    public int size() {
        return total;
    }

    public List<Slot> slots() {
        return slots;
    }

    /** The slot of {@code target} in block {@code layer}, or null when that matrix is not adapted. */
    public Slot slot(LoraTarget target, int layer) {
        return byTargetLayer[target.ordinal()][layer];
    }
}
