package io.specialist.model.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.AttributeProto.AttributeType;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.InvalidProtocolBufferException;

/**
 * Derives a scoring graph from a model of contract {@value OnnxExporter#GRAPH_CONTRACT}, at load time.
 * Same inputs as the model plus
 * <pre>
 * score_positions    int64 (N)  positions to score, as flat indices b * T + t into input_ids (B, T)
 * score_targets      int64 (N)  the token each of them is scored on (0 <= id < V)
 * </pre>
 * and one output
 * <pre>
 * target_log_probs   float (N)  log_softmax(logits at the position)[target] (natural log)
 * </pre>
 * The tied output head runs only on the N scored positions (the logits MatMul is a quarter of the
 * base model's work, and overlapping scoring windows count about half of their positions), and the
 * log-softmax and the targets' gather run natively: N floats leave ONNX Runtime instead of the
 * (B, T, V) logits. The artifact itself is not changed, so models already in a registry are scored
 * this way too and older readers still load new artifacts.
 */
public final class ScoringGraph {

    public static final String POSITIONS = "score_positions";
    public static final String TARGETS = "score_targets";
    public static final String TARGET_LOG_PROBS = "target_log_probs";
    private static final String PREFIX = "scoring/";

    private ScoringGraph() {
    }

    /**
     * The scoring graph of a model.
     *
     * @throws IllegalArgumentException if the bytes are not an ONNX model whose {@code logits} come
     *                                  from a MatMul of the final hidden states (B, T, C) and the head (C, V)
     */
    public static byte[] from(byte[] onnx) {
        ModelProto model;
        try {
            model = ModelProto.parseFrom(onnx);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("not an ONNX model: " + e.getMessage(), e);
        }
        GraphProto.Builder g = model.getGraph().toBuilder();
        int head = -1;
        for (int i = 0; i < g.getNodeCount(); i++) {
            if (g.getNode(i).getOutputList().contains(OnnxExporter.LOGITS)) {
                head = i;
            }
        }
        if (head < 0 || !g.getNode(head).getOpType().equals("MatMul") || g.getNode(head).getInputCount() != 2) {
            throw new IllegalArgumentException("graph has no '" + OnnxExporter.LOGITS + "' MatMul");
        }
        String hidden = g.getNode(head).getInput(0);                                                    // (B, T, C)
        String weight = g.getNode(head).getInput(1);                                                    // (C, V)
        g.removeNode(head);
        g.clearOutput(); // the cache outputs are still computed (attention reads them), just not returned
        g.addInput(valueInfo(POSITIONS, DataType.INT64, "scored"));
        g.addInput(valueInfo(TARGETS, DataType.INT64, "scored"));
        g.addInitializer(TensorProto.newBuilder().setName(PREFIX + "axis_1").setDataType(DataType.INT64.getNumber())
                .addDims(1).addInt64Data(1));
        String rows = node(g, "Flatten", PREFIX + "rows", intAttr("axis", 2), hidden);                   // (B*T, C)
        String picked = node(g, "Gather", PREFIX + "picked", intAttr("axis", 0), rows, POSITIONS);       // (N, C)
        String logits = node(g, "MatMul", PREFIX + "logits", null, picked, weight);                      // (N, V)
        String logProbs = node(g, "LogSoftmax", PREFIX + "log_probs", intAttr("axis", -1), logits);      // (N, V)
        String index = node(g, "Unsqueeze", PREFIX + "index", null, TARGETS, PREFIX + "axis_1");         // (N, 1)
        String gathered = node(g, "GatherElements", PREFIX + "gathered", intAttr("axis", 1), logProbs, index);
        node(g, "Squeeze", TARGET_LOG_PROBS, null, gathered, PREFIX + "axis_1");                         // (N)
        g.addOutput(valueInfo(TARGET_LOG_PROBS, DataType.FLOAT, "scored"));
        return model.toBuilder().setGraph(g).build().toByteArray();
    }

    private static String node(GraphProto.Builder g, String op, String output, AttributeProto attr, String... inputs) {
        NodeProto.Builder n = NodeProto.newBuilder().setOpType(op).setName(output + "_node").addOutput(output);
        for (String in : inputs) {
            n.addInput(in);
        }
        if (attr != null) {
            n.addAttribute(attr);
        }
        g.addNode(n);
        return output;
    }

    private static AttributeProto intAttr(String name, long value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeType.INT).setI(value).build();
    }

    private static ValueInfoProto valueInfo(String name, DataType type, String... dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (String d : dims) {
            shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimParam(d));
        }
        TypeProto.Tensor tensor = TypeProto.Tensor.newBuilder().setElemType(type.getNumber()).setShape(shape).build();
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(tensor)).build();
    }
}
