package org.alexnetstudio.train.cpu;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.alexnetstudio.model.NetworkSpec;
import org.alexnetstudio.model.Presets;
import org.alexnetstudio.train.EngineBootstrap;
import org.alexnetstudio.train.SgdOptimizer;

/**
 * Benchmark (not a test): the CPU backend's training step of a preset op by op ({@link TrainingStep#profile}),
 * milliseconds per step averaged over the timed steps, after warm-up.
 *
 * <pre>
 * mvn -o -q test-compile
 * java -cp target/classes:target/test-classes:$(cat cp.txt) org.alexnetstudio.train.cpu.StepProfileBench \
 *     [preset] [resize] [batch] [steps]
 * </pre>
 */
public final class StepProfileBench {

    private StepProfileBench() {
    }

    public static void main(String[] args) {
        String preset = args.length > 0 ? args[0] : "alexnet-mini";
        int resize = args.length > 1 ? Integer.parseInt(args[1]) : 28;
        int batch = args.length > 2 ? Integer.parseInt(args[2]) : 128;
        int steps = args.length > 3 ? Integer.parseInt(args[3]) : 20;
        EngineBootstrap.awaitReady(); // passive OpenMP threads, as the app runs
        NetworkSpec spec = Presets.byId(preset).orElseThrow().spec().withResize(resize);
        CpuNetwork net = CpuNetwork.build(spec, 1);
        TrainingStep direct = net.primaryStep();
        int shards = net.trainingShards();
        Random random = new Random(1);
        float[] images = new float[(int) (batch * spec.input().elements())];
        for (int k = 0; k < images.length; k++) {
            images[k] = random.nextFloat();
        }
        int[] labels = new int[batch];
        for (int k = 0; k < batch; k++) {
            labels[k] = random.nextInt(10);
        }
        SgdOptimizer sgd = new SgdOptimizer(0.01, 0.9, 5e-4);
        for (int k = 0; k < 5; k++) {
            net.trainStep(images, labels, batch, sgd);
        }
        Map<String, Long> nanos = new LinkedHashMap<>();
        direct.profile(nanos);
        long t0 = System.nanoTime();
        for (int k = 0; k < steps; k++) {
            net.trainStep(images, labels, batch, sgd);
        }
        double stepMs = (System.nanoTime() - t0) / 1e6 / steps;
        direct.profile(null);
        List<CompiledLayer> layers = net.arrays().layers();
        List<String> names = new ArrayList<>();
        for (CompiledLayer l : layers) {
            names.add("fwd " + l.index() + " " + l.spec().kind());
        }
        names.add("fwd loss");
        List<String> back = new ArrayList<>();
        back.add("bwd loss");
        int firstTrained = layers.stream().filter(l -> !l.parameters().isEmpty()).findFirst().orElseThrow().index();
        for (int k = layers.size() - 1; k >= firstTrained; k--) {
            String kind = layers.get(k).spec().kind();
            if (!kind.equals("Flatten") || layers.get(k).input().isSpatial()) {
                back.add("bwd " + k + " " + kind);
            }
        }
        double total = 0;
        int f = 0;
        int b = 0;
        for (Map.Entry<String, Long> e : nanos.entrySet()) {
            String key = e.getKey();
            String label = key.startsWith("fwd") ? names.get(f++) : (b < back.size() ? back.get(b++) : key);
            double ms = e.getValue() / 1e6 / steps;
            total += ms;
            System.out.printf(Locale.ROOT, "%-28s %8.2f ms%n", label, ms);
        }
        System.out.printf(Locale.ROOT, "ops total %.1f ms, step %.1f ms (%.0f examples/s)%n", total, stepMs,
                batch * 1000.0 / stepMs);
        if (shards > 1) {
            // the ops above are the first shard's, batch norm's waits for the others included
            System.out.printf(Locale.ROOT, "batch split into %d shards: op times are shard 0's (%d examples)%n",
                    shards, (batch + shards - 1) / shards);
        }
        // Outside the ops: loading, masks, counting (in forwardBackward), the optimizer, running statistics.
        long pass = 0;
        long whole = 0;
        for (int k = 0; k < steps; k++) {
            long t1 = System.nanoTime();
            net.forwardBackward(images, labels, batch);
            long t2 = System.nanoTime();
            net.trainStep(images, labels, batch, sgd);
            pass += t2 - t1;
            whole += System.nanoTime() - t2;
        }
        System.out.printf(Locale.ROOT, "forwardBackward %.1f ms, whole step %.1f ms (the rest: optimizer, running "
                + "statistics)%n", pass / 1e6 / steps, whole / 1e6 / steps);
    }
}
