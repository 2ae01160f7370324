package io.specialist.model.onnx;

import ai.onnx.proto.OnnxMl;
import io.specialist.model.ModelConfig;
import io.specialist.model.TransformerModel;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OnnxExporterMetadataTest {

    static final ModelConfig CONFIG = new ModelConfig(260, 16, 8, 1, 2);

    @Test
    void embedsTokenizerConfigGraphContractAndExtras() throws Exception {
        byte[] bytes = OnnxExporter.export(CONFIG, TransformerModel.initialize(CONFIG, 1).params(), "{\"t\":1}",
                Map.of(ModelMetadata.VERSION, "legal@3", ModelMetadata.DOMAIN, "legal"));
        OnnxMl.ModelProto proto = OnnxMl.ModelProto.parseFrom(bytes);
        Map<String, String> props = new LinkedHashMap<>();
        proto.getMetadataPropsList().forEach(e -> props.put(e.getKey(), e.getValue()));
        assertThat(props).containsEntry(ModelMetadata.TOKENIZER, "{\"t\":1}")
                .containsEntry(ModelMetadata.GRAPH, OnnxExporter.GRAPH_CONTRACT)
                .containsEntry(ModelMetadata.VERSION, "legal@3")
                .containsEntry(ModelMetadata.DOMAIN, "legal");
        ModelMetadata m = ModelMetadata.fromProperties(props);
        assertThat(m.config()).isEqualTo(CONFIG);
        assertThat(m.version()).contains("legal@3");
        assertThat(proto.getOpsetImport(0).getVersion()).isEqualTo(OnnxExporter.OPSET);
        assertThat(proto.getGraph().getInputList()).extracting(OnnxMl.ValueInfoProto::getName)
                .containsExactly("input_ids", "past_key_0", "past_value_0");
        assertThat(proto.getGraph().getOutputList()).extracting(OnnxMl.ValueInfoProto::getName)
                .containsExactly("logits", "present_key_0", "present_value_0");
    }

    @Test
    void writesAFileAtomically(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path file = dir.resolve("sub/model.onnx");
        float[] params = TransformerModel.initialize(CONFIG, 1).params();
        OnnxExporter.export(CONFIG, params, "{}", Map.of(), file);
        assertThat(Files.readAllBytes(file)).isEqualTo(OnnxExporter.export(CONFIG, params, "{}", Map.of()));
        try (var files = Files.list(file.getParent())) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void refusesInconsistentInput() {
        float[] params = TransformerModel.initialize(CONFIG, 1).params();
        assertThatThrownBy(() -> OnnxExporter.export(CONFIG, new float[3], "{}", Map.of()))
                .hasMessageContaining("needs " + params.length);
        assertThatThrownBy(() -> OnnxExporter.export(CONFIG, params, " ", Map.of()))
                .hasMessageContaining("tokenizer");
        assertThatThrownBy(() -> OnnxExporter.export(CONFIG, params, "{}", Map.of(ModelMetadata.CONFIG, "{}")))
                .hasMessageContaining("written by the exporter");
    }

    @Test
    void configJsonRoundTripsAndBadJsonIsNamed() {
        assertThat(ModelMetadata.configFromJson(ModelMetadata.configToJson(CONFIG))).isEqualTo(CONFIG);
        assertThatThrownBy(() -> ModelMetadata.configFromJson("{nope"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> ModelMetadata.configFromJson("{\"vocabSize\":260}"))
                .hasMessageContaining("contextLength");
        assertThatThrownBy(() -> ModelMetadata.fromProperties(Map.of(ModelMetadata.TOKENIZER, "{}")))
                .hasMessageContaining(ModelMetadata.CONFIG);
        assertThatThrownBy(() -> ModelMetadata.fromProperties(Map.of(ModelMetadata.TOKENIZER, "{}",
                ModelMetadata.CONFIG, ModelMetadata.configToJson(CONFIG), ModelMetadata.GRAPH, "other/9")))
                .hasMessageContaining("re-export");
    }
}
