package io.specialist.model;

/**
 * Shape of a decoder-only transformer language model.
 *
 * @param vocabSize     number of tokens (V), including the end-of-document token
 * @param contextLength maximum sequence length (T max), also the size of the position table
 * @param dModel        width of the residual stream (C)
 * @param layers        number of transformer blocks (L)
 * @param heads         attention heads per block (NH); {@code dModel} must be a multiple of it
 */
public record ModelConfig(int vocabSize, int contextLength, int dModel, int layers, int heads) {

    public ModelConfig {
        require(vocabSize >= 257, "vocabSize must be at least 257 (256 bytes + end-of-document), got " + vocabSize);
        require(contextLength >= 2, "contextLength must be at least 2, got " + contextLength);
        require(dModel >= 1, "dModel must be positive, got " + dModel);
        require(layers >= 1, "layers must be positive, got " + layers);
        require(heads >= 1 && dModel % heads == 0,
                "heads must divide dModel, got dModel=" + dModel + " heads=" + heads);
    }

    /** Width of one attention head (HS = C / NH). */
    public int headSize() {
        return dModel / heads;
    }

    /** Offsets of every parameter tensor inside one flat {@code float[]}. */
    public ParameterLayout layout() {
        return new ParameterLayout(this);
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
