package io.specialist.trainer.registry;

/**
 * What a new model version consists of: its ONNX artifact, its Java checkpoint (to continue training)
 * and the manifest draft.
 */
public record ModelFiles(byte[] onnx, byte[] checkpoint, ModelManifest draft) {
}
