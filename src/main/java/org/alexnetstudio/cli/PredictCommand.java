package org.alexnetstudio.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.alexnetstudio.data.AtomicFiles;
import org.alexnetstudio.data.DataException;
import org.alexnetstudio.data.FashionMnist;
import org.alexnetstudio.data.FashionMnistData;
import org.alexnetstudio.data.FileErrors;
import org.alexnetstudio.data.ImageSet;
import org.alexnetstudio.data.PictureInput;
import org.alexnetstudio.data.Resize;
import org.alexnetstudio.model.Shape;
import org.alexnetstudio.train.Checkpoint;
import org.alexnetstudio.train.CheckpointException;
import org.alexnetstudio.train.Npz;
import org.alexnetstudio.train.Network;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code predict}: a trained checkpoint's predictions for test images or image files. */
@Command(name = "predict", mixinStandardHelpOptions = true,
        description = {"Prints the predicted class and probabilities of a trained network.",
            "Pictures become input as in the window's Predict tab: grey, inverted when the background is light,",
            "fitted into 28×28 keeping the aspect ratio, then resized to the network's size like the training data."})
public final class PredictCommand implements Callable<Integer> {

    @Spec
    CommandSpec commandSpec;

    @Option(names = "--checkpoint", required = true, paramLabel = "FILE", description = "A checkpoint from train --save.")
    Path checkpointFile;

    @Option(names = "--data", paramLabel = "DIR", description = "Folder with the Fashion-MNIST files (for --test-indices).")
    Path dataDir;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Inputs inputs;

    static final class Inputs {
        @Option(names = "--test-indices", paramLabel = "RANGE", description = "Test images, e.g. 0-15 or 3,7,42.")
        String testIndices;

        @Option(names = "--image", paramLabel = "FILE", arity = "1..*", description = "Picture files (PNG, JPEG, GIF, BMP).")
        List<Path> images;
    }

    @picocli.CommandLine.Mixin
    DeviceOption device = new DeviceOption();

    @Option(names = "--logits", paramLabel = "FILE", description = "Write the raw logits, float32 [N, classes], as .npy.")
    Path logitsFile;

    @Override
    public Integer call() {
        PrintWriter out = commandSpec.commandLine().getOut();
        PrintWriter err = commandSpec.commandLine().getErr();
        device.apply();
        Checkpoint checkpoint;
        try {
            checkpoint = Checkpoint.load(checkpointFile);
        } catch (CheckpointException e) {
            err.println(e.getMessage());
            return ExitCode.INPUT;
        }
        List<String> nan = checkpoint.nonFiniteWeights();
        if (!nan.isEmpty()) {
            err.println(nanWeights(checkpointFile, nan));
            return ExitCode.INPUT;
        }
        Shape input = checkpoint.spec().input();
        if (input.channels() != 1 || input.height() != input.width()) {
            err.println("predict works with 1×N×N networks (Fashion-MNIST); this one takes " + input);
            return ExitCode.USAGE;
        }
        if (logitsFile != null) {
            try {
                AtomicFiles.checkWritable(logitsFile);
            } catch (DataException e) {
                err.println(e.getMessage());
                return ExitCode.OUTPUT;
            }
        }
        int size = input.height();

        List<String> names = new ArrayList<>();
        List<Integer> trueLabels = new ArrayList<>();
        float[] images;
        if (inputs.testIndices != null) {
            int[] indices;
            try {
                indices = parseIndices(inputs.testIndices);
            } catch (IllegalArgumentException e) {
                err.println("--test-indices: " + e.getMessage());
                return ExitCode.USAGE;
            }
            ImageSet test;
            try {
                FashionMnistData data = TrainCommand.loadData(dataDir);
                test = data.test();
            } catch (DataException e) {
                err.println(e.getMessage());
                return ExitCode.INPUT;
            }
            images = new float[indices.length * size * size];
            for (int k = 0; k < indices.length; k++) {
                int i = indices[k];
                if (i < 0 || i >= test.size()) {
                    err.println("--test-indices: " + i + " is outside the test set (0-" + (test.size() - 1) + ")");
                    return ExitCode.USAGE;
                }
                Resize.bilinear(test.pixels(), i * test.rows() * test.cols(), test.rows(), test.cols(), size,
                        images, k * size * size);
                names.add("test #" + i);
                trueLabels.add(test.label(i));
            }
        } else {
            images = new float[inputs.images.size() * size * size];
            for (int k = 0; k < inputs.images.size(); k++) {
                Path file = inputs.images.get(k);
                try {
                    float[] img = PictureInput.fromFile(file, size);
                    System.arraycopy(img, 0, images, k * size * size, img.length);
                } catch (DataException e) {
                    err.println(e.getMessage());
                    return ExitCode.INPUT;
                }
                names.add(file.getFileName().toString());
                trueLabels.add(-1);
            }
        }

        if (device.ready(err) == null) {
            return ExitCode.USAGE;
        }
        Network net;
        try {
            net = checkpoint.buildNetwork();
        } catch (RuntimeException e) {
            err.println(checkpointFile.getFileName() + ": " + e.getMessage());
            return ExitCode.INPUT;
        }
        int n = names.size();
        float[][] logits = net.logits(images, n);
        List<String> classes = net.classes() == FashionMnist.CLASSES ? FashionMnist.CLASS_NAMES : numbered(net.classes());
        for (int k = 0; k < n; k++) {
            float[] probs = logits[k].clone();
            softmax(probs);
            int best = 0;
            for (int c = 1; c < probs.length; c++) {
                if (probs[c] > probs[best]) {
                    best = c;
                }
            }
            StringBuilder line = new StringBuilder(names.get(k));
            if (trueLabels.get(k) >= 0) {
                line.append("  true: ").append(classes.get(trueLabels.get(k)));
            }
            line.append(String.format(Locale.ROOT, "  predicted: %s (%.3f)", classes.get(best), probs[best]));
            out.println(line);
            StringBuilder p = new StringBuilder("   ");
            for (int c = 0; c < probs.length; c++) {
                p.append(String.format(Locale.ROOT, " %s %.3f%s", classes.get(c), probs[c], c + 1 < probs.length ? "," : ""));
            }
            out.println(p);
        }
        out.flush();
        if (logitsFile != null) {
            try {
                Npz.writeNpy(logits, logitsFile);
            } catch (IOException e) {
                err.println(FileErrors.writing(logitsFile, e).getMessage());
                return ExitCode.OUTPUT;
            }
        }
        return 0;
    }

    static String nanWeights(Path checkpoint, List<String> keys) {
        return checkpoint.getFileName() + " holds NaN (or infinite) weights, in " + String.join(", ", keys)
                + ": nothing can be predicted or trained from it. It was saved after its training diverged; train "
                + "again with a lower learning rate.";
    }

    /** {@code 0-15}, {@code 3,7,42} or a mix. */
    static int[] parseIndices(String text) {
        List<Integer> out = new ArrayList<>();
        for (String part : text.split(",")) {
            String p = part.trim();
            try {
                int dash = p.indexOf('-', 1);
                if (dash > 0) {
                    int from = Integer.parseInt(p.substring(0, dash).trim());
                    int to = Integer.parseInt(p.substring(dash + 1).trim());
                    if (to < from || to - from > 100_000) {
                        throw new IllegalArgumentException("bad range '" + p + "'");
                    }
                    for (int i = from; i <= to; i++) {
                        out.add(i);
                    }
                } else {
                    out.add(Integer.parseInt(p));
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("expected numbers like 0-15 or 3,7,42, got '" + text + "'");
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    private static void softmax(float[] row) {
        double max = Double.NEGATIVE_INFINITY;
        for (float v : row) {
            max = Math.max(max, v);
        }
        double sum = 0;
        for (int k = 0; k < row.length; k++) {
            row[k] = (float) Math.exp(row[k] - max);
            sum += row[k];
        }
        for (int k = 0; k < row.length; k++) {
            row[k] /= (float) sum;
        }
    }

    private static List<String> numbered(int n) {
        List<String> names = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            names.add("class " + k);
        }
        return names;
    }
}
