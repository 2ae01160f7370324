package io.specialist.model.onnx;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import io.specialist.model.LoraAdapter;
import io.specialist.model.LoraLayout;
import io.specialist.model.LoraTarget;
import io.specialist.model.ModelConfig;
import io.specialist.model.ParameterLayout;
import io.specialist.model.ParameterLayout.Tensor;
import io.specialist.model.onnx.GraphBuilder.Attr;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes the transformer language model as one ONNX file (opset 20, IR 9) that ONNX Runtime runs
 * with a key/value cache. The file is the model artifact: the tokenizer and the {@link ModelConfig}
 * travel in its {@code metadata_props} (see {@link ModelMetadata}).
 *
 * <h2>Graph contract {@value #GRAPH_CONTRACT}</h2>
 * Symbols: B batch, T new tokens (>= 1), P cached tokens (>= 0, may be 0), S = P + T, NH heads,
 * HS head size (dModel / NH), V vocabulary, L layers.
 * <pre>
 * inputs
 *   input_ids            int64 (B, T)          token ids, 0 <= id < V
 *   past_key_{l}         float (B, NH, P, HS)  for l in 0..L-1; zero-length P (shape [B, NH, 0, HS],
 *   past_value_{l}       float (B, NH, P, HS)    no data) for a first pass without a cache
 * outputs
 *   logits               float (B, T, V)       next-token logits for every new position
 *   present_key_{l}      float (B, NH, S, HS)  past concatenated with this call's keys/values:
 *   present_value_{l}    float (B, NH, S, HS)    feed them back as past_* for the next call
 * </pre>
 * Positions are implicit: the new tokens sit at absolute positions P .. S-1, so S must not exceed the
 * context length (the position table has {@code contextLength} rows; ORT fails the run otherwise).
 * Attention is causal over the S keys (new token i sees cached keys and new tokens up to itself).
 * Rows of a batch share P; there is no padding mask, so batch only sequences that are aligned
 * (right padding is harmless for causal scoring: padded positions never influence earlier ones).
 *
 * <h2>Math (matches the Java forward pass)</h2>
 * x = wte[id] + wpe[pos]; per layer x += attproj(attn(LN1(x))), x += fcproj(GELU_tanh(fc(LN2(x))));
 * logits = LNf(x) . wte^T (tied head, wte stored once). LayerNormalization (eps 1e-5, biased
 * variance) is the opset-17 operator and GELU the opset-20 {@code Gelu(approximate="tanh")}: one
 * kernel each in ONNX Runtime 1.29 instead of a chain of primitives. Linear layers are
 * {@code Gemm(x, W, b, transB=1)} on the (B*T, C) residual stream, so the weights are stored exactly
 * in the Java (out, in) layout.
 */
public final class OnnxExporter {

    /** Value of {@link ModelMetadata#GRAPH}; bump when the I/O contract above changes. */
    public static final String GRAPH_CONTRACT = "specialist-gpt-kv/1";
    static final int OPSET = 20;
    static final int IR_VERSION = 9;
    static final float LAYER_NORM_EPS = 1e-5f;

    private OnnxExporter() {
    }

    /** Name of layer {@code l}'s cached keys input. */
    public static String pastKey(int layer) {
        return "past_key_" + layer;
    }

    public static String pastValue(int layer) {
        return "past_value_" + layer;
    }

    public static String presentKey(int layer) {
        return "present_key_" + layer;
    }

    public static String presentValue(int layer) {
        return "present_value_" + layer;
    }

    public static final String INPUT_IDS = "input_ids";
    public static final String LOGITS = "logits";

    /**
     * Serialises the model.
     *
     * @param config        the network shape
     * @param params        flat parameters in {@link ParameterLayout} order
     * @param tokenizerJson the tokenizer as {@code BpeTokenizer.toJson()} writes it
     * @param extra         further metadata, e.g. {@link ModelMetadata#VERSION}, {@link ModelMetadata#DOMAIN};
     *                      may not override the tokenizer, config or graph keys
     * @return the ONNX model bytes
     */
    public static byte[] export(ModelConfig config, float[] params, String tokenizerJson, Map<String, String> extra) {
        return toProto(config, params, tokenizerJson, extra).toByteArray();
    }

    /** As {@link #export(ModelConfig, float[], String, Map)}, written atomically to {@code file}. */
    public static void export(ModelConfig config, float[] params, String tokenizerJson, Map<String, String> extra,
                              Path file) throws IOException {
        byte[] bytes = export(config, params, tokenizerJson, extra);
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
        try {
            Files.write(tmp, bytes);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * The base model with {@code adapter} kept apart instead of merged: every adapted linear layer becomes
     * {@code Gemm(x, W, b) + s·(x·Aᵀ)·Bᵀ} (two extra small Gemms), with A and B as their own initializers
     * ({@code lora_a_<target>_<layer>}, {@code lora_b_<target>_<layer>}). Same contract, same function as
     * exporting {@link LoraAdapter#mergeInto} (up to float rounding); measured against it in bench/adapters.
     */
    public static byte[] exportUnmerged(ModelConfig config, float[] baseParams, LoraAdapter adapter,
                                        String tokenizerJson, Map<String, String> extra) {
        if (!adapter.modelConfig().equals(config)) {
            throw new IllegalArgumentException("adapter was built for " + adapter.modelConfig() + ", base is " + config);
        }
        return toProto(config, baseParams, adapter, tokenizerJson, extra).toByteArray();
    }

    static ModelProto toProto(ModelConfig config, float[] params, String tokenizerJson, Map<String, String> extra) {
        return toProto(config, params, null, tokenizerJson, extra);
    }

    private static ModelProto toProto(ModelConfig config, float[] params, LoraAdapter adapter, String tokenizerJson,
                                      Map<String, String> extra) {
        ParameterLayout layout = config.layout();
        if (params.length != layout.size()) {
            throw new IllegalArgumentException("params has " + params.length + " floats but " + config
                    + " needs " + layout.size());
        }
        if (tokenizerJson == null || tokenizerJson.isBlank()) {
            throw new IllegalArgumentException("tokenizerJson is empty: the artifact must carry its tokenizer");
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put(ModelMetadata.GRAPH, GRAPH_CONTRACT);
        metadata.put(ModelMetadata.CONFIG, ModelMetadata.configToJson(config));
        metadata.put(ModelMetadata.TOKENIZER, tokenizerJson);
        extra.forEach((k, v) -> {
            if (metadata.containsKey(k)) {
                throw new IllegalArgumentException("metadata key '" + k + "' is written by the exporter itself");
            }
            metadata.put(k, v);
        });

        ModelProto.Builder model = ModelProto.newBuilder()
                .setIrVersion(IR_VERSION)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                .setProducerName("specialist-model-core")
                .setProducerVersion(GRAPH_CONTRACT)
                .setDocString("Decoder-only transformer LM with KV cache; contract " + GRAPH_CONTRACT)
                .setGraph(new Network(config, layout, params, adapter).build());
        metadata.forEach((k, v) -> model.addMetadataProps(StringStringEntryProto.newBuilder().setKey(k).setValue(v)));
        return model.build();
    }

    /** Builds the graph: one flat list of layer calls, as in the Java forward pass. */
    private static final class Network {
        private final ModelConfig c;
        private final ParameterLayout p;
        private final float[] params;
        private final LoraAdapter adapter; // null: plain (or already merged) weights
        private final GraphBuilder g = new GraphBuilder("specialist_gpt");
        private final int ch;
        private final int nh;
        private final int hs;

        Network(ModelConfig config, ParameterLayout layout, float[] params, LoraAdapter adapter) {
            this.c = config;
            this.p = layout;
            this.params = params;
            this.adapter = adapter;
            this.ch = config.dModel();
            this.nh = config.heads();
            this.hs = config.headSize();
        }

        ai.onnx.proto.OnnxMl.GraphProto build() {
            declareIo();
            // Dynamic sizes: T (new tokens) and P (cached tokens) as 0-d int64, S = P + T.
            String idsShape = g.op("Shape", new String[] {INPUT_IDS});
            String t = g.op("Gather", new String[] {idsShape, g.int64Scalar("idx_1", 1)}, Attr.of("axis", 0L));
            String pastShape = g.op("Shape", new String[] {pastKey(0)});
            String past = g.op("Gather", new String[] {pastShape, g.int64Scalar("idx_2", 2)}, Attr.of("axis", 0L));
            String total = g.op("Add", new String[] {past, t});
            String one = g.int64Scalar("one", 1);
            String positions = g.op("Range", new String[] {past, total, one});                   // (T)
            String keyPositions = g.op("Range", new String[] {g.int64Scalar("zero", 0), total, one}); // (S)
            // causal[i][j] = key j is at or before query i: (T, S), broadcast over (B, NH)
            String queryColumn = g.op("Unsqueeze", new String[] {positions, g.int64s("axes_1", 1)});
            String causal = g.op("LessOrEqual", new String[] {keyPositions, queryColumn});
            String tOne = g.op("Unsqueeze", new String[] {t, g.int64s("axes_0", 0)});            // [T]
            String headsShape = g.op("Concat", new String[] {g.int64s("minus_one", -1), tOne,
                    g.int64s("nh_hs", nh, hs)}, Attr.of("axis", 0L));                           // [-1, T, NH, HS]
            String cShape = g.op("Concat", new String[] {"minus_one", tOne,
                    g.int64s("width", ch)}, Attr.of("axis", 0L));                                // [-1, T, C]

            // embeddings: (B, T, C) + (T, C), then the residual stream flattened to (B*T, C)
            String wte = weight(p.wte, 0, c.vocabSize(), ch);
            String wpe = weight(p.wpe, 0, c.contextLength(), ch);
            String tok = g.op("Gather", new String[] {wte, INPUT_IDS}, Attr.of("axis", 0L));
            String pos = g.op("Gather", new String[] {wpe, positions}, Attr.of("axis", 0L));
            String x = g.op("Reshape", new String[] {g.op("Add", new String[] {tok, pos}), g.int64s("rows_c", -1, ch)});

            String negInf = g.scalar("neg_inf", Float.NEGATIVE_INFINITY);
            String scale = g.scalar("att_scale", (float) (1.0 / Math.sqrt(hs)));
            String qkvSplit = g.int64s("qkv_split", ch, ch, ch);
            String rowsC = "rows_c";
            for (int l = 0; l < c.layers(); l++) {
                String a = layerNorm(x, p.ln1w, p.ln1b, l);                                       // (N, C)
                String qkv = linear(a, LoraTarget.QKV, p.qkvb, l);                            // (N, 3C)
                String[] parts = g.opMulti("Split", new String[] {qkv, qkvSplit},
                        new String[] {"q_" + l, "k_" + l, "v_" + l}, Attr.of("axis", 1L));
                String q = heads(parts[0], headsShape);                                            // (B, NH, T, HS)
                String k = g.opNamed(presentKey(l), "Concat",
                        new String[] {pastKey(l), heads(parts[1], headsShape)}, Attr.of("axis", 2L)); // (B, NH, S, HS)
                String v = g.opNamed(presentValue(l), "Concat",
                        new String[] {pastValue(l), heads(parts[2], headsShape)}, Attr.of("axis", 2L));
                String kT = g.op("Transpose", new String[] {k}, Attr.ints("perm", 0, 1, 3, 2));  // (B, NH, HS, S)
                String scores = g.op("Mul", new String[] {g.op("MatMul", new String[] {q, kT}), scale}); // (B, NH, T, S)
                String masked = g.op("Where", new String[] {causal, scores, negInf});
                String att = g.op("Softmax", new String[] {masked}, Attr.of("axis", -1L));
                String y = g.op("MatMul", new String[] {att, v});                                  // (B, NH, T, HS)
                String merged = g.op("Reshape", new String[] {
                        g.op("Transpose", new String[] {y}, Attr.ints("perm", 0, 2, 1, 3)), rowsC}); // (N, C)
                x = g.op("Add", new String[] {x, linear(merged, LoraTarget.ATTPROJ, p.attprojb, l)});

                String m = layerNorm(x, p.ln2w, p.ln2b, l);
                String h = gelu(linear(m, LoraTarget.FC, p.fcb, l));                          // (N, 4C)
                x = g.op("Add", new String[] {x, linear(h, LoraTarget.FCPROJ, p.fcprojb, l)});
            }
            String xf = g.op("LayerNormalization", new String[] {x, weight(p.lnfw, 0, ch), weight(p.lnfb, 0, ch)},
                    Attr.of("axis", -1L), Attr.of("epsilon", LAYER_NORM_EPS));
            // Tied head on the 3-D stream: a Reshape of the (N, V) logits would copy the largest tensor
            // of the graph, while reshaping (N, C) is cheap. wte^T is folded into a constant at load.
            String xf3 = g.op("Reshape", new String[] {xf, cShape});                              // (B, T, C)
            String wteT = g.op("Transpose", new String[] {wte}, Attr.ints("perm", 1, 0));          // (C, V)
            g.opNamed(LOGITS, "MatMul", new String[] {xf3, wteT});                                // (B, T, V)
            return g.build();
        }

        private void declareIo() {
            g.input(INPUT_IDS, DataType.INT64, "batch", "sequence");
            for (int l = 0; l < c.layers(); l++) {
                g.input(pastKey(l), DataType.FLOAT, "batch", nh, "past_sequence", hs);
                g.input(pastValue(l), DataType.FLOAT, "batch", nh, "past_sequence", hs);
            }
            g.output(LOGITS, DataType.FLOAT, "batch", "sequence", c.vocabSize());
            for (int l = 0; l < c.layers(); l++) {
                g.output(presentKey(l), DataType.FLOAT, "batch", nh, "total_sequence", hs);
                g.output(presentValue(l), DataType.FLOAT, "batch", nh, "total_sequence", hs);
            }
        }

        /** (N, C) -> (B, NH, T, HS) */
        private String heads(String x, String headsShape) {
            String split = g.op("Reshape", new String[] {x, headsShape});
            return g.op("Transpose", new String[] {split}, Attr.ints("perm", 0, 2, 1, 3));
        }

        private String layerNorm(String x, Tensor w, Tensor b, int layer) {
            return g.op("LayerNormalization", new String[] {x, weight(w, layer, ch), weight(b, layer, ch)},
                    Attr.of("axis", -1L), Attr.of("epsilon", LAYER_NORM_EPS));
        }

        /**
         * y = x . W^T + b with W stored (out, in) as in the Java model; with an unmerged adapter on this
         * matrix, y = Gemm(x . A^T, B, C = that, alpha = s, transB) on top.
         */
        private String linear(String x, LoraTarget target, Tensor b, int layer) {
            int out = target.out(ch), in = target.in(ch);
            String y = g.op("Gemm", new String[] {x, weight(target.weight(p), layer, out, in), weight(b, layer, out)},
                    Attr.of("transB", 1L));
            LoraLayout.Slot slot = adapter == null ? null : adapter.layout().slot(target, layer);
            if (slot == null) {
                return y;
            }
            int r = adapter.config().rank();
            String a = g.floats("lora_a_" + target.id() + "_" + layer, adapter.params(), slot.aOffset(), r, in);
            String bm = g.floats("lora_b_" + target.id() + "_" + layer, adapter.params(), slot.bOffset(), out, r);
            String u = g.op("Gemm", new String[] {x, a}, Attr.of("transB", 1L));                 // (N, r)
            return g.op("Gemm", new String[] {u, bm, y}, Attr.of("transB", 1L),
                    Attr.of("alpha", adapter.config().scale()));                                   // (N, out)
        }

        /** 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))): the opset-20 operator with its tanh approximation. */
        private String gelu(String x) {
            return g.op("Gelu", new String[] {x}, Attr.of("approximate", "tanh"));
        }

        /** Layer {@code layer}'s slice of tensor {@code t} (layer ignored for non-per-layer tensors). */
        private String weight(Tensor t, int layer, long... dims) {
            boolean perLayer = t.shape().length == dims.length + 1;
            int offset = perLayer ? ParameterLayout.layerOffset(t, layer) : t.offset();
            String name = perLayer ? t.name() + "_" + layer : t.name();
            return g.floats(name, params, offset, dims);
        }
    }
}
