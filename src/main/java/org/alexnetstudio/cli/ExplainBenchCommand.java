package org.alexnetstudio.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.alexnetstudio.model.NetworkSpec;
import org.alexnetstudio.model.Preset;
import org.alexnetstudio.model.Presets;
import org.alexnetstudio.train.EngineInfo;
import org.alexnetstudio.train.Network;
import org.alexnetstudio.train.Networks;
import org.alexnetstudio.train.RandomBatch;
import org.alexnetstudio.train.explain.ActivationMaximisation;
import org.alexnetstudio.train.explain.ExplainLayers;
import org.alexnetstudio.train.explain.Explainer;
import org.alexnetstudio.train.explain.Progress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bench-explain}: how long each explanation of one image takes (docs/performance.md, issue 19). */
@Command(name = "bench-explain", mixinStandardHelpOptions = true,
        description = {"Times the explanations of one random image on a preset (no dataset or checkpoint needed):",
            "saliency + Grad-CAM (one backward pass), SmoothGrad (25 copies), occlusion, one activation-maximisation",
            "step, and the test-mode forward of one image for comparison. Prints the load average before and after:",
            "timings taken while other programs compete for the cores are noise."})
public final class ExplainBenchCommand implements Callable<Integer> {

    @Spec
    CommandSpec commandSpec;

    @Option(names = "--preset", paramLabel = "ID", defaultValue = "alexnet-mini",
            description = "The network: alexnet-mini (default), alexnet, lenet, alexnet-2012.")
    String preset;

    @Option(names = "--resize", paramLabel = "N", description = "Input size (default: the preset's).")
    Integer resize;

    @Option(names = "--repeats", paramLabel = "N", defaultValue = "20",
            description = "Timed repetitions of the fast measurements (default: ${DEFAULT-VALUE}).")
    int repeats;

    @Option(names = "--patch", paramLabel = "N", defaultValue = "4", description = "Occlusion patch (default: ${DEFAULT-VALUE}).")
    int patch;

    @Option(names = "--stride", paramLabel = "N", defaultValue = "2", description = "Occlusion stride (default: ${DEFAULT-VALUE}).")
    int stride;

    @picocli.CommandLine.Mixin
    DeviceOption device = new DeviceOption();

    @Option(names = "--skip-slow", description = "Only saliency + Grad-CAM and the forward (for the book's AlexNet).")
    boolean skipSlow;

    @Override
    public Integer call() {
        PrintWriter out = commandSpec.commandLine().getOut();
        PrintWriter err = commandSpec.commandLine().getErr();
        Preset p = Presets.byId(preset).orElse(null);
        if (p == null) {
            err.println(Cli.unknownPreset(preset));
            return ExitCode.USAGE;
        }
        if (repeats < 1 || patch < 1 || stride < 1) {
            err.println("--repeats, --patch and --stride must be at least 1");
            return ExitCode.USAGE;
        }
        NetworkSpec spec = resize != null ? p.spec().withResize(resize) : p.spec();
        if (!spec.analyze().isValid()) {
            spec.analyze().errorMessages().forEach(err::println);
            return ExitCode.USAGE;
        }
        String loadBefore = loadAverage();
        device.apply();
        EngineInfo engine = device.ready(err);
        if (engine == null) {
            return ExitCode.USAGE;
        }
        Network net = Networks.build(spec, 0);
        Explainer explainer = new Explainer(net);
        float[] image = RandomBatch.of(spec.input().elements(), 1, 1, 0).images();
        int conv = ExplainLayers.lastConv(spec);
        int cam = conv < 0 ? -1 : ExplainLayers.camLayer(spec, conv);
        out.println(String.format(Locale.ROOT, "%s, input %s, Grad-CAM at layer %d; %s", p.id(), spec.input(), cam,
                engine.summary()));
        out.println("load average before: " + loadBefore);
        explainer.gradients(image, 0, cam); // warm-up: plans, buffers, JIT
        net.logits(image, 1);
        double[] forward = time(repeats, k -> net.logits(image, 1));
        report(out, "test-mode forward, 1 image", forward);
        double[] gradients = time(repeats, k -> explainer.gradients(image, k % net.classes(), cam));
        report(out, "saliency + Grad-CAM, 1 image, 1 class", gradients);
        if (!skipSlow) {
            explainer.smoothGrad(image, 0, 2, 0.15, 1, Progress.NONE);
            double[] smooth = time(3, k -> explainer.smoothGrad(image, 0, 25, 0.15, k, Progress.NONE));
            report(out, "SmoothGrad, 25 copies", smooth);
            int positions = org.alexnetstudio.train.explain.Occlusion.positions(spec.input().height(), patch, stride).length
                    * org.alexnetstudio.train.explain.Occlusion.positions(spec.input().width(), patch, stride).length;
            explainer.occlusion(image, patch, stride, Progress.NONE);
            double[] occlusion = time(3, k -> explainer.occlusion(image, patch, stride, Progress.NONE));
            report(out, String.format(Locale.ROOT, "occlusion %d×%d stride %d (%d images, every class)", patch, patch,
                    stride, positions), occlusion);
            ActivationMaximisation.Settings s = ActivationMaximisation.Settings.defaults(spec.input().height())
                    .withSteps(20);
            ActivationMaximisation.forClass(net, 0, s.withSteps(2), Progress.NONE);
            double[] ascent = time(3, k -> ActivationMaximisation.forClass(net, k % net.classes(), s, Progress.NONE));
            for (int k = 0; k < ascent.length; k++) {
                ascent[k] /= 21; // 20 steps and the final score
            }
            report(out, "activation maximisation, per step", ascent);
        }
        out.println("load average after: " + loadAverage());
        out.flush();
        return ExitCode.OK;
    }

    private interface Work {
        void run(int k);
    }

    private static double[] time(int n, Work work) {
        double[] ms = new double[n];
        for (int k = 0; k < n; k++) {
            long t0 = System.nanoTime();
            work.run(k);
            ms[k] = (System.nanoTime() - t0) / 1e6;
        }
        return ms;
    }

    private static void report(PrintWriter out, String what, double[] ms) {
        double[] s = ms.clone();
        Arrays.sort(s);
        double median = s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
        out.println(String.format(Locale.ROOT, "%-52s median %8.1f ms, min %8.1f ms, max %8.1f ms (%d runs)", what,
                median, s[0], s[s.length - 1], s.length));
        out.flush();
    }

    private static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return parts[0] + " " + parts[1] + " " + parts[2] + " (1, 5, 15 min)";
        } catch (IOException | RuntimeException e) {
            return "unknown (no /proc/loadavg)";
        }
    }
}
