package io.specialist.trainer.pipeline;

/** Shape of a base model to pretrain (fine-tuning keeps the parent's shape). */
public record ModelShape(int vocabSize, int contextLength, int dModel, int layers, int heads) {
}
