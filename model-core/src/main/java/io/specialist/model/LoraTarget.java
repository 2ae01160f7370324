package io.specialist.model;

/**
 * The weight matrices of a block that can carry a low-rank adapter. Each is a linear layer stored
 * (out, in) in {@link ParameterLayout}; the adapter adds {@code (alpha/r) · B (out, r) · A (r, in)}.
 */
public enum LoraTarget {
    /** Fused query/key/value projection (3C, C). */
    QKV("qkv"),
    /** Attention output projection (C, C). */
    ATTPROJ("attproj"),
    /** MLP up projection (4C, C). */
    FC("fc"),
    /** MLP down projection (C, 4C). */
    FCPROJ("fcproj");

    private final String id;

    LoraTarget(String id) {
        this.id = id;
    }

    /** Lower-case name used in configuration and manifests. */
    public String id() {
        return id;
    }

    /** Input width of the matrix for a model of width {@code c}. */
    public int in(int c) {
        return this == FCPROJ ? 4 * c : c;
    }

    /** Output width of the matrix for a model of width {@code c}. */
    public int out(int c) {
        return switch (this) {
            case QKV -> 3 * c;
            case ATTPROJ, FCPROJ -> c;
            case FC -> 4 * c;
        };
    }

    /** The base weight tensor (L, out, in) this target adapts. */
    public ParameterLayout.Tensor weight(ParameterLayout layout) {
        return switch (this) {
            case QKV -> layout.qkvw;
            case ATTPROJ -> layout.attprojw;
            case FC -> layout.fcw;
            case FCPROJ -> layout.fcprojw;
        };
    }

    /**
     * Parses {@link #id()} (case-insensitive).
     *
     * @throws IllegalArgumentException naming the accepted values
     */
    public static LoraTarget parse(String text) {
        for (LoraTarget t : values()) {
            if (t.id.equalsIgnoreCase(text.trim())) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown adapter target '" + text + "': use qkv, attproj, fc or fcproj");
    }
}
