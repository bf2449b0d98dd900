package org.alexnetstudio.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.alexnetstudio.train.Checkpoint;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 21 items 12, 16 and 17: the commands do what was asked, or say why not; they never guess. */
class NoSilentGuessesTest {

    @TempDir
    Path dir;
    Path data;

    @BeforeEach
    void sample() throws IOException {
        data = CliRun.sampleData(dir);
    }

    @Test
    void trainLimitZeroMeansAllAndTheHelpSaysSo() {
        String help = CliRun.run("train", "--help").out().replaceAll("\\s+", " ");
        assertTrue(help.contains("--train-limit=N Use N training images, class-balanced (0 = all, the default)."), help);
        assertTrue(help.contains("--test-limit=N Use N test images, class-balanced (0 = all, the default)."), help);
    }

    @Test
    void anUnknownSplitIsRefused() {
        Path png = dir.resolve("grid.png");
        CliRun.Result r = CliRun.run("data", "--dir", data.toString(), "--show", "10", "--split", "val",
                "--out", png.toString());
        assertEquals(ExitCode.USAGE, r.code(), r.out() + r.err());
        assertTrue(r.err().contains("--split must be train or test, got \"val\""), r.err());
        assertFalse(Files.exists(png));
        assertEquals(0, CliRun.run("data", "--dir", data.toString(), "--show", "10", "--split", "TEST",
                "--out", png.toString()).code());
    }

    @Test
    void aNamedDataFolderIsNeverReplacedByAnother() throws IOException {
        Path missing = dir.resolve("no-such-folder");
        CliRun.Result d = CliRun.run("data", "--dir", missing.toString());
        CliRun.Result t = CliRun.run("train", "--preset", "lenet", "--data", missing.toString());
        assertEquals(ExitCode.INPUT, d.code(), d.out() + d.err());
        assertEquals(t.code(), d.code(), "data and train agree");
        assertFalse(d.out().contains("Data:"), "no other copy is described: " + d.out());
        Path half = Files.createDirectories(dir.resolve("half"));
        Files.copy(data.resolve("train-images-idx3-ubyte.gz"), half.resolve("train-images-idx3-ubyte.gz"));
        CliRun.Result h = CliRun.run("data", "--dir", half.toString());
        assertEquals(ExitCode.INPUT, h.code(), h.out() + h.err());
        assertTrue(h.err().contains("train-labels-idx1-ubyte"), h.err());
    }

    @Test
    void benchOnAGpuThatIsNotThereRefuses() {
        CliRun.Result r = CliRun.run("bench", "--preset", "lenet", "--batch", "8", "--steps", "1", "--warmup", "0",
                "--device", "gpu");
        org.junit.jupiter.api.Assumptions.assumeTrue(new org.alexnetstudio.train.gpu.GpuBackend().unavailable() != null,
                "this machine has a usable GPU");
        assertEquals(ExitCode.USAGE, r.code(), r.out() + r.err());
        assertTrue(r.err().contains("--device gpu: no usable GPU here: "), r.err());
        assertFalse(r.out().contains("examples/sec"), "no CPU numbers passed off as the GPU's: " + r.out());
    }

    @Test
    void resumingWithNoEpochsLeftSaysTheCheckpointAlreadyHasThem() throws Exception {
        Path ckpt = dir.resolve("two.ckpt");
        CliRun.Result first = CliRun.run("train", "--preset", "lenet", "--epochs", "2", "--train-limit", "100",
                "--test-limit", "50", "--batch", "50", "--data", data.toString(), "--save", ckpt.toString());
        assertEquals(0, first.code(), first.err());
        for (String[] epochs : new String[][] {{"--epochs", "2"}, {"--epochs", "1"}, {}}) {
            String[] args = new String[] {"train", "--resume", ckpt.toString(), "--data", data.toString()};
            if (epochs.length > 0) {
                args = java.util.stream.Stream.concat(java.util.Arrays.stream(args), java.util.Arrays.stream(epochs))
                        .toArray(String[]::new);
            }
            CliRun.Result r = CliRun.run(args);
            assertEquals(ExitCode.USAGE, r.code(), String.join(" ", epochs) + ": " + r.out() + r.err());
            assertTrue(r.err().contains("two.ckpt already has 2 epochs"), r.err());
            assertTrue(r.err().contains("--epochs 3"), r.err());
            assertFalse((r.out() + r.err()).contains("NaN"), r.out() + r.err());
        }
        assertEquals(2, Checkpoint.load(ckpt).epochsCompleted());
    }

    @Test
    void aBatchLargerThanTheDataIsEstimatedAsTheDataItTrainsOn() {
        // 100,000 examples of LeNet would need gigabytes; the 200 images that exist need a few MB
        CliRun.Result r = CliRun.run("train", "--preset", "lenet", "--epochs", "1", "--train-limit", "200",
                "--test-limit", "100", "--batch", "100000", "--data", data.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("epoch 1, loss"), r.out());
    }
}
