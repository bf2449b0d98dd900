package org.alexnetstudio.train.cpu;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.alexnetstudio.model.Conv2d;
import org.alexnetstudio.model.LayerReport;
import org.alexnetstudio.model.NetworkAnalysis;
import org.alexnetstudio.model.NetworkSpec;
import org.alexnetstudio.model.Shape;
import org.alexnetstudio.train.ConvWeights;
import org.alexnetstudio.train.FeatureMap;
import org.alexnetstudio.train.Network;
import org.alexnetstudio.train.NetworkBuildException;
import org.alexnetstudio.train.SgdOptimizer;
import org.alexnetstudio.train.Tensor;
import org.alexnetstudio.train.TrainMessages;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A network on the CPU backend: ND4J arrays (oneDNN natives), every layer's ops called directly
 * ({@link TrainingStep}, {@link TestForward}), the batch split across the cores for small networks
 * ({@link DataParallel}). Every public method holds one lock: a window thread that asks for
 * predictions while training runs waits at most one batch.
 */
public final class CpuNetwork implements Network {

    private final NetworkArrays arrays;
    private final List<LayerOps> ops;
    private BufferPlan bufferPlan;
    /** Some conv layer still times its two paths: once all have chosen, the steps re-plan without the other's buffers. */
    private boolean choosing;
    private final ReentrantLock lock = new ReentrantLock();
    private final CpuSgd sgd = new CpuSgd();
    private TrainingStep primary;
    private DataParallel parallel;
    private TestForward test;
    private TrainingStep explainStep;
    /** Shards a batch is split into when set (tests, benchmarks); 0: {@link DataParallel#shardsFor}. */
    private int shardsOverride;

    CpuNetwork(NetworkSpec spec, long seed, DataType dtype) {
        NetworkAnalysis analysis = spec.analyze();
        if (!analysis.isValid()) {
            throw new NetworkBuildException(String.join("\n", analysis.errorMessages()));
        }
        ops = LayerOpsFactory.forLayers(analysis.layers());
        arrays = new NetworkArrays(spec, seed, dtype, ops.stream().map(LayerOps::state).toList());
        bufferPlan = plan(analysis.layers(), ops, arrays.classes);
        choosing = ops.stream().anyMatch(o -> o instanceof ConvOps c && c.measures());
    }

    /** The layers' ops (tests). */
    List<LayerOps> opsForTests() {
        return ops;
    }

    /** The buffer plan the steps allocate from now (tests). */
    BufferPlan bufferPlan() {
        return locked(() -> bufferPlan);
    }

    /** After a step: once every measured conv layer has chosen, its buffers for the other path are freed. */
    private void replanWhenChosen() {
        if (!choosing || ops.stream().anyMatch(o -> o instanceof ConvOps c && c.measures() && c.decision() == null)) {
            return;
        }
        choosing = false;
        bufferPlan = plan(arrays.analysis.layers(), ops, arrays.classes);
        if (parallel != null) {
            parallel.replan(bufferPlan);
        } else if (primary != null) {
            primary.replan(bufferPlan);
        }
        if (explainStep != null) {
            explainStep.replan(bufferPlan);
        }
    }

    /** The buffer plan of a valid network's layers (also what the memory estimate reads). */
    static BufferPlan plan(List<LayerReport> layers, List<LayerOps> ops, int classes) {
        List<Shape> inputs = new ArrayList<>();
        List<Shape> outputs = new ArrayList<>();
        for (LayerReport r : layers) {
            inputs.add(r.input());
            outputs.add(r.output());
        }
        return new BufferPlan(inputs, outputs, ops.stream().map(LayerOps::needs).toList(), classes);
    }

    /** In float32, the precision the app trains in. */
    static CpuNetwork build(NetworkSpec spec, long seed) {
        return new CpuNetwork(spec, seed, DataType.FLOAT);
    }

    private <T> T locked(Supplier<T> action) {
        lock.lock();
        try {
            return action.get();
        } finally {
            lock.unlock();
        }
    }

    private void requireClasses() {
        if (arrays.classes == 0) {
            throw new NetworkBuildException(TrainMessages.format("network.outputNotFlat",
                    arrays.analysis.output().map(Shape::toString).orElse("?")));
        }
    }

    /** The training step (and the shards), built on first use. */
    private TrainingStep primary() {
        if (primary == null) {
            int shards = shardsOverride > 0 ? shardsOverride : DataParallel.shardsFor(arrays.parameterCount());
            if (shards <= 1) {
                primary = new TrainingStep(arrays, ops, bufferPlan, null, 0);
            } else {
                ShardLink link = new ShardLink(shards);
                primary = new TrainingStep(arrays, ops, bufferPlan, link, 0);
                TrainingStep[] others = new TrainingStep[shards - 1];
                for (int s = 1; s < shards; s++) {
                    others[s - 1] = new TrainingStep(arrays, ops, bufferPlan, link, s);
                }
                parallel = new DataParallel(arrays, primary, others, link);
            }
        }
        return primary;
    }

    private TestForward test() {
        if (test == null) {
            test = new TestForward(arrays, ops, bufferPlan, false);
        }
        return test;
    }

    @Override
    public StepResult trainStep(float[] images, int[] labels, int n, SgdOptimizer optimizer) {
        return locked(() -> {
            requireClasses();
            TrainingStep step = primary();
            if (parallel != null && parallel.splits(n)) {
                TrainingStep.Pass pass = DataParallel.withSingleThreadedBlas(
                        () -> parallel.step(images, labels, n, sgd, optimizer));
                replanWhenChosen();
                return new StepResult(pass.loss(), pass.correct(), n);
            }
            TrainingStep.Pass pass = step.forwardBackward(images, labels, n);
            if (Double.isFinite(pass.loss())) {
                sgd.step(optimizer, arrays.parameters(), arrays::array, step.gradients());
                for (TrainingContext.Norm bn : pass.plan().context.norms) {
                    arrays.runningStatistics(bn.layer()).update(bn.mean(), bn.var(), bn.positions() * pass.examples());
                }
            }
            replanWhenChosen();
            return new StepResult(pass.loss(), pass.correct(), n);
        });
    }

    /**
     * Forward and backward without an update, split across the shards when this network splits a batch
     * of n (tests): the gradients are then in {@link #gradients()}.
     */
    TrainingStep.Pass forwardBackward(float[] images, int[] labels, int n) {
        return locked(() -> {
            TrainingStep step = primary();
            return parallel != null && parallel.splits(n) ? parallel.forwardBackward(images, labels, n)
                    : step.forwardBackward(images, labels, n);
        });
    }

    @Override
    public float[][] logits(float[] images, int n) {
        return locked(() -> {
            requireClasses();
            return test().logits(images, n);
        });
    }

    @Override
    public Explanation explainFrom(float[] image, int from, float[] outputGradient, int layer) {
        return locked(() -> {
            requireClasses();
            List<CompiledLayer> layers = arrays.layers();
            if (from < 0 || from >= layers.size() || layer < 0 || layer > from) {
                throw new IllegalArgumentException("backward from layer " + from + " capturing layer " + layer
                        + " in a network of " + layers.size() + " layers");
            }
            Shape fromShape = layers.get(from).output();
            if (outputGradient.length != fromShape.elements()) {
                throw new IllegalArgumentException("gradient of " + outputGradient.length + " values for layer "
                        + from + "'s output " + fromShape);
            }
            if (explainStep == null) {
                explainStep = new TrainingStep(arrays, ops, bufferPlan, null, 0, true);
            }
            TrainingPlan plan = explainStep.explainPlan(from, layer);
            ImageInput.load(plan.activations[0], layers.get(0).input(), image, 0, 1);
            ImageInput.load(plan.startGradient, fromShape, outputGradient, 0, 1); // C×H×W → channels-last
            plan.forward.forEach(Runnable::run);
            plan.backward.forEach(Runnable::run);
            Shape output = layers.get(layer).output();
            return new Explanation(pytorchOrder(plan.inputGradient, layers.get(0).input()),
                    pytorchOrder(plan.capturedActivation, output), pytorchOrder(plan.capturedGradient, output));
        });
    }

    /** Example 0 of a channels-last array as floats in PyTorch's C, H, W order. */
    private static float[] pytorchOrder(INDArray a, Shape shape) {
        INDArray first = a.get(org.nd4j.linalg.indexing.NDArrayIndex.point(0));
        return NetworkArrays.tensor((shape.isSpatial() ? first.permute(2, 0, 1) : first).dup('c')).floats();
    }

    @Override
    public List<FeatureMap> featureMaps(float[] image) {
        return locked(() -> {
            TestForward all = new TestForward(arrays, ops, bufferPlan, true);
            try {
                all.run(image, 1);
                List<FeatureMap> maps = new ArrayList<>();
                for (CompiledLayer l : arrays.layers()) {
                    maps.add(new FeatureMap(l.index(), l.spec().kind(), l.output(), all.activation(l.index() + 1, l.output())));
                }
                return maps;
            } finally {
                all.release();
            }
        });
    }

    @Override
    public List<ConvWeights> convWeights() {
        return locked(() -> {
            List<ConvWeights> out = new ArrayList<>();
            for (CompiledLayer l : arrays.layers()) {
                if (l.spec() instanceof Conv2d) { // the kernels the Filters tab draws
                    CompiledLayer.Parameter w = l.parameters().get(0);
                    long[] s = w.shape();
                    out.add(new ConvWeights(l.index(), (int) s[0], (int) s[1], (int) s[2], (int) s[3],
                            NetworkArrays.tensor(arrays.array(w.variable())).floats()));
                }
            }
            return out;
        });
    }

    @Override
    public LinkedHashMap<String, Tensor> stateDict() {
        return locked(arrays::stateDict);
    }

    @Override
    public LinkedHashMap<String, long[]> stateDictShapes() {
        return arrays.stateDictShapes();
    }

    @Override
    public void loadStateDict(Map<String, Tensor> dict) {
        locked(() -> {
            arrays.loadStateDict(dict);
            return null;
        });
    }

    @Override
    public Snapshot snapshot() {
        return locked(() -> {
            Map<String, Tensor> velocity = new LinkedHashMap<>();
            for (CompiledLayer.Parameter p : arrays.parameters()) {
                INDArray v = sgd.velocity().get(p.variable());
                if (v != null) {
                    velocity.put(p.torchKey(), NetworkArrays.tensor(v));
                }
            }
            return new Snapshot(arrays.stateDict(), velocity);
        });
    }

    @Override
    public void restore(Snapshot snapshot) {
        locked(() -> {
            arrays.loadStateDict(snapshot.state());
            Map<String, INDArray> velocity = new LinkedHashMap<>();
            for (CompiledLayer.Parameter p : arrays.parameters()) {
                Tensor v = snapshot.velocity().get(p.torchKey());
                if (v != null) {
                    velocity.put(p.variable(), NetworkArrays.array(v, arrays.dtype));
                }
            }
            sgd.setVelocity(velocity);
            return null;
        });
    }

    @Override
    public void reseed(long seed) {
        Nd4j.getRandom().setSeed(seed);
    }

    @Override
    public void releaseBuffers() {
        locked(() -> {
            if (primary != null) {
                primary.release();
            }
            if (parallel != null) {
                parallel.release();
            }
            if (test != null) {
                test.release();
            }
            if (explainStep != null) {
                explainStep.release();
            }
            return null;
        });
    }

    @Override
    public String engine() {
        return "direct";
    }

    @Override
    public int trainingShards() {
        return locked(() -> {
            primary();
            return parallel == null ? 1 : parallel.shards();
        });
    }

    @Override
    public int choosingSteps() {
        return locked(() -> choosing ? ConvPathChoice.steps() : 0);
    }

    @Override
    public String kernelChoices() {
        List<String> parts = new ArrayList<>();
        for (LayerOps o : ops) {
            if (o instanceof ConvOps c && c.decision() != null) {
                ConvPathChoice.Decision d = c.decision();
                parts.add(String.format(java.util.Locale.ROOT, "conv %d %s (oneDNN %.1f ms, GEMM %.1f ms)",
                        c.index(), d.label(), d.onednnMs(), d.gemmMs()));
            }
        }
        return String.join(", ", parts);
    }

    @Override
    public NetworkSpec spec() {
        return arrays.spec;
    }

    @Override
    public NetworkAnalysis analysis() {
        return arrays.analysis;
    }

    @Override
    public int classes() {
        return arrays.classes;
    }

    @Override
    public long parameterCount() {
        return arrays.parameterCount();
    }

    // ---------------------------------------------------------------- for tests and benchmarks

    NetworkArrays arrays() {
        return arrays;
    }

    /** Gradients of the last pass by parameter variable (the whole batch's when split). */
    Map<String, INDArray> gradients() {
        return locked(() -> primary().gradients());
    }

    TrainingStep primaryStep() {
        return locked(this::primary);
    }

    TestForward testForward() {
        return locked(this::test);
    }

    /** From the next step on, each batch is split into this many shards (1: none). */
    void useShards(int shards) {
        locked(() -> {
            shardsOverride = Math.max(1, shards);
            releaseSteps();
            return null;
        });
    }

    private void releaseSteps() {
        if (primary != null) {
            primary.release();
        }
        if (parallel != null) {
            parallel.release();
        }
        primary = null;
        parallel = null;
    }

    /** Bytes held by the training step's and the test forward's buffers. */
    long bufferBytes() {
        return locked(() -> (primary == null ? 0 : primary.bufferBytes())
                + (parallel == null ? 0 : parallel.otherBufferBytes()) + (test == null ? 0 : test.bytes()));
    }
}
