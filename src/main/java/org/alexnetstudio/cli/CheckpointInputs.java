package org.alexnetstudio.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.alexnetstudio.data.DataException;
import org.alexnetstudio.data.ImageSet;
import org.alexnetstudio.data.PictureInput;
import org.alexnetstudio.train.Checkpoint;
import org.alexnetstudio.train.CheckpointException;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/**
 * What {@code predict} and {@code explain} read: {@code --checkpoint}, and either test images
 * ({@code --test-indices}, from {@code --data}) or picture files ({@code --image}), each turned into network
 * input by {@link PictureInput}. Every problem is one sentence with its exit status ({@link Refusal}).
 */
final class CheckpointInputs {

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

    /** A sentence for the user and the command's exit status. */
    static final class Refusal extends Exception {
        final int exitCode;

        Refusal(String message, int exitCode) {
            super(message);
            this.exitCode = exitCode;
        }
    }

    /** One input: a test image (its index and label) or a picture file (index and label -1). */
    record Item(float[] input, int testIndex, int label, Path file) {
    }

    /** The checkpoint, refused when it cannot be read or holds NaN weights. */
    Checkpoint checkpoint() throws Refusal {
        Checkpoint checkpoint;
        try {
            checkpoint = Checkpoint.load(checkpointFile);
        } catch (CheckpointException e) {
            throw new Refusal(e.getMessage(), ExitCode.INPUT);
        }
        List<String> nan = checkpoint.nonFiniteWeights();
        if (!nan.isEmpty()) {
            throw new Refusal(nanWeights(checkpointFile, nan), ExitCode.INPUT);
        }
        return checkpoint;
    }

    /** The chosen test images or pictures as input of {@code size}×{@code size}, in the order given. */
    List<Item> items(int size) throws Refusal {
        List<Item> items = new ArrayList<>();
        if (inputs.testIndices != null) {
            int[] indices;
            try {
                indices = parseIndices(inputs.testIndices);
            } catch (IllegalArgumentException e) {
                throw new Refusal("--test-indices: " + e.getMessage(), ExitCode.USAGE);
            }
            ImageSet test;
            try {
                test = TrainCommand.loadData(dataDir).test();
            } catch (DataException e) {
                throw new Refusal(e.getMessage(), ExitCode.INPUT);
            }
            int px = test.rows() * test.cols();
            for (int i : indices) {
                if (i < 0 || i >= test.size()) {
                    throw new Refusal("--test-indices: " + i + " is outside the test set (0-" + (test.size() - 1) + ")",
                            ExitCode.USAGE);
                }
                items.add(new Item(PictureInput.networkInput(Arrays.copyOfRange(test.pixels(), i * px, (i + 1) * px), size),
                        i, test.label(i), null));
            }
        } else {
            for (Path file : inputs.images) {
                try {
                    items.add(new Item(PictureInput.fromFile(file, size), -1, -1, file));
                } catch (DataException e) {
                    throw new Refusal(e.getMessage(), ExitCode.INPUT);
                }
            }
        }
        return items;
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
}
