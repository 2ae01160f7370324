package io.specialist.model.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.AttributeProto.AttributeType;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.ByteString;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Small helper over the generated ONNX protobuf classes: named initializers, one-output operator
 * nodes with attributes, and graph inputs/outputs with symbolic dimensions. Tribuo's own builder lacks
 * MatMul, Reshape, Transpose and friends, so nodes are built here directly.
 */
final class GraphBuilder {

    /** One node attribute; build with the static factories. */
    record Attr(AttributeProto proto) {
        static Attr of(String name, long value) {
            return new Attr(AttributeProto.newBuilder().setName(name).setType(AttributeType.INT).setI(value).build());
        }

        static Attr of(String name, float value) {
            return new Attr(AttributeProto.newBuilder().setName(name).setType(AttributeType.FLOAT).setF(value).build());
        }

        static Attr of(String name, String value) {
            return new Attr(AttributeProto.newBuilder().setName(name).setType(AttributeType.STRING)
                    .setS(ByteString.copyFromUtf8(value)).build());
        }

        static Attr ints(String name, long... values) {
            AttributeProto.Builder b = AttributeProto.newBuilder().setName(name).setType(AttributeType.INTS);
            for (long v : values) {
                b.addInts(v);
            }
            return new Attr(b.build());
        }
    }

    private final GraphProto.Builder graph;
    private int nodes;

    GraphBuilder(String name) {
        graph = GraphProto.newBuilder().setName(name);
    }

    GraphProto build() {
        return graph.build();
    }

    /** A float initializer copied from {@code data[offset, offset + prod(dims))}, stored little-endian. */
    String floats(String name, float[] data, int offset, long... dims) {
        int n = Math.toIntExact(product(dims));
        ByteBuffer bytes = ByteBuffer.allocate(n * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(data, offset, n);
        graph.addInitializer(tensor(name, DataType.FLOAT, dims).setRawData(ByteString.copyFrom(bytes.array())));
        return name;
    }

    /** A float scalar (0-d) initializer. */
    String scalar(String name, float value) {
        return floats(name, new float[] {value}, 0);
    }

    /** A 1-D int64 initializer. */
    String int64s(String name, long... values) {
        TensorProto.Builder t = tensor(name, DataType.INT64, values.length);
        for (long v : values) {
            t.addInt64Data(v);
        }
        graph.addInitializer(t);
        return name;
    }

    /** A 0-d int64 initializer, used as a Gather index that drops the axis. */
    String int64Scalar(String name, long value) {
        graph.addInitializer(tensor(name, DataType.INT64).addInt64Data(value));
        return name;
    }

    /** Adds a node with one output, named after the op and a counter; returns the output name. */
    String op(String opType, String[] inputs, Attr... attrs) {
        return opNamed(opType + "_" + nodes, opType, inputs, attrs);
    }

    /** Adds a node with one output of the given name (used for graph outputs). */
    String opNamed(String output, String opType, String[] inputs, Attr... attrs) {
        return opMulti(opType, inputs, new String[] {output}, attrs)[0];
    }

    /** Adds a node with several outputs. */
    String[] opMulti(String opType, String[] inputs, String[] outputs, Attr... attrs) {
        NodeProto.Builder node = NodeProto.newBuilder().setOpType(opType).setName(opType + "_node_" + nodes++);
        for (String in : inputs) {
            node.addInput(in);
        }
        for (String out : outputs) {
            node.addOutput(out);
        }
        for (Attr a : attrs) {
            node.addAttribute(a.proto());
        }
        graph.addNode(node);
        return outputs;
    }

    /** Declares a graph input; each dim is a {@code String} (symbolic) or a {@code Number} (fixed). */
    void input(String name, DataType type, Object... dims) {
        graph.addInput(valueInfo(name, type, dims));
    }

    /** Declares a graph output; dims as for {@link #input}. */
    void output(String name, DataType type, Object... dims) {
        graph.addOutput(valueInfo(name, type, dims));
    }

    private static ValueInfoProto valueInfo(String name, DataType type, Object... dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (Object d : dims) {
            TensorShapeProto.Dimension.Builder dim = TensorShapeProto.Dimension.newBuilder();
            if (d instanceof String s) {
                dim.setDimParam(s);
            } else {
                dim.setDimValue(((Number) d).longValue());
            }
            shape.addDim(dim);
        }
        TypeProto.Tensor tensor = TypeProto.Tensor.newBuilder().setElemType(type.getNumber()).setShape(shape).build();
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(tensor)).build();
    }

    private static TensorProto.Builder tensor(String name, DataType type, long... dims) {
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(type.getNumber());
        for (long d : dims) {
            t.addDims(d);
        }
        return t;
    }

    private static long product(long[] dims) {
        long n = 1;
        for (long d : dims) {
            n *= d;
        }
        return n;
    }
}
