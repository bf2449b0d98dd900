package org.alexnetstudio.cli;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import javax.imageio.ImageIO;
import org.alexnetstudio.data.DataException;
import org.alexnetstudio.data.FashionMnist;
import org.alexnetstudio.data.FashionMnistData;
import org.alexnetstudio.data.ImageSet;
import org.alexnetstudio.data.Resize;
import org.alexnetstudio.model.Shape;
import org.alexnetstudio.train.Checkpoint;
import org.alexnetstudio.train.CheckpointException;
import org.alexnetstudio.train.EngineBootstrap;
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
            "Image files are turned grey and resized like the training pipeline (28×28, then the network's size)."})
public final class PredictCommand implements Callable<Integer> {

    static final int INVALID = 2;

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

        @Option(names = "--image", paramLabel = "FILE", arity = "1..*", description = "PNG or JPG files.")
        List<Path> images;
    }

    @Option(names = "--logits", paramLabel = "FILE", description = "Write the raw logits, float32 [N, classes], as .npy.")
    Path logitsFile;

    @Override
    public Integer call() {
        PrintWriter out = commandSpec.commandLine().getOut();
        PrintWriter err = commandSpec.commandLine().getErr();
        EngineBootstrap.startAsync();
        Checkpoint checkpoint;
        try {
            checkpoint = Checkpoint.load(checkpointFile);
        } catch (CheckpointException e) {
            err.println(e.getMessage());
            return INVALID;
        }
        Shape input = checkpoint.spec().input();
        if (input.channels() != 1 || input.height() != input.width()) {
            err.println("predict works with 1×N×N networks (Fashion-MNIST); this one takes " + input);
            return INVALID;
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
                return INVALID;
            }
            ImageSet test;
            try {
                FashionMnistData data = TrainCommand.loadData(dataDir);
                test = data.test();
            } catch (DataException e) {
                err.println(e.getMessage());
                return INVALID;
            }
            images = new float[indices.length * size * size];
            for (int k = 0; k < indices.length; k++) {
                int i = indices[k];
                if (i < 0 || i >= test.size()) {
                    err.println("--test-indices: " + i + " is outside the test set (0-" + (test.size() - 1) + ")");
                    return INVALID;
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
                    float[] img = loadImage(file, size);
                    System.arraycopy(img, 0, images, k * size * size, img.length);
                } catch (IOException e) {
                    err.println(file + ": " + e.getMessage());
                    return INVALID;
                }
                names.add(file.getFileName().toString());
                trueLabels.add(-1);
            }
        }

        Network net;
        try {
            net = checkpoint.buildNetwork();
        } catch (RuntimeException e) {
            err.println(checkpointFile.getFileName() + ": " + e.getMessage());
            return INVALID;
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
                err.println("Could not write " + logitsFile + ": " + e.getMessage());
                return 1;
            }
        }
        return 0;
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

    /** Grey like PIL's convert("L"), resized to 28×28 and then to the network's size like the pipeline. */
    static float[] loadImage(Path file, int size) throws IOException {
        BufferedImage img = ImageIO.read(file.toFile());
        if (img == null) {
            throw new IOException("not a PNG or JPG image");
        }
        int h = img.getHeight();
        int w = img.getWidth();
        byte[] grey = new byte[h * w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int rgb = img.getRGB(x, y);
                int r = rgb >> 16 & 0xff;
                int g = rgb >> 8 & 0xff;
                int b = rgb & 0xff;
                grey[y * w + x] = (byte) ((r * 299 + g * 587 + b * 114 + 500) / 1000);
            }
        }
        byte[] small = new byte[FashionMnist.ROWS * FashionMnist.COLS];
        Resize.bilinearBytes(grey, 0, h, w, FashionMnist.ROWS, small, 0);
        float[] out = new float[size * size];
        Resize.bilinear(small, 0, FashionMnist.ROWS, FashionMnist.COLS, size, out, 0);
        return out;
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
