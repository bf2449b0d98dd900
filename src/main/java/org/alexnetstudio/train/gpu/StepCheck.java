package org.alexnetstudio.train.gpu;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.alexnetstudio.model.Dropout;
import org.alexnetstudio.model.LayerReport;
import org.alexnetstudio.train.Network;
import org.alexnetstudio.train.SgdOptimizer;
import org.alexnetstudio.train.Tensor;

/**
 * Repeats a {@link StepReference} on a network and compares: initial weights, each step's loss, correct
 * count, gradient buffers, parameters, updates (parameters minus the previous step's), momentum and
 * running statistics, and test-mode logits with the initial weights and after the steps. Limits: 1e-3
 * relative for a step's results (fp32, TF32 off), 1e-4 for logits of the same weights.
 */
public final class StepCheck {

    public static final double STEP_LIMIT = 1e-3;
    public static final double LOGIT_LIMIT = 1e-4;

    /** What the check needs of a network beyond {@link Network}: the CPU's masks, the gradient buffers. */
    public interface Subject {
        Network network();

        /** Dropout layer {@code layer} applies this mask (n·C·H·W values) in the next step. */
        void useMask(int layer, float[] mask);

        /** The gradient buffers after the last step, by state_dict key. */
        Map<String, Tensor> gradients();
    }

    private StepCheck() {
    }

    /** The GPU network as a subject. */
    static Subject of(GpuNetwork net) {
        return new Subject() {
            @Override
            public Network network() {
                return net;
            }

            @Override
            public void useMask(int layer, float[] mask) {
                net.useMask(layer, mask);
            }

            @Override
            public Map<String, Tensor> gradients() {
                return net.gradients();
            }
        };
    }

    /** Runs the case on a fresh subject (built from the case's spec and seed) and compares. */
    public static List<StepReference.Row> run(StepReference ref, Subject subject) {
        Network net = subject.network();
        Map<String, Tensor> t = ref.tensors();
        String name = ref.name();
        List<StepReference.Row> rows = new ArrayList<>();
        LinkedHashMap<String, Tensor> before = net.stateDict();
        rows.add(compare(name, "initial weights", t, "initial.", before, 0));

        Tensor testInput = t.get(StepReference.TEST_INPUT);
        int testN = ref.testBatch();
        float[] initialLogits = flatten(net.logits(testInput.floats(), testN));
        rows.add(new StepReference.Row(name, "test logits, initial weights",
                StepReference.relativeError(initialLogits, t.get(StepReference.TEST_LOGITS_INITIAL).floats()), "logits", LOGIT_LIMIT));

        float[] first = java.util.Arrays.copyOf(testInput.floats(), (int) net.spec().input().elements());
        if (t.containsKey(StepReference.featureMap(0))) {
            Map<String, float[][]> maps = new LinkedHashMap<>();
            for (org.alexnetstudio.train.FeatureMap m : net.featureMaps(first)) {
                Tensor expected = t.get(StepReference.featureMap(m.layerIndex()));
                if (expected != null) {
                    maps.put("layer " + m.layerIndex() + " " + m.kind(), new float[][]{m.values(), expected.floats()});
                }
            }
            rows.add(StepReference.worst(name, "feature maps, initial weights", maps, LOGIT_LIMIT));
        }
        if (t.containsKey(StepReference.EXPLAIN_INPUT)) {
            int layer = (int) t.get(StepReference.EXPLAIN_LAYER).longs()[0];
            float[] u = new float[net.classes()];
            u[0] = 1;
            Network.Explanation e = net.explain(first, u, layer);
            Map<String, float[][]> parts = new LinkedHashMap<>();
            parts.put("input gradient", new float[][]{e.inputGradient(), t.get(StepReference.EXPLAIN_INPUT).floats()});
            parts.put("layer " + layer + " output", new float[][]{e.activation(),
                t.get(StepReference.EXPLAIN_ACTIVATION).floats()});
            parts.put("layer " + layer + " gradient", new float[][]{e.activationGradient(),
                t.get(StepReference.EXPLAIN_GRADIENT).floats()});
            rows.add(StepReference.worst(name, "explanation (test-mode backward)", parts, STEP_LIMIT));
        }

        List<Integer> dropouts = new ArrayList<>();
        for (LayerReport r : net.analysis().layers()) {
            if (r.layer() instanceof Dropout) {
                dropouts.add(r.index());
            }
        }
        float[] losses = t.get(StepReference.LOSS).floats();
        long[] correct = t.get(StepReference.CORRECT).longs();
        net.reseed(ref.seed());
        for (int s = 1; s <= ref.steps().size(); s++) {
            StepReference.Step st = ref.steps().get(s - 1);
            for (int layer : dropouts) {
                Tensor m = t.get(StepReference.mask(s, layer));
                if (m != null) {
                    subject.useMask(layer, m.floats());
                }
            }
            SgdOptimizer sgd = new SgdOptimizer(st.learningRate(), st.momentum(), st.weightDecay());
            int[] labels = ints(t.get(StepReference.labels(s)));
            Network.StepResult r = net.trainStep(t.get(StepReference.input(s)).floats(), labels, ref.batch(), sgd);
            double expectedLoss = losses[s - 1];
            rows.add(new StepReference.Row(name, "step " + s + " loss", Math.abs(r.loss() - expectedLoss)
                    / Math.max(Math.abs(expectedLoss), 1e-12), String.format(java.util.Locale.ROOT, "%.6f vs %.6f",
                    r.loss(), expectedLoss), STEP_LIMIT));
            rows.add(new StepReference.Row(name, "step " + s + " correct", Math.abs(r.correct() - correct[s - 1]),
                    r.correct() + " vs " + correct[s - 1], 0));
            int step = s;
            rows.add(compare(name, "step " + s + " gradients" + (st.weightDecay() != 0 ? " (+wd·w)" : ""), t,
                    "grad." + s + ".", subject.gradients(), STEP_LIMIT));
            LinkedHashMap<String, Tensor> after = net.stateDict();
            rows.add(compare(name, "step " + s + " parameters", t, "state." + s + ".", after, STEP_LIMIT));
            rows.add(compareUpdates(name, "step " + s + " updates", t, before, after, step));
            String velocityPrefix = "velocity." + s + ".";
            if (t.keySet().stream().anyMatch(k -> k.startsWith(velocityPrefix))) {
                rows.add(compare(name, "step " + s + " momentum", t, velocityPrefix, net.snapshot().velocity(), STEP_LIMIT));
            }
            before = after;
        }
        float[] finalLogits = flatten(net.logits(testInput.floats(), testN));
        rows.add(new StepReference.Row(name, "test logits, after the steps",
                StepReference.relativeError(finalLogits, t.get(StepReference.TEST_LOGITS).floats()), "logits", STEP_LIMIT));
        return rows;
    }

    /**
     * Every reference tensor named {@code prefix + key} against the subject's tensor of that key; a key the
     * subject lacks fails the row (nothing passes for want of comparing).
     */
    private static StepReference.Row compare(String name, String quantity, Map<String, Tensor> t, String prefix,
                                             Map<String, Tensor> actual, double limit) {
        Map<String, float[][]> pairs = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : t.entrySet()) {
            if (!e.getKey().startsWith(prefix)) {
                continue;
            }
            String key = e.getKey().substring(prefix.length());
            Tensor a = actual.get(key);
            if (a == null) {
                return new StepReference.Row(name, quantity, Double.POSITIVE_INFINITY, "missing " + key, limit);
            }
            pairs.put(key, new float[][]{picked(t, key, a), StepReference.values(e.getValue())});
        }
        if (pairs.isEmpty()) {
            return new StepReference.Row(name, quantity, Double.POSITIVE_INFINITY, "no reference tensors", limit);
        }
        return StepReference.worst(name, quantity, pairs, limit);
    }

    /** Parameters minus the previous step's, on both sides: the step's own change, stricter than the parameters. */
    private static StepReference.Row compareUpdates(String name, String quantity, Map<String, Tensor> t,
                                                    Map<String, Tensor> before, Map<String, Tensor> after, int step) {
        Map<String, float[][]> pairs = new LinkedHashMap<>();
        after.forEach((k, v) -> {
            Tensor expectedAfter = t.get(StepReference.state(step, k));
            Tensor expectedBefore = t.get(step == 1 ? StepReference.initial(k) : StepReference.state(step - 1, k));
            if (expectedAfter != null && expectedBefore != null && !v.isLong()) {
                float[] a = picked(t, k, v);
                float[] b = picked(t, k, before.get(k));
                float[] ea = expectedAfter.floats();
                float[] eb = expectedBefore.floats();
                float[] da = new float[a.length];
                float[] de = new float[a.length];
                for (int i = 0; i < a.length; i++) {
                    da[i] = a[i] - b[i];
                    de[i] = ea[i] - eb[i];
                }
                pairs.put(k, new float[][]{da, de});
            }
        });
        return StepReference.worst(name, quantity, pairs, STEP_LIMIT);
    }

    /** A tensor's values at the sample positions of its key (all values when small). */
    private static float[] picked(Map<String, Tensor> t, String key, Tensor v) {
        return v.isLong() ? StepReference.values(v)
                : StepReference.pick(v, StepReference.positions(key, v.length())).floats();
    }

    private static float[] flatten(float[][] rows) {
        int cols = rows.length == 0 ? 0 : rows[0].length;
        float[] out = new float[rows.length * cols];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, out, i * cols, cols);
        }
        return out;
    }

    private static int[] ints(Tensor t) {
        long[] l = t.longs();
        int[] out = new int[l.length];
        for (int i = 0; i < l.length; i++) {
            out[i] = (int) l[i];
        }
        return out;
    }
}
