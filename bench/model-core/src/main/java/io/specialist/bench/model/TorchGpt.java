package io.specialist.bench.model;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.GradientCollector;
import io.specialist.model.ModelConfig;
import io.specialist.model.ParameterLayout;

import java.util.ArrayList;
import java.util.List;

/**
 * The same GPT as {@code io.specialist.model.TransformerModel} written with DJL NDArray operations on
 * the PyTorch engine (autograd for backward, AdamW by hand with the same hyper-parameters), started
 * from the same initial weights. The reference for the training-step benchmark. GELU is PyTorch's
 * fused kernel (erf form) rather than the tanh form: the same cost class, one op instead of seven.
 */
final class TorchGpt implements AutoCloseable {

    private final ModelConfig c;
    private final NDManager manager;
    private final List<NDArray> params = new ArrayList<>();
    private final List<NDArray> m = new ArrayList<>();
    private final List<NDArray> v = new ArrayList<>();
    private final NDArray wte, wpe, lnfw, lnfb;
    private final NDArray[] ln1w, ln1b, qkvw, qkvb, attprojw, attprojb, ln2w, ln2b, fcw, fcb, fcprojw, fcprojb;
    private NDArray mask; // (T, T) 0 on and below the diagonal, -1e9 above
    private int step;

    TorchGpt(ModelConfig c, float[] init) {
        this.c = c;
        this.manager = NDManager.newBaseManager(Engine.getEngine("PyTorch").defaultDevice(), "PyTorch");
        ParameterLayout l = c.layout();
        int layers = c.layers();
        wte = param(init, l.wte.offset(), c.vocabSize(), c.dModel());
        wpe = param(init, l.wpe.offset(), c.contextLength(), c.dModel());
        ln1w = perLayer(init, l.ln1w, layers);
        ln1b = perLayer(init, l.ln1b, layers);
        qkvw = perLayer(init, l.qkvw, layers);
        qkvb = perLayer(init, l.qkvb, layers);
        attprojw = perLayer(init, l.attprojw, layers);
        attprojb = perLayer(init, l.attprojb, layers);
        ln2w = perLayer(init, l.ln2w, layers);
        ln2b = perLayer(init, l.ln2b, layers);
        fcw = perLayer(init, l.fcw, layers);
        fcb = perLayer(init, l.fcb, layers);
        fcprojw = perLayer(init, l.fcprojw, layers);
        fcprojb = perLayer(init, l.fcprojb, layers);
        lnfw = param(init, l.lnfw.offset(), c.dModel());
        lnfb = param(init, l.lnfb.offset(), c.dModel());
    }

    private NDArray[] perLayer(float[] init, ParameterLayout.Tensor t, int layers) {
        NDArray[] out = new NDArray[layers];
        int[] shape = t.shape();
        long[] one = new long[shape.length - 1];
        for (int i = 1; i < shape.length; i++) {
            one[i - 1] = shape[i];
        }
        for (int layer = 0; layer < layers; layer++) {
            out[layer] = param(init, ParameterLayout.layerOffset(t, layer), one);
        }
        return out;
    }

    private NDArray param(float[] init, int offset, long... shape) {
        int size = (int) new Shape(shape).size();
        float[] data = new float[size];
        System.arraycopy(init, offset, data, 0, size);
        NDArray p = manager.create(data, new Shape(shape));
        p.setRequiresGradient(true);
        params.add(p);
        m.add(manager.zeros(p.getShape()));
        v.add(manager.zeros(p.getShape()));
        return p;
    }

    /** Logits (B, T, V). */
    NDArray forward(NDManager sub, NDArray tokens, int b, int t) {
        int ch = c.dModel(), nh = c.heads(), hs = c.headSize();
        if (mask == null || mask.getShape().get(0) != t) {
            float[] mk = new float[t * t];
            for (int i = 0; i < t; i++) {
                for (int j = i + 1; j < t; j++) {
                    mk[i * t + j] = -1e9f;
                }
            }
            mask = manager.create(mk, new Shape(t, t));
        }
        NDArray idx = tokens.reshape(b * t, 1).broadcast(b * t, ch);
        NDArray x = wte.gather(idx, 0).reshape(b, t, ch).add(wpe.get("0:" + t));
        for (int l = 0; l < c.layers(); l++) {
            NDArray h = LayerNorm.layerNorm(x, new Shape(ch), ln1w[l], ln1b[l], 1e-5f).get(0);
            NDArray qkv = h.matMul(qkvw[l].transpose()).add(qkvb[l]);
            NDList parts = qkv.split(3, 2);
            NDArray q = parts.get(0).reshape(b, t, nh, hs).transpose(0, 2, 1, 3);
            NDArray k = parts.get(1).reshape(b, t, nh, hs).transpose(0, 2, 1, 3);
            NDArray vv = parts.get(2).reshape(b, t, nh, hs).transpose(0, 2, 1, 3);
            NDArray att = q.matMul(k.transpose(0, 1, 3, 2)).mul(1.0 / Math.sqrt(hs)).add(mask).softmax(-1);
            NDArray y = att.matMul(vv).transpose(0, 2, 1, 3).reshape(b, t, ch);
            x = x.add(y.matMul(attprojw[l].transpose()).add(attprojb[l]));
            NDArray h2 = LayerNorm.layerNorm(x, new Shape(ch), ln2w[l], ln2b[l], 1e-5f).get(0);
            NDArray f = Activation.gelu(h2.matMul(fcw[l].transpose()).add(fcb[l]));
            x = x.add(f.matMul(fcprojw[l].transpose()).add(fcprojb[l]));
        }
        NDArray hf = LayerNorm.layerNorm(x, new Shape(ch), lnfw, lnfb, 1e-5f).get(0);
        return hf.matMul(wte.transpose());
    }

    /** One training step (forward, backward, clip 1.0, AdamW); returns the loss. */
    float step(int[] inputs, int[] targets, int b, int t, float lr, float weightDecay) {
        float loss;
        try (NDManager sub = manager.newSubManager()) {
            attachAll(sub);
            NDArray in = sub.create(toLong(inputs), new Shape(b, t));
            NDArray tg = sub.create(toLong(targets), new Shape(b * t, 1));
            try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
                gc.zeroGradients();
                NDArray logits = forward(sub, in, b, t).reshape(b * t, c.vocabSize());
                NDArray nll = logits.logSoftmax(1).gather(tg, 1).mean().neg();
                gc.backward(nll);
                loss = nll.getFloat();
            }
            double norm2 = 0;
            for (NDArray p : params) {
                norm2 += p.getGradient().square().sum().getFloat();
            }
            double scale = Math.min(1.0, 1.0 / Math.sqrt(norm2));
            step++;
            double c1 = 1 - Math.pow(0.9, step), c2 = 1 - Math.pow(0.95, step);
            for (int i = 0; i < params.size(); i++) {
                NDArray p = params.get(i);
                NDArray g = p.getGradient().mul(scale);
                m.get(i).muli(0.9f).addi(g.mul(0.1f));
                v.get(i).muli(0.95f).addi(g.square().mul(0.05f));
                NDArray update = m.get(i).div(c1).div(v.get(i).div(c2).sqrt().add(1e-8f));
                if (p.getShape().dimension() >= 2) {
                    update = update.add(p.mul(weightDecay));
                }
                p.subi(update.mul(lr));
            }
        }
        return loss;
    }

    /** Forward only, no gradient. */
    void infer(int[] inputs, int b, int t) {
        try (NDManager sub = manager.newSubManager()) {
            attachAll(sub);
            NDArray in = sub.create(toLong(inputs), new Shape(b, t));
            forward(sub, in, b, t).toType(DataType.FLOAT32, false).getFloat(0, 0, 0);
        }
    }

    /**
     * Temporarily moves parameters and optimizer state to the step's manager, so every intermediate
     * result (DJL attaches results to the manager of their first operand) is freed with it; the
     * parameters go back to the base manager when it closes.
     */
    private void attachAll(NDManager sub) {
        for (List<NDArray> list : List.of(params, m, v)) {
            for (NDArray a : list) {
                a.tempAttach(sub);
            }
        }
        if (mask != null) {
            mask.tempAttach(sub);
        }
    }

    private static long[] toLong(int[] a) {
        long[] out = new long[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i];
        }
        return out;
    }

    @Override
    public void close() {
        manager.close();
    }
}
