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
 * Adds a scoring head to a graph of contract {@value OnnxExporter#GRAPH_CONTRACT}, at load time:
 * <pre>
 * input   targets            int64 (B, T)  the token each position is scored on (0 <= id < V)
 * output  target_log_probs   float (B, T)  log_softmax(logits)[b, t, targets[b, t]] (natural log)
 * </pre>
 * Scoring then reads B*T floats out of ONNX Runtime instead of the (B, T, V) logits and does the
 * log-sum-exp natively. The artifact itself is not changed (it stays at its contract, so models
 * already in a registry gain the head too, and older readers still load new artifacts).
 *
 * <p>{@code targets} is a required input (ONNX Runtime's Java API cannot feed an overridable
 * initializer): callers that only want the logits or the cache (generation) feed zeros and ignore
 * the output; the extra log-softmax over their few positions costs little next to the forward pass.
 */
public final class ScoringHead {

    public static final String TARGETS = "targets";
    public static final String TARGET_LOG_PROBS = "target_log_probs";
    private static final String PREFIX = "scoring_head/";

    private ScoringHead() {
    }

    /**
     * The model's bytes with the head added; the bytes unchanged if the graph already has it.
     *
     * @throws IllegalArgumentException if the bytes are not an ONNX model with a {@code logits} output
     */
    public static byte[] addTo(byte[] onnx) {
        ModelProto model;
        try {
            model = ModelProto.parseFrom(onnx);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("not an ONNX model: " + e.getMessage(), e);
        }
        GraphProto graph = model.getGraph();
        if (hasOutput(graph, TARGET_LOG_PROBS)) {
            return onnx;
        }
        if (!hasOutput(graph, OnnxExporter.LOGITS)) {
            throw new IllegalArgumentException("graph has no '" + OnnxExporter.LOGITS + "' output");
        }
        GraphProto.Builder g = graph.toBuilder();
        g.addInput(valueInfo(TARGETS, DataType.INT64, "batch", "sequence"));
        g.addInitializer(TensorProto.newBuilder().setName(PREFIX + "axis_2").setDataType(DataType.INT64.getNumber())
                .addDims(1).addInt64Data(2));
        String index = node(g, "Unsqueeze", PREFIX + "index", TARGETS, PREFIX + "axis_2");                    // (B, T, 1)
        String logProbs = node(g, "LogSoftmax", PREFIX + "log_probs", OnnxExporter.LOGITS);                  // (B, T, V)
        g.getNodeBuilder(g.getNodeCount() - 1).addAttribute(intAttr("axis", -1));
        String gathered = node(g, "GatherElements", PREFIX + "gathered", logProbs, index);                  // (B, T, 1)
        g.getNodeBuilder(g.getNodeCount() - 1).addAttribute(intAttr("axis", 2));
        node(g, "Squeeze", TARGET_LOG_PROBS, gathered, PREFIX + "axis_2");                                  // (B, T)
        g.addOutput(valueInfo(TARGET_LOG_PROBS, DataType.FLOAT, "batch", "sequence"));
        return model.toBuilder().setGraph(g).build().toByteArray();
    }

    private static boolean hasOutput(GraphProto graph, String name) {
        return graph.getOutputList().stream().anyMatch(o -> o.getName().equals(name));
    }

    private static String node(GraphProto.Builder g, String op, String output, String... inputs) {
        NodeProto.Builder n = NodeProto.newBuilder().setOpType(op).setName(output + "_node").addOutput(output);
        for (String in : inputs) {
            n.addInput(in);
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
