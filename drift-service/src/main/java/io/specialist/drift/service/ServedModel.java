package io.specialist.drift.service;

import io.specialist.drift.detector.RarePairs;
import io.specialist.drift.detector.ReferenceProfile;
import io.specialist.model.ort.OrtLanguageModel;
import io.specialist.model.ort.RefCounted;
import java.time.Instant;

/**
 * A loaded model: the ONNX Runtime session behind a lease counter (it is closed only after the last
 * scoring call on it returned), the tokenizer's known byte pairs, and its calibrated reference.
 *
 * @param reference null if there was nothing to build one from
 */
public record ServedModel(String version, String domain, int number, String sha256,
        RefCounted<OrtLanguageModel> handle, RarePairs rarePairs, ReferenceProfile reference, Instant loadedAt) {
}
