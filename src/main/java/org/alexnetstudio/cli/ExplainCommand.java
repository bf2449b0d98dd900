package org.alexnetstudio.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import javax.imageio.ImageIO;
import org.alexnetstudio.data.AtomicFiles;
import org.alexnetstudio.data.DataException;
import org.alexnetstudio.data.FashionMnist;
import org.alexnetstudio.data.FileErrors;
import org.alexnetstudio.model.PyTorchCode;
import org.alexnetstudio.model.Shape;
import org.alexnetstudio.train.Checkpoint;
import org.alexnetstudio.train.Network;
import org.alexnetstudio.train.Npz;
import org.alexnetstudio.train.Tensor;
import org.alexnetstudio.train.explain.ExplainLayers;
import org.alexnetstudio.train.explain.Explainer;
import org.alexnetstudio.train.explain.Heatmaps;
import org.alexnetstudio.train.explain.Occlusion;
import org.alexnetstudio.train.explain.Progress;
import org.alexnetstudio.viz.ArgbImage;
import org.alexnetstudio.viz.HeatmapImages;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code explain}: saliency, SmoothGrad, Grad-CAM or occlusion maps of a checkpoint's predictions, as PNG and .npy. */
@Command(name = "explain", mixinStandardHelpOptions = true,
        description = {"Why did the network say that? Writes, for each image, a heat map of the pixels behind a class:",
            "  saliency   |d score / d pixel| (max over channels); with --smoothgrad N the mean over N noisy copies",
            "  gradcam    Grad-CAM: a conv layer's maps weighted by their mean gradient, ReLU, upsampled bilinearly",
            "  occlusion  the drop in the class's probability when a patch of the image's mean value hides each part",
            "as an overlay PNG (the map over the image, scaled to its largest value) and the raw map as .npy [H, W];",
            "also maps.npy [N, H, W], inputs.npy [N, C, H, W] (what the network saw), classes.npy and method.txt.",
            "Pictures become input as in predict and the window's Predict tab."})
public final class ExplainCommand implements Callable<Integer> {

    @Spec
    CommandSpec commandSpec;

    @picocli.CommandLine.Mixin
    CheckpointInputs source = new CheckpointInputs();

    @Option(names = "--method", paramLabel = "NAME", defaultValue = "gradcam",
            description = "gradcam (default), saliency or occlusion.")
    String method;

    @Option(names = "--class", paramLabel = "N", defaultValue = "predicted",
            description = "The class to explain: a number, 'predicted' (default) or 'true' (test images).")
    String classChoice;

    @Option(names = "--layer", paramLabel = "N",
            description = "Grad-CAM's conv layer, numbered as in the network's listing (default: the last conv); "
                    + "its maps are read after its batch norm and activation.")
    Integer layer;

    @Option(names = "--smoothgrad", paramLabel = "N", defaultValue = "0",
            description = "Saliency: average over N noisy copies (SmoothGrad; 0 = plain saliency).")
    int smoothGrad;

    @Option(names = "--noise", paramLabel = "LEVEL", defaultValue = "0.15",
            description = "SmoothGrad's noise: sigma as a share of the image's range (default: ${DEFAULT-VALUE}).")
    double noise;

    @Option(names = "--patch", paramLabel = "N", description = "Occlusion: patch side in pixels (default: a 7th of the input).")
    Integer patch;

    @Option(names = "--stride", paramLabel = "N", description = "Occlusion: patch step (default: half the patch).")
    Integer stride;

    @Option(names = "--opacity", paramLabel = "A", defaultValue = "0.5",
            description = "The map's share of each overlay pixel, 0..1 (default: ${DEFAULT-VALUE}).")
    double opacity;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder for the PNG and .npy files.")
    Path outDir;

    @picocli.CommandLine.Mixin
    DeviceOption device = new DeviceOption();

    @Option(names = "--reference", description = "Also write net.py and weights.npz for bench/explain_reference.py --compare.")
    boolean reference;

    @Override
    public Integer call() {
        PrintWriter out = commandSpec.commandLine().getOut();
        PrintWriter err = commandSpec.commandLine().getErr();
        device.apply();
        String m = method.toLowerCase(Locale.ROOT);
        if (!List.of("gradcam", "saliency", "occlusion").contains(m)) {
            err.println("--method: expected gradcam, saliency or occlusion, got '" + method + "'");
            return ExitCode.USAGE;
        }
        if (smoothGrad < 0 || noise < 0 || opacity < 0 || opacity > 1
                || (patch != null && patch < 1) || (stride != null && stride < 1)) {
            err.println("--smoothgrad, --noise, --patch, --stride must not be negative (patch and stride at least 1), "
                    + "--opacity lies in 0..1");
            return ExitCode.USAGE;
        }
        Checkpoint checkpoint;
        try {
            checkpoint = source.checkpoint();
        } catch (CheckpointInputs.Refusal r) {
            err.println(r.getMessage());
            return r.exitCode;
        }
        Shape input = checkpoint.spec().input();
        if (!input.isSpatial() || input.channels() != 1 || input.height() != input.width()) {
            err.println("explain works with 1×N×N networks (Fashion-MNIST); this one takes " + input);
            return ExitCode.USAGE;
        }
        int camLayer = -1;
        String camText = "";
        if (m.equals("gradcam")) {
            int conv = layer != null ? layer : ExplainLayers.lastConv(checkpoint.spec());
            if (conv < 0) {
                err.println("Grad-CAM needs a conv layer, and this network has none: try --method saliency or occlusion");
                return ExitCode.USAGE;
            }
            if (!ExplainLayers.convLayers(checkpoint.spec()).contains(conv)) {
                err.println("--layer " + conv + " is not a conv layer; the conv layers are "
                        + ExplainLayers.convLayers(checkpoint.spec()));
                return ExitCode.USAGE;
            }
            camLayer = ExplainLayers.camLayer(checkpoint.spec(), conv);
            Shape s = checkpoint.spec().analyze().layers().get(camLayer).output();
            camText = String.format(Locale.ROOT, " at layer %d (%s, %s, after conv %d)", camLayer,
                    checkpoint.spec().layers().get(camLayer).kind(), s, conv);
        }
        int size = input.height();
        int p = patch != null ? patch : Explainer.defaultPatch(size);
        int st = stride != null ? stride : Explainer.defaultStride(p);

        List<CheckpointInputs.Item> items;
        try {
            items = source.items(size);
        } catch (CheckpointInputs.Refusal r) {
            err.println(r.getMessage());
            return r.exitCode;
        }
        List<String> names = new ArrayList<>();
        List<Integer> trueLabels = new ArrayList<>();
        List<float[]> images = new ArrayList<>();
        for (CheckpointInputs.Item item : items) {
            images.add(item.input());
            trueLabels.add(item.label());
            if (item.file() == null) {
                names.add(String.format(Locale.ROOT, "test-%05d", item.testIndex()));
            } else {
                String stem = item.file().getFileName().toString().replaceFirst("\\.[^.]*$", "");
                names.add(stem.replaceAll("[^A-Za-z0-9._-]", "_"));
            }
        }
        try {
            Files.createDirectories(outDir);
            AtomicFiles.checkWritable(outDir.resolve("maps.npy"));
        } catch (DataException e) {
            err.println(e.getMessage());
            return ExitCode.OUTPUT;
        } catch (IOException e) {
            err.println(FileErrors.writing(outDir, e).getMessage());
            return ExitCode.OUTPUT;
        }

        if (device.ready(err) == null) {
            return ExitCode.USAGE;
        }
        Network net;
        try {
            net = checkpoint.buildNetwork();
        } catch (RuntimeException e) {
            err.println(source.checkpointFile.getFileName() + ": " + e.getMessage());
            return ExitCode.INPUT;
        }
        if (net.classes() == 0) {
            err.println("this network's output is a feature map, not class scores: there is no class to explain");
            return ExitCode.USAGE;
        }
        List<String> classNames = net.classes() == FashionMnist.CLASSES ? FashionMnist.CLASS_NAMES : numbered(net.classes());
        Explainer explainer = new Explainer(net);
        int n = images.size();
        float[] allMaps = new float[n * size * size];
        float[] allInputs = new float[n * size * size];
        long[] classes = new long[n];
        try {
            for (int k = 0; k < n; k++) {
                float[] image = images.get(k);
                float[] probs = net.predict(image, 1)[0];
                int predicted = argmax(probs);
                int cls;
                switch (classChoice.toLowerCase(Locale.ROOT)) {
                    case "predicted" -> cls = predicted;
                    case "true" -> {
                        if (trueLabels.get(k) < 0) {
                            err.println("--class true needs test images (--test-indices)");
                            return ExitCode.USAGE;
                        }
                        cls = trueLabels.get(k);
                    }
                    default -> {
                        try {
                            cls = Integer.parseInt(classChoice.trim());
                        } catch (NumberFormatException e) {
                            err.println("--class: expected a class number, 'predicted' or 'true', got '" + classChoice + "'");
                            return ExitCode.USAGE;
                        }
                        if (cls < 0 || cls >= net.classes()) {
                            err.println("--class " + cls + " is outside 0-" + (net.classes() - 1));
                            return ExitCode.USAGE;
                        }
                    }
                }
                float[] map;
                boolean signed = false;
                String what;
                switch (m) {
                    case "saliency" -> {
                        map = smoothGrad > 0 ? explainer.smoothGrad(image, cls, smoothGrad, noise, 1, Progress.NONE)
                                : explainer.gradients(image, cls, -1).saliency();
                        what = smoothGrad > 0 ? String.format(Locale.ROOT, "SmoothGrad (%d copies, noise %.2f)",
                                smoothGrad, noise) : "saliency";
                    }
                    case "gradcam" -> {
                        map = explainer.gradients(image, cls, camLayer).gradCam();
                        what = "Grad-CAM" + camText;
                    }
                    default -> {
                        Occlusion.Result r = explainer.occlusion(image, p, st, Progress.NONE);
                        map = r.map(cls);
                        signed = true;
                        what = String.format(Locale.ROOT, "occlusion (%d×%d patch, stride %d, %d positions)", p, p, st,
                                r.positions());
                    }
                }
                System.arraycopy(map, 0, allMaps, k * size * size, map.length);
                System.arraycopy(image, 0, allInputs, k * size * size, image.length);
                classes[k] = cls;
                String stem = String.format(Locale.ROOT, "%s-%s-class%d", names.get(k), m, cls);
                float[] shown = signed ? Heatmaps.normaliseSigned(map) : Heatmaps.normalise(map);
                ArgbImage overlay = HeatmapImages.enlarged(HeatmapImages.overlay(image, 1, shown, size, size, signed,
                        opacity), Math.max(1, 224 / size));
                writePng(overlay, outDir.resolve(stem + ".png"));
                Npz.writeNpy(Tensor.of(map, size, size), outDir.resolve(stem + ".npy"));
                StringBuilder line = new StringBuilder(names.get(k));
                if (trueLabels.get(k) >= 0) {
                    line.append("  true: ").append(classNames.get(trueLabels.get(k)));
                }
                line.append(String.format(Locale.ROOT, "  predicted: %s (%.3f)  %s of %s (%.3f): largest %s %.4g -> %s.png",
                        classNames.get(predicted), probs[predicted], what, classNames.get(cls), probs[cls],
                        signed ? "|drop|" : "value", signed ? Heatmaps.maxAbs(map) : Heatmaps.max(map), stem));
                out.println(line);
                out.flush();
            }
            Npz.writeNpy(Tensor.of(allMaps, n, size, size), outDir.resolve("maps.npy"));
            Npz.writeNpy(Tensor.of(allInputs, n, 1, size, size), outDir.resolve("inputs.npy"));
            Npz.writeNpy(Tensor.ofLongs(classes, n), outDir.resolve("classes.npy"));
            AtomicFiles.writeText(outDir.resolve("method.txt"), m + (camLayer >= 0 ? " " + camLayer : "") + "\n");
            if (reference) {
                Npz.export(net, outDir.resolve("weights.npz"));
                AtomicFiles.writeText(outDir.resolve("net.py"), "import torch\nfrom torch import nn\n\n"
                        + PyTorchCode.print(checkpoint.spec()));
            }
        } catch (IOException e) {
            err.println(FileErrors.writing(outDir, e).getMessage());
            return ExitCode.OUTPUT;
        }
        return ExitCode.OK;
    }

    private static void writePng(ArgbImage image, Path file) throws IOException {
        AtomicFiles.write(file, o -> {
            if (!ImageIO.write(image.toBufferedImage(), "png", o)) {
                throw new IOException("no PNG writer");
            }
        });
    }

    private static int argmax(float[] v) {
        int best = 0;
        for (int c = 1; c < v.length; c++) {
            if (v[c] > v[best]) {
                best = c;
            }
        }
        return best;
    }

    private static List<String> numbered(int n) {
        List<String> names = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            names.add("class " + k);
        }
        return names;
    }
}
