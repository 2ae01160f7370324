package io.specialist.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.specialist.model.ort.OrtLanguageModel;
import io.specialist.model.ort.ScoreResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class TinyModelsTest {

    private static double meanBitsPerByte(OrtLanguageModel model, List<String> texts) {
        return model.score(texts).stream().mapToDouble(ScoreResult::bitsPerByte).average().orElseThrow();
    }

    @Test
    void trainsARealModelThatKnowsEnglishProseAndNotCode() {
        long started = System.nanoTime();
        TinyModels.TinyModel tiny = TinyModels.general();
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("TinyModels.general(): %.1f s (%d bytes)%n", seconds, tiny.onnx().length);

        assertThat(tiny.version()).isEqualTo("general@1");
        assertThat(tiny.sha256()).isEqualTo(TinyModels.sha256(tiny.onnx())).hasSize(64);
        try (OrtLanguageModel model = OrtLanguageModel.load(tiny.onnx(), 1)) {
            assertThat(model.metadata().version()).contains("general@1");
            assertThat(model.metadata().domain()).contains("general");
            assertThat(model.config().contextLength()).isEqualTo(TinyModels.DEFAULT.contextLength());
            List<String> prose = TinyModels.heldOutProse(600).subList(0, 40);
            List<String> code = TinyModels.code(40, 600, 1);
            double proseBpb = meanBitsPerByte(model, prose);
            double codeBpb = meanBitsPerByte(model, code);
            // A uniform byte model needs 8 bits per byte; the trained model does far better on unseen prose,
            // and clearly worse on code than on prose.
            assertThat(proseBpb).isBetween(1.0, 4.5);
            assertThat(codeBpb).isGreaterThan(proseBpb + 0.5);
        }
    }

    @Test
    void sharesOneTrainingRunThroughTheCache() throws Exception {
        TinyModels.TinyModel first = TinyModels.general();
        assertThat(TinyModels.general()).isSameAs(first);
        Path cached = Path.of("target", "tiny-models", "general-" + TinyModels.cacheKey(TinyModels.DEFAULT) + ".onnx");
        assertThat(Files.readAllBytes(cached)).isEqualTo(first.onnx());
        assertThat(TinyModels.cacheKey(TinyModels.DEFAULT))
                .isNotEqualTo(TinyModels.cacheKey(new TinyModels.Spec(384, 64, 48, 2, 2, 301, 8, 60, 42)));
    }

    @Test
    void relabelChangesOnlyTheMetadata() {
        TinyModels.TinyModel general = TinyModels.general();
        TinyModels.TinyModel legal = general.relabel("legal@1", "legal");
        assertThat(legal.sha256()).isNotEqualTo(general.sha256());
        String text = TinyModels.heldOutProse(400).get(3);
        try (OrtLanguageModel a = OrtLanguageModel.load(general.onnx(), 1);
             OrtLanguageModel b = OrtLanguageModel.load(legal.onnx(), 1)) {
            assertThat(b.metadata().version()).contains("legal@1");
            assertThat(b.metadata().domain()).contains("legal");
            assertThat(b.score(text).bits()).isEqualTo(a.score(text).bits());
        }
    }

    @Test
    void textStreamsAreDeterministicAndSized() {
        List<String> prose = TinyModels.heldOutProse(600);
        assertThat(prose.size()).isGreaterThan(500);
        assertThat(prose).allSatisfy(p -> assertThat(p.getBytes(StandardCharsets.UTF_8).length).isGreaterThanOrEqualTo(300));
        assertThat(TinyModels.code(5, 500, 3)).isEqualTo(TinyModels.code(5, 500, 3))
                .allSatisfy(c -> assertThat(c.length()).isGreaterThanOrEqualTo(500));
        assertThat(TinyModels.code(5, 500, 3)).isNotEqualTo(TinyModels.code(5, 500, 4));
    }
}
