package org.alexnetstudio.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.alexnetstudio.model.NetworkAnalysis;
import org.alexnetstudio.model.NetworkSpec;
import org.alexnetstudio.model.Preset;
import org.alexnetstudio.model.Presets;
import org.alexnetstudio.train.CpuIsa;
import org.alexnetstudio.train.EngineInfo;
import org.alexnetstudio.train.MemoryAdvice;
import org.alexnetstudio.train.MemoryEstimate;
import org.alexnetstudio.train.Network;
import org.alexnetstudio.train.Networks;
import org.alexnetstudio.train.RandomBatch;
import org.alexnetstudio.train.SgdOptimizer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bench}: the time of one training step (forward, backward, SGD) on random inputs. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Times training steps of a preset on random inputs (no dataset needed).",
            "Reports median and min step time, examples/sec, peak memory, backend and natives."})
public final class BenchCommand implements Callable<Integer> {

    @Spec
    CommandSpec commandSpec;

    @Option(names = "--preset", paramLabel = "ID", defaultValue = "alexnet",
            description = "The network: alexnet (default), alexnet-mini, lenet, alexnet-2012.")
    String preset;

    @Option(names = "--resize", paramLabel = "N", description = "Input size (default: the preset's).")
    Integer resize;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "128", description = "Examples per step (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--steps", paramLabel = "N", defaultValue = "10", description = "Timed steps (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--warmup", paramLabel = "N", defaultValue = "2", description = "Untimed steps first (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--json", description = "One JSON object instead of text.")
    boolean json;

    @picocli.CommandLine.Mixin
    DeviceOption device = new DeviceOption();

    @Override
    public Integer call() {
        PrintWriter out = commandSpec.commandLine().getOut();
        PrintWriter err = commandSpec.commandLine().getErr();
        Preset p = Presets.byId(preset).orElse(null);
        if (p == null) {
            err.println(Cli.unknownPreset(preset));
            return ExitCode.USAGE;
        }
        if (batch < 1 || steps < 1 || warmup < 0) {
            err.println("--batch and --steps must be at least 1, --warmup at least 0");
            return ExitCode.USAGE;
        }
        NetworkSpec spec = resize != null ? p.spec().withResize(resize) : p.spec();
        NetworkAnalysis analysis = spec.analyze();
        if (!analysis.isValid()) {
            analysis.errorMessages().forEach(err::println);
            return ExitCode.USAGE;
        }
        device.apply();
        EngineInfo engine = device.ready(err);
        if (engine == null) {
            return ExitCode.USAGE;
        }
        MemoryEstimate memory = MemoryEstimate.of(analysis, batch, false);
        if (!memory.fits()) {
            err.println(MemoryAdvice.refusal(memory, analysis, batch, false));
            return ExitCode.FAILED;
        }
        // On a GPU: device memory taken since the engine started, sampled between steps
        long free0 = engine.isGpu() ? Networks.backend().availableBytes() : 0;
        long lowest = free0;
        Network net = Networks.build(spec, 0);
        if (net.classes() == 0) {
            err.println("The network must end in a flat vector of class scores");
            return ExitCode.USAGE;
        }
        RandomBatch data = RandomBatch.of(spec.input().elements(), batch, net.classes(), 0);
        float[] images = data.images();
        int[] labels = data.labels();
        SgdOptimizer sgd = new SgdOptimizer(0.01, 0, 0);
        // The engine's own kernel measurements (the first steps of every run) belong to the warm-up.
        int untimed = Math.max(warmup, net.choosingSteps());
        for (int k = 0; k < untimed; k++) {
            net.trainStep(images, labels, batch, sgd);
            lowest = engine.isGpu() ? Math.min(lowest, Networks.backend().availableBytes()) : 0;
        }
        double[] seconds = new double[steps];
        for (int k = 0; k < steps; k++) {
            long t0 = System.nanoTime();
            net.trainStep(images, labels, batch, sgd);
            seconds[k] = (System.nanoTime() - t0) / 1e9;
            lowest = engine.isGpu() ? Math.min(lowest, Networks.backend().availableBytes()) : 0;
        }
        long peakDevice = free0 - lowest;
        double[] sorted = seconds.clone();
        Arrays.sort(sorted);
        double median = steps % 2 == 1 ? sorted[steps / 2] : (sorted[steps / 2 - 1] + sorted[steps / 2]) / 2;
        double min = sorted[0];
        long peakRss = peakRssBytes();
        if (json) {
            out.println(String.format(Locale.ROOT, "{\"preset\": \"%s\", \"input\": \"%s\", \"batch\": %d, \"steps\": %d, "
                    + "\"medianStepSec\": %.4f, \"minStepSec\": %.4f, \"examplesPerSec\": %.1f, "
                    + "\"peakRssBytes\": %d, \"backend\": \"%s\", \"device\": \"%s\", \"deviceName\": \"%s\", "
                    + "\"natives\": \"%s\", \"threads\": %d, \"engine\": \"%s\", \"shards\": %d, "
                    + "\"peakDeviceBytes\": %d, \"isa\": \"%s\", \"cpu\": \"%s\", \"kernels\": \"%s\"}",
                    p.id(), spec.input(), batch, steps, median, min, batch / median, peakRss, engine.backend(),
                    engine.device(), engine.deviceName(), engine.natives(), engine.threads(), net.engine(),
                    net.trainingShards(), peakDevice, CpuIsa.current().label(), CpuIsa.modelName().replace("\"", "'"),
                    net.kernelChoices()));
        } else {
            out.println(String.format(Locale.ROOT, "%s, input %s, batch %d, %d steps after %d warm-up",
                    p.id(), spec.input(), batch, steps, untimed));
            out.println(String.format(Locale.ROOT, "step time: median %.3f s, min %.3f s", median, min));
            out.println(String.format(Locale.ROOT, "%.1f examples/sec on %s (median step)", batch / median,
                    engine.device()));
            out.println(peakRss > 0 ? String.format(Locale.ROOT, "peak RSS %.2f GB", peakRss / 1e9)
                    : "peak RSS unknown (no /proc/self/status)");
            if (engine.isGpu()) {
                out.println(String.format(Locale.ROOT, "peak device memory %.2f GiB (taken since the engine started)",
                        peakDevice / (double) (1L << 30)));
            }
            out.println(engine.summary() + ", training step: " + net.engine()
                    + (net.trainingShards() > 1 ? ", batch split across " + net.trainingShards() + " threads" : ""));
            if (!net.kernelChoices().isEmpty()) {
                out.println("measured in the first steps: " + net.kernelChoices());
            }
        }
        out.flush();
        return 0;
    }

    /** VmHWM of /proc/self/status (Linux); 0 elsewhere. */
    static long peakRssBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("\\D+", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return 0;
    }
}
