package io.specialist.trainer.pipeline;

/**
 * Shape of a base model to pretrain (fine-tuning keeps the parent's shape), and how many general
 * sequences its stored EWC Fisher is estimated from.
 */
public record ModelShape(int vocabSize, int contextLength, int dModel, int layers, int heads, int fisherSequences) {
}
