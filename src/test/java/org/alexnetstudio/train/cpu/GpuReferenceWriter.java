package org.alexnetstudio.train.cpu;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.alexnetstudio.model.AvgPool2d;
import org.alexnetstudio.model.BatchNorm2d;
import org.alexnetstudio.model.Conv2d;
import org.alexnetstudio.model.Dropout;
import org.alexnetstudio.model.Flatten;
import org.alexnetstudio.model.LayerReport;
import org.alexnetstudio.model.LayerSpec;
import org.alexnetstudio.model.Linear;
import org.alexnetstudio.model.LocalResponseNorm;
import org.alexnetstudio.model.MaxPool2d;
import org.alexnetstudio.model.NetworkSpec;
import org.alexnetstudio.model.Presets;
import org.alexnetstudio.model.ReLU;
import org.alexnetstudio.model.Shape;
import org.alexnetstudio.model.Sigmoid;
import org.alexnetstudio.model.Tanh;
import org.alexnetstudio.train.Network;
import org.alexnetstudio.train.SgdOptimizer;
import org.alexnetstudio.train.Tensor;
import org.alexnetstudio.train.gpu.StepCheck;
import org.alexnetstudio.train.gpu.StepReference;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Computes the GPU check's reference cases on the CPU backend (ND4J), for bench/gpu-pack.sh:
 * {@code java -cp target/test-classes:target/classes:DEPS org.alexnetstudio.train.cpu.GpuReferenceWriter DIR}.
 * One case per layer kind (after a conv, so that the kind's own backward runs) and each preset at a small
 * input; two SGD steps each: the first without weight decay (the raw gradients), the second with momentum,
 * weight decay and the next rate of a cosine schedule.
 */
public final class GpuReferenceWriter {

    /** Rates of steps 1 and 2 of a cosine schedule from 0.05 over 4 steps: 0.05·(1 + cos(π·k/4))/2. */
    static final double RATE_1 = 0.05;
    static final double RATE_2 = 0.05 * (1 + Math.cos(Math.PI / 4)) / 2;

    private GpuReferenceWriter() {
    }

    /** The cases: name, description, network, batch, test batch. */
    public record Case(String name, String description, NetworkSpec spec, int batch, int testBatch) {
    }

    static List<StepReference.Step> steps() {
        return List.of(new StepReference.Step(RATE_1, 0.9, 0), new StepReference.Step(RATE_2, 0.9, 5e-4));
    }

    private static NetworkSpec afterConv(LayerSpec... rest) {
        List<LayerSpec> layers = new ArrayList<>();
        layers.add(new Conv2d(6, 3, 1, 1));
        layers.addAll(List.of(rest));
        return new NetworkSpec(Shape.chw(3, 10, 10), layers);
    }

    private static final LayerSpec[] HEAD = {new Flatten(), new Linear(10)};

    private static NetworkSpec kind(LayerSpec... layers) {
        List<LayerSpec> all = new ArrayList<>(List.of(layers));
        all.addAll(List.of(HEAD));
        return afterConv(all.toArray(LayerSpec[]::new));
    }

    /** One small network per layer kind, each kind's forward and backward between a conv and a linear head. */
    public static List<Case> kindCases() {
        return List.of(
                new Case("kind-conv2d", "Conv2d 3x3 stride 2 padding 1 after a conv",
                        kind(new Conv2d(5, 3, 2, 1)), 4, 3),
                new Case("kind-maxpool2d", "MaxPool2d 3 stride 2 padding 1", kind(new MaxPool2d(3, 3, 2, 2, 1, 1)), 4, 3),
                new Case("kind-avgpool2d", "AvgPool2d 3 stride 2 padding 1 (count_include_pad)",
                        kind(new AvgPool2d(3, 3, 2, 2, 1, 1)), 4, 3),
                new Case("kind-relu", "ReLU in place after a conv", kind(new ReLU()), 4, 3),
                new Case("kind-relu-after-pool", "ReLU after a max pool (not in place)",
                        kind(new MaxPool2d(2, 2), new ReLU()), 4, 3),
                new Case("kind-sigmoid", "Sigmoid", kind(new Sigmoid()), 4, 3),
                new Case("kind-tanh", "Tanh", kind(new Tanh()), 4, 3),
                new Case("kind-flatten", "Flatten then two Linear layers",
                        afterConv(new Flatten(), new Linear(16), new ReLU(), new Linear(10)), 4, 3),
                new Case("kind-linear", "Linear on flat features, with ReLU in place",
                        afterConv(new Flatten(), new Linear(32), new ReLU(), new Linear(10)), 4, 3),
                new Case("kind-dropout", "Dropout 0.5 on features and 0.3 on feature maps",
                        afterConv(new Dropout(0.3), new Flatten(), new Linear(32), new ReLU(), new Dropout(0.5),
                                new Linear(10)), 4, 3),
                new Case("kind-lrn-odd", "LocalResponseNorm size 5 (the paper's, k 2)", kind(LocalResponseNorm.paper()), 4, 3),
                new Case("kind-lrn-even", "LocalResponseNorm size 4 (PyTorch's asymmetric window), alpha 0.01, k 1",
                        kind(new LocalResponseNorm(4, 1e-2, 0.75, 1)), 4, 3),
                new Case("kind-batchnorm2d", "BatchNorm2d (batch statistics, running statistics, test mode)",
                        kind(new BatchNorm2d(), new ReLU()), 4, 3));
    }

    /** The smallest input of at least {@code from} the preset's network accepts. */
    static NetworkSpec smallest(NetworkSpec spec, int from) {
        for (int n = from; n < 400; n++) {
            NetworkSpec s = spec.withResize(n);
            if (s.analyze().isValid()) {
                return s;
            }
        }
        throw new IllegalStateException("no small size fits");
    }

    public static List<Case> presetCases() {
        NetworkSpec alexnet = smallest(Presets.alexnet(), 63);
        NetworkSpec paper = smallest(Presets.alexnet2012(), 63);
        return List.of(
                new Case("preset-lenet", "the book's LeNet at 28", Presets.lenet(), 8, 4),
                new Case("preset-alexnet-mini", "alexnet-mini at 28", Presets.alexnetMini(), 8, 4),
                new Case("preset-alexnet", "the book's AlexNet at " + alexnet.input(), alexnet, 4, 2),
                new Case("preset-alexnet-2012", "the 2012 paper's AlexNet at " + paper.input(), paper, 2, 2));
    }

    /** Runs a case on the CPU (one shard, so that the masks are the step's own) and records everything. */
    public static StepReference compute(Case c, long seed) {
        CpuNetwork net = CpuNetwork.build(c.spec(), seed);
        net.useShards(1);
        Map<String, Tensor> t = new LinkedHashMap<>();
        Map<String, long[]> positions = new LinkedHashMap<>();
        LinkedHashMap<String, Tensor> initial = net.stateDict();
        initial.forEach((k, v) -> {
            long[] p = StepReference.positions(k, v.length());
            positions.put(k, p);
            t.put(StepReference.initial(k), StepReference.pick(v, p));
        });
        SplittableRandom data = new SplittableRandom(seed * 31 + 7);
        long inputSize = c.spec().input().elements();
        float[] test = images(data, c.testBatch(), inputSize);
        t.put(StepReference.TEST_INPUT, Tensor.of(test, c.testBatch(), inputSize));
        t.put(StepReference.TEST_LOGITS_INITIAL, logits(net, test, c.testBatch()));
        float[] first = java.util.Arrays.copyOf(test, (int) inputSize);
        for (org.alexnetstudio.train.FeatureMap m : net.featureMaps(first)) {
            t.put(StepReference.featureMap(m.layerIndex()), Tensor.of(m.values(), m.values().length));
        }
        int capture = 0;
        for (LayerReport l : net.analysis().layers()) {
            if (l.layer() instanceof Conv2d) {
                capture = l.index(); // Grad-CAM's layer: the last conv
            }
        }
        float[] u = new float[net.classes()];
        u[0] = 1;
        Network.Explanation e = net.explain(first, u, capture);
        t.put(StepReference.EXPLAIN_INPUT, Tensor.of(e.inputGradient(), e.inputGradient().length));
        t.put(StepReference.EXPLAIN_ACTIVATION, Tensor.of(e.activation(), e.activation().length));
        t.put(StepReference.EXPLAIN_GRADIENT, Tensor.of(e.activationGradient(), e.activationGradient().length));
        t.put(StepReference.EXPLAIN_LAYER, Tensor.ofLongs(new long[]{capture}, 1));
        net.reseed(seed);
        List<StepReference.Step> steps = steps();
        float[] losses = new float[steps.size()];
        long[] correct = new long[steps.size()];
        Map<String, String> keyOf = new LinkedHashMap<>();
        for (CompiledLayer.Parameter p : net.arrays().parameters()) {
            keyOf.put(p.variable(), p.torchKey());
        }
        for (int s = 1; s <= steps.size(); s++) {
            StepReference.Step st = steps.get(s - 1);
            float[] images = images(data, c.batch(), inputSize);
            long[] labels = new long[c.batch()];
            int[] intLabels = new int[c.batch()];
            for (int i = 0; i < labels.length; i++) {
                intLabels[i] = data.nextInt(net.classes());
                labels[i] = intLabels[i];
            }
            t.put(StepReference.input(s), Tensor.of(images, c.batch(), inputSize));
            t.put(StepReference.labels(s), Tensor.ofLongs(labels, labels.length));
            Network.StepResult r = net.trainStep(images, intLabels, c.batch(),
                    new SgdOptimizer(st.learningRate(), st.momentum(), st.weightDecay()));
            losses[s - 1] = (float) r.loss();
            correct[s - 1] = r.correct();
            for (LayerReport l : net.analysis().layers()) {
                if (l.layer() instanceof Dropout d && d.p() > 0) {
                    INDArray m = net.primaryStep().mask(c.batch(), l.index());
                    Tensor mask = NetworkArrays.tensor(m);
                    t.put(StepReference.mask(s, l.index()), Tensor.of(mask.floats(), mask.length()));
                }
            }
            int step = s;
            net.gradients().forEach((variable, g) -> {
                String key = keyOf.get(variable);
                t.put(StepReference.gradient(step, key), StepReference.pick(NetworkArrays.tensor(g), positions.get(key)));
            });
            net.stateDict().forEach((k, v) -> t.put(StepReference.state(step, k), v.isLong() ? v
                    : StepReference.pick(v, positions.get(k))));
            if (s == steps.size()) { // the first step's momentum is its gradient (v = g): kept once
                net.snapshot().velocity().forEach((k, v) -> t.put(StepReference.velocity(step, k),
                        StepReference.pick(v, positions.get(k))));
            }
        }
        t.put(StepReference.LOSS, Tensor.of(losses, losses.length));
        t.put(StepReference.CORRECT, Tensor.ofLongs(correct, correct.length));
        t.put(StepReference.TEST_LOGITS, logits(net, test, c.testBatch()));
        return new StepReference(c.name(), c.description(), c.spec(), seed, c.batch(), c.testBatch(), steps, t);
    }

    private static float[] images(SplittableRandom random, int n, long size) {
        float[] out = new float[(int) (n * size)];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) random.nextDouble();
        }
        return out;
    }

    private static Tensor logits(Network net, float[] images, int n) {
        float[][] rows = net.logits(images, n);
        float[] flat = new float[n * rows[0].length];
        for (int i = 0; i < n; i++) {
            System.arraycopy(rows[i], 0, flat, i * rows[0].length, rows[0].length);
        }
        return Tensor.of(flat, n, rows[0].length);
    }

    /** The CPU network as the check's subject: its masks come from the same seed, so useMask only checks. */
    static StepCheck.Subject subject(CpuNetwork net) {
        return new StepCheck.Subject() {
            @Override
            public Network network() {
                return net;
            }

            @Override
            public void useMask(int layer, float[] mask) {
                // the CPU draws the same masks again from the same seed
            }

            @Override
            public Map<String, Tensor> gradients() {
                Map<String, Tensor> out = new LinkedHashMap<>();
                for (CompiledLayer.Parameter p : net.arrays().parameters()) {
                    out.put(p.torchKey(), NetworkArrays.tensor(net.gradients().get(p.variable())));
                }
                return out;
            }
        };
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: GpuReferenceWriter OUTPUT_DIR");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        List<Case> all = new ArrayList<>(kindCases());
        all.addAll(presetCases());
        for (Case c : all) {
            long t0 = System.nanoTime();
            StepReference ref = compute(c, 17);
            ref.write(dir);
            System.out.printf("%-22s %-60s %5.1f s%n", c.name(), c.description(), (System.nanoTime() - t0) / 1e9);
        }
    }
}
