package org.alexnetstudio.train.gpu;

import java.lang.ref.Cleaner;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
import org.bytedeco.javacpp.FloatPointer;

/**
 * A network on the GPU backend: parameters, gradients and momentum stay on the device; every layer's ops
 * are cuDNN, cuBLAS or the backend's kernels, enqueued on one stream. A training step uploads the batch,
 * runs the forward, brings the logits back for the loss (the step stops there when it is not finite),
 * then runs the backward, the SGD update and the running statistics' update. The parameters come back to
 * the host only for the state_dict (checkpoints, exports, the NaN rollback's snapshot) and the Filters tab.
 * Every public method holds the device's lock.
 */
public final class GpuNetwork implements Network {

    private static final Cleaner CLEANER = Cleaner.create();
    /** Inference batches are cut into chunks of at most this many images (the test plan's capacity). */
    static final int TEST_CHUNK = 1024;

    private final NetworkSpec spec;
    private final NetworkAnalysis analysis;
    private final List<LayerReport> reports;
    private final List<GpuLayer> layers;
    private final List<Shape> inputs = new ArrayList<>();
    private final List<Shape> outputs = new ArrayList<>();
    private final int classes;
    private final int firstTrained;
    private final GpuDevice device;
    private final Memory memory;
    private final Masks masks = new Masks();

    /** Everything allocated on the device, freed by {@link #releaseBuffers} (plans) or when unreachable (all). */
    private static final class Memory implements Runnable {
        GpuParameters parameters;
        GpuSgd sgd;
        final Map<Mode, FloatPointer> arenas = new HashMap<>();
        final Map<Mode, PlanLayout> layouts = new HashMap<>();
        final Map<Mode, Map<Integer, GpuPlan>> plans = new HashMap<>();
        FloatPointer staging;
        long stagingFloats;
        FloatPointer logitsHost;
        FloatPointer gradientHost;
        long hostFloats;

        void releasePlans() {
            plans.values().forEach(m -> m.values().forEach(GpuPlan::close));
            plans.clear();
            arenas.values().forEach(Cuda::free);
            arenas.clear();
            layouts.clear();
        }

        @Override
        public void run() {
            GpuDevice.current();
            releasePlans();
            Cuda.freePinned(staging);
            Cuda.freePinned(logitsHost);
            Cuda.freePinned(gradientHost);
            if (sgd != null) {
                sgd.close();
            }
            if (parameters != null) {
                parameters.close();
            }
        }
    }

    /** The dropout stream (seed, draw counter) and masks handed in for the next step. */
    private static final class Masks implements DropoutSource {
        long seed;
        long draws;
        final Map<Integer, FloatPointer> injected = new HashMap<>();

        @Override
        public long seed() {
            return seed;
        }

        @Override
        public long nextDraw() {
            return draws++;
        }

        @Override
        public FloatPointer injected(int layer) {
            return injected.get(layer);
        }
    }

    private GpuNetwork(NetworkSpec spec, long seed, GpuDevice device) {
        this.spec = spec;
        this.analysis = spec.analyze();
        if (!analysis.isValid()) {
            throw new NetworkBuildException(String.join("\n", analysis.errorMessages()));
        }
        this.device = device;
        reports = analysis.layers();
        layers = GpuLayerFactory.forLayers(reports);
        for (LayerReport r : reports) {
            inputs.add(r.input());
            outputs.add(r.output());
        }
        Shape out = analysis.output().orElseThrow();
        classes = out.isSpatial() ? 0 : out.features();
        firstTrained = firstTrained(reports);
        masks.seed = seed;
        memory = new Memory();
        device.lock.lock();
        try {
            GpuDevice.current();
            memory.parameters = new GpuParameters(device, layout(layers), layers.size(), seed);
            memory.sgd = new GpuSgd(device, memory.parameters);
        } catch (RuntimeException e) {
            memory.run();
            throw e;
        } finally {
            device.lock.unlock();
        }
        CLEANER.register(this, memory);
    }

    /** A network with the book's initialisation on the process's GPU. */
    static GpuNetwork build(NetworkSpec spec, long seed) {
        return new GpuNetwork(spec, seed, GpuDevice.get());
    }

    /** The parameter layout of a network's GPU layers (also what the tests compare with the CPU's). */
    static ParameterLayout layout(List<GpuLayer> layers) {
        List<List<ParameterLayout.Spec>> params = new ArrayList<>();
        int[] channels = new int[layers.size()];
        double[] momentum = new double[layers.size()];
        for (int k = 0; k < layers.size(); k++) {
            params.add(layers.get(k).parameters());
            channels[k] = layers.get(k).runningChannels();
            momentum[k] = layers.get(k).runningMomentum();
        }
        return new ParameterLayout(params, channels, momentum);
    }

    /** Index of the first layer with parameters (the layer count when none has any). */
    static int firstTrained(List<LayerReport> layers) {
        for (LayerReport r : layers) {
            if (r.parameters() > 0) {
                return r.index();
            }
        }
        return layers.size();
    }

    /** The plan layout of a mode for a batch capacity (the memory estimate reads it too). */
    static PlanLayout planLayout(List<GpuLayer> layers, List<LayerReport> reports, Mode mode, int capacity) {
        List<Shape> in = new ArrayList<>();
        List<Shape> out = new ArrayList<>();
        for (LayerReport r : reports) {
            in.add(r.input());
            out.add(r.output());
        }
        return new PlanLayout(layers, in, out, mode, capacity);
    }

    private <T> T locked(Supplier<T> action) {
        device.lock.lock();
        try {
            GpuDevice.current();
            return action.get();
        } finally {
            device.lock.unlock();
        }
    }

    private void requireClasses() {
        if (classes == 0) {
            throw new NetworkBuildException(TrainMessages.format("network.outputNotFlat",
                    analysis.output().map(Shape::toString).orElse("?")));
        }
    }

    /** The plan of a mode for n, on that mode's allocation (grown, and its plans rebuilt, for a larger n). */
    private GpuPlan plan(Mode mode, int n) {
        Map<Integer, GpuPlan> ofMode = memory.plans.computeIfAbsent(mode, m -> new HashMap<>());
        GpuPlan p = ofMode.get(n);
        if (p != null) {
            return p;
        }
        PlanLayout layout = memory.layouts.get(mode);
        if (layout == null || layout.capacity < n) {
            device.sync();
            ofMode.values().forEach(GpuPlan::close);
            ofMode.clear();
            Cuda.free(memory.arenas.remove(mode));
            layout = new PlanLayout(layers, inputs, outputs, mode, n);
            memory.arenas.put(mode, Cuda.deviceFloats(layout.total));
            memory.layouts.put(mode, layout);
        } else if (ofMode.size() >= 2) {
            ofMode.values().forEach(GpuPlan::close); // the full batch and one last batch at most
            ofMode.clear();
        }
        p = new GpuPlan(device, layers, reports, layout, memory.arenas.get(mode), n, memory.parameters, masks,
                firstTrained);
        ofMode.put(n, p);
        return p;
    }

    /** Pinned host buffers: the input batch, the logits and their gradient. */
    private void host(long inputFloats, long logitFloats) {
        if (memory.stagingFloats < inputFloats || memory.hostFloats < logitFloats) {
            device.sync(); // the old buffers may still feed a copy
        }
        if (memory.stagingFloats < inputFloats) {
            Cuda.freePinned(memory.staging);
            memory.staging = Cuda.pinnedFloats(inputFloats);
            memory.stagingFloats = inputFloats;
        }
        if (memory.hostFloats < logitFloats) {
            Cuda.freePinned(memory.logitsHost);
            Cuda.freePinned(memory.gradientHost);
            memory.logitsHost = Cuda.pinnedFloats(logitFloats);
            memory.gradientHost = Cuda.pinnedFloats(logitFloats);
            memory.hostFloats = logitFloats;
        }
    }

    /** n images (C×H×W each, PyTorch's order, the device's too) into the plan's input. */
    private void load(GpuPlan plan, float[] images, int from, int n) {
        long values = n * inputs.get(0).elements();
        long offset = from * inputs.get(0).elements();
        if (images.length < offset + values) {
            throw new IllegalArgumentException(images.length + " image values for " + n + " images of "
                    + inputs.get(0));
        }
        host(values, (long) Math.max(1, n) * Math.max(1, classes));
        memory.staging.put(images, Math.toIntExact(offset), Math.toIntExact(values));
        device.upload(plan.input, memory.staging, values);
    }

    private float[] downloadLogits(GpuPlan plan, int n) {
        long values = (long) n * classes;
        device.download(memory.logitsHost, plan.logits, values);
        device.sync();
        float[] out = new float[(int) values];
        memory.logitsHost.get(out);
        return out;
    }

    @Override
    public StepResult trainStep(float[] images, int[] labels, int n, SgdOptimizer optimizer) {
        return locked(() -> {
            requireClasses();
            GpuPlan plan = plan(Mode.TRAIN, n);
            load(plan, images, 0, n);
            for (Runnable f : plan.forward) {
                f.run();
            }
            float[] logits = downloadLogits(plan, n);
            float[] gradient = new float[logits.length];
            SoftmaxLoss.Result r = SoftmaxLoss.compute(logits, labels, n, classes, gradient);
            masks.injected.clear();
            if (!Double.isFinite(r.loss())) {
                return new StepResult(r.loss(), r.correct(), n);
            }
            memory.gradientHost.put(gradient);
            device.upload(plan.logitsGradient, memory.gradientHost, gradient.length);
            for (int k = layers.size() - 1; k >= 0; k--) {
                if (plan.backward[k] != null) {
                    plan.backward[k].run();
                }
            }
            memory.sgd.step(optimizer);
            memory.parameters.commitRunning();
            device.samplePeak();
            return new StepResult(r.loss(), r.correct(), n);
        });
    }

    @Override
    public float[][] logits(float[] images, int n) {
        return locked(() -> {
            requireClasses();
            float[][] out = new float[n][];
            for (int from = 0; from < n; from += TEST_CHUNK) {
                int count = Math.min(TEST_CHUNK, n - from);
                GpuPlan plan = plan(Mode.TEST, count);
                load(plan, images, from, count);
                for (Runnable f : plan.forward) {
                    f.run();
                }
                float[] flat = downloadLogits(plan, count);
                for (int i = 0; i < count; i++) {
                    out[from + i] = java.util.Arrays.copyOfRange(flat, i * classes, (i + 1) * classes);
                }
            }
            return out;
        });
    }

    @Override
    public Explanation explain(float[] image, float[] logitsGradient, int layer) {
        return explainFrom(image, layers.size() - 1, logitsGradient, layer);
    }

    /**
     * One image forward in test mode up to layer {@code from}, and backward from the given gradient of that
     * layer's output down to the input, capturing layer {@code layer}'s output and output gradient (the
     * explanations' general form; {@link #explain} starts at the logits).
     */
    public Explanation explainFrom(float[] image, int from, float[] outputGradient, int layer) {
        return locked(() -> {
            requireClasses(); // as the CPU's
            if (from < 0 || from >= layers.size() || layer < 0 || layer > from
                    || outputGradient.length != outputs.get(from).elements()) {
                throw new IllegalArgumentException("gradient of " + outputGradient.length + " values for layer "
                        + from + " (" + (from >= 0 && from < layers.size() ? outputs.get(from) : "?") + "), layer " + layer);
            }
            GpuPlan plan = plan(Mode.EXPLAIN, 1);
            load(plan, image, 0, 1);
            float[] activation = null;
            for (int k = 0; k <= from; k++) {
                plan.forward[k].run();
                if (k == layer) {
                    activation = device.get(plan.activations[k + 1], outputs.get(k).elements());
                }
            }
            device.put(plan.outputGradients[from], outputGradient, 0, outputGradient.length);
            float[] activationGradient = null;
            for (int k = from; k >= 0; k--) {
                if (k == layer) {
                    activationGradient = device.get(plan.outputGradients[k], outputs.get(k).elements());
                }
                if (plan.backward[k] != null) {
                    plan.backward[k].run();
                }
            }
            float[] inputGradient = device.get(plan.inputGradient, inputs.get(0).elements());
            return new Explanation(inputGradient, activation, activationGradient);
        });
    }

    @Override
    public List<FeatureMap> featureMaps(float[] image) {
        return locked(() -> {
            GpuPlan plan = plan(Mode.TEST, 1);
            load(plan, image, 0, 1);
            List<FeatureMap> maps = new ArrayList<>();
            for (int k = 0; k < layers.size(); k++) {
                plan.forward[k].run();
                LayerReport r = reports.get(k);
                maps.add(new FeatureMap(k, r.layer().kind(), r.output(),
                        device.get(plan.activations[k + 1], r.output().elements())));
            }
            return maps;
        });
    }

    @Override
    public List<ConvWeights> convWeights() {
        return locked(() -> {
            List<ConvWeights> out = new ArrayList<>();
            for (LayerReport r : reports) {
                if (r.layer() instanceof Conv2d) { // the kernels the Filters tab draws
                    ParameterLayout.Entry w = memory.parameters.layout.ofLayer(r.index()).get(0);
                    long[] s = w.shape();
                    out.add(new ConvWeights(r.index(), (int) s[0], (int) s[1], (int) s[2], (int) s[3],
                            device.get(memory.parameters.parameters(r.index())[0], w.size())));
                }
            }
            return out;
        });
    }

    @Override
    public LinkedHashMap<String, Tensor> stateDict() {
        return locked(memory.parameters::stateDict);
    }

    @Override
    public LinkedHashMap<String, long[]> stateDictShapes() {
        return memory.parameters.stateDictShapes();
    }

    @Override
    public void loadStateDict(Map<String, Tensor> dict) {
        locked(() -> {
            memory.parameters.loadStateDict(dict);
            return null;
        });
    }

    @Override
    public Snapshot snapshot() {
        return locked(() -> {
            Map<String, Tensor> velocity = memory.sgd.started()
                    ? memory.parameters.byKey(memory.sgd.velocity()) : new LinkedHashMap<>();
            return new Snapshot(memory.parameters.stateDict(), velocity);
        });
    }

    @Override
    public void restore(Snapshot snapshot) {
        locked(() -> {
            memory.parameters.loadStateDict(snapshot.state());
            if (snapshot.velocity().isEmpty()) {
                memory.sgd.setStarted(false);
            } else {
                memory.parameters.loadByKey(memory.sgd.velocity(), snapshot.velocity());
                memory.sgd.setStarted(true);
            }
            return null;
        });
    }

    @Override
    public void reseed(long seed) {
        locked(() -> {
            masks.seed = seed;
            masks.draws = 0;
            return null;
        });
    }

    @Override
    public void releaseBuffers() {
        locked(() -> {
            device.sync();
            memory.releasePlans();
            return null;
        });
    }

    @Override
    public String engine() {
        return "cudnn";
    }

    @Override
    public int trainingShards() {
        return 1;
    }

    @Override
    public NetworkSpec spec() {
        return spec;
    }

    @Override
    public NetworkAnalysis analysis() {
        return analysis;
    }

    @Override
    public int classes() {
        return classes;
    }

    @Override
    public long parameterCount() {
        return memory.parameters.layout.total();
    }

    // ---------------------------------------------------------------- for the correctness check

    /**
     * For the next training step only: dropout layer {@code layer} applies this mask (n·C·H·W values,
     * 0 or 1/(1 − p)) instead of drawing one, so a step can be compared with the CPU's.
     */
    void useMask(int layer, float[] mask) {
        locked(() -> {
            FloatPointer host = new FloatPointer(mask.length);
            host.put(mask);
            FloatPointer old = masks.injected.put(layer, host);
            if (old != null) {
                old.close();
            }
            return null;
        });
    }

    /** The gradients of the last step by parameter key (overwritten by the SGD's weight decay when used). */
    LinkedHashMap<String, Tensor> gradients() {
        return locked(() -> memory.parameters.byKey(memory.parameters.gradients));
    }
}
