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
import org.alexnetstudio.data.FileErrors;
import org.alexnetstudio.model.Shape;
import org.alexnetstudio.train.Checkpoint;
import org.alexnetstudio.train.Npz;
import org.alexnetstudio.train.Network;
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

    @picocli.CommandLine.Mixin
    CheckpointInputs source = new CheckpointInputs();

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
            checkpoint = source.checkpoint();
        } catch (CheckpointInputs.Refusal r) {
            err.println(r.getMessage());
            return r.exitCode;
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

        List<CheckpointInputs.Item> items;
        try {
            items = source.items(size);
        } catch (CheckpointInputs.Refusal r) {
            err.println(r.getMessage());
            return r.exitCode;
        }
        List<String> names = new ArrayList<>();
        List<Integer> trueLabels = new ArrayList<>();
        float[] images = new float[items.size() * size * size];
        for (int k = 0; k < items.size(); k++) {
            CheckpointInputs.Item item = items.get(k);
            System.arraycopy(item.input(), 0, images, k * size * size, size * size);
            names.add(item.file() == null ? "test #" + item.testIndex() : item.file().getFileName().toString());
            trueLabels.add(item.label());
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
