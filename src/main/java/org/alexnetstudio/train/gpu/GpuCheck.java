package org.alexnetstudio.train.gpu;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.alexnetstudio.model.NetworkSpec;
import org.alexnetstudio.model.Preset;
import org.alexnetstudio.model.Presets;
import org.alexnetstudio.train.RandomBatch;
import org.alexnetstudio.train.SgdOptimizer;

/**
 * The GPU machine's checks, without ND4J (bench/gpu-check.sh runs them from the carried bundle):
 * <ul>
 *   <li>{@code probe}: what the GPU backend finds (driver, GPU, libraries), or what is missing;</li>
 *   <li>{@code correctness DIR}: every reference case of DIR (computed by the CPU, bench/gpu-pack.sh)
 *       repeated on the GPU, one table;</li>
 *   <li>{@code bench PRESET BATCH [STEPS [WARMUP [RESIZE]]]}: training steps on random inputs, one JSON line
 *       with examples/sec and peak device memory.</li>
 * </ul>
 * Exit status 0 when everything passed, 1 when a check failed, 3 without a usable GPU.
 */
public final class GpuCheck {

    private GpuCheck() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0) {
            err.println("usage: GpuCheck probe | correctness DIR | bench PRESET BATCH [STEPS [WARMUP [RESIZE]]]");
            return 2;
        }
        GpuStatus status = GpuProbe.status();
        if (!status.usable()) {
            err.println("No usable GPU: " + status.reason());
            return 3;
        }
        GpuDevice device = GpuDevice.get();
        out.println("GPU: " + status.summary() + (device.tf32 ? "; TF32 on" : "; TF32 off (fp32 math)"));
        try {
            return switch (args[0]) {
                case "probe" -> 0;
                case "correctness" -> correctness(Path.of(args[1]), out, err);
                case "bench" -> bench(args, out);
                default -> {
                    err.println("unknown check " + args[0]);
                    yield 2;
                }
            };
        } catch (Exception e) {
            err.println(args[0] + " failed: " + e);
            e.printStackTrace(err);
            return 1;
        }
    }

    static int correctness(Path dir, PrintStream out, PrintStream err) throws Exception {
        List<StepReference.Row> rows = new ArrayList<>();
        for (String name : StepReference.names(dir)) {
            long t0 = System.nanoTime();
            try {
                StepReference ref = StepReference.read(dir, name);
                GpuNetwork net = GpuNetwork.build(ref.spec(), ref.seed());
                List<StepReference.Row> r = StepCheck.run(ref, StepCheck.of(net));
                net.releaseBuffers();
                rows.addAll(r);
                long failed = r.stream().filter(x -> !x.passed()).count();
                err.printf(Locale.ROOT, "%-24s %2d rows, %d failed, %.1f s%n", name, r.size(), failed,
                        (System.nanoTime() - t0) / 1e9);
            } catch (Exception | Error e) {
                // the stack trace helps the next session; the table says which case
                err.println(name + ": " + e);
                e.printStackTrace(err);
                rows.add(new StepReference.Row(name, "ran", Double.POSITIVE_INFINITY, String.valueOf(e.getMessage()), 0));
            }
        }
        out.print(StepReference.table(rows));
        return rows.stream().allMatch(StepReference.Row::passed) ? 0 : 1;
    }

    /** Random inputs in [0, 1), labels below the class count; the book's SGD (lr 0.01, no momentum). */
    static int bench(String[] args, PrintStream out) {
        Preset p = Presets.byId(args[1]).orElseThrow(() -> new IllegalArgumentException("unknown preset " + args[1]));
        int batch = Integer.parseInt(args[2]);
        int steps = args.length > 3 ? Integer.parseInt(args[3]) : 20;
        int warmup = args.length > 4 ? Integer.parseInt(args[4]) : 3;
        NetworkSpec spec = args.length > 5 ? p.spec().withResize(Integer.parseInt(args[5])) : p.spec();
        GpuDevice device = GpuDevice.get();
        long free0 = freeBytes(device);
        long t0 = System.nanoTime();
        GpuNetwork net = GpuNetwork.build(spec, 0);
        RandomBatch data = RandomBatch.of(spec.input().elements(), batch, net.classes(), 0);
        float[] images = data.images();
        int[] labels = data.labels();
        SgdOptimizer sgd = new SgdOptimizer(0.01, 0, 0);
        long lowest = free0;
        double first = 0;
        for (int k = 0; k < warmup; k++) {
            long s = System.nanoTime();
            net.trainStep(images, labels, batch, sgd);
            if (k == 0) {
                first = (System.nanoTime() - s) / 1e9; // includes cuDNN's algorithm search
            }
            lowest = Math.min(lowest, freeBytes(device));
        }
        double[] seconds = new double[steps];
        for (int k = 0; k < steps; k++) {
            long s = System.nanoTime();
            net.trainStep(images, labels, batch, sgd);
            seconds[k] = (System.nanoTime() - s) / 1e9;
            lowest = Math.min(lowest, freeBytes(device));
        }
        device.lock.lock();
        try {
            device.sync();
        } finally {
            device.lock.unlock();
        }
        double[] sorted = seconds.clone();
        Arrays.sort(sorted);
        double median = steps % 2 == 1 ? sorted[steps / 2] : (sorted[steps / 2 - 1] + sorted[steps / 2]) / 2;
        double total = Arrays.stream(seconds).sum();
        out.println(String.format(Locale.ROOT, "{\"side\": \"alexnet-studio\", \"preset\": \"%s\", \"input\": \"%s\", "
                        + "\"batch\": %d, \"steps\": %d, \"medianStepSec\": %.5f, \"examplesPerSec\": %.1f, "
                        + "\"meanExamplesPerSec\": %.1f, \"firstStepSec\": %.3f, \"peakDeviceBytes\": %d, \"tf32\": %s, "
                        + "\"setupSec\": %.3f}",
                p.id(), spec.input(), batch, steps, median, batch / median, batch * steps / total, first,
                free0 - lowest, device.tf32, (System.nanoTime() - t0) / 1e9 - total));
        net.releaseBuffers();
        return 0;
    }

    private static long freeBytes(GpuDevice device) {
        device.lock.lock();
        try {
            GpuDevice.current();
            return device.freeBytes();
        } finally {
            device.lock.unlock();
        }
    }
}
