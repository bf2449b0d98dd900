package org.alexnetstudio.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.alexnetstudio.train.Checkpoint;
import org.alexnetstudio.train.Npz;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 21 item 13: after a NaN loss the command writes what was asked for, and suggests a rate that works. */
class NanStopTest {

    @TempDir
    Path dir;

    /** 64 training and 20 test images, batch 32 unless {@code more} says otherwise. */
    private CliRun.Result train(Path data, String... more) {
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("train", "--data", data.toString(),
                "--train-limit", "64", "--test-limit", "20"));
        if (!java.util.List.of(more).contains("--batch")) {
            args.addAll(java.util.List.of("--batch", "32"));
        }
        args.addAll(java.util.List.of(more));
        return CliRun.run(args.toArray(String[]::new));
    }

    @Test
    void theLastGoodEpochIsWrittenWhereAskedAndTheHintIsTheRecipesRate() throws Exception {
        Path data = CliRun.sampleData(dir);
        Path good = dir.resolve("good.ckpt");
        CliRun.Result first = train(data, "--preset", "alexnet-mini", "--epochs", "1", "--save", good.toString());
        assertEquals(0, first.code(), first.err());

        // Then a learning rate of 10^8: within an epoch or two the weights overflow to NaN (exactly when
        // varies with the order of float sums across threads), and the run stops.
        Path ckpt = dir.resolve("after.ckpt");
        Path npz = dir.resolve("after.npz");
        CliRun.Result r = train(data, "--resume", good.toString(), "--epochs", "6", "--lr", "1e8",
                "--save", ckpt.toString(), "--export-npz", npz.toString());
        assertEquals(ExitCode.FAILED, r.code(), r.out() + r.err());
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("in epoch (\\d+)").matcher(r.err());
        assertTrue(m.find(), r.err());
        int bad = Integer.parseInt(m.group(1));
        int lastGood = bad - 1;
        assertTrue(lastGood >= 1, r.err());
        assertFalse(r.out().contains("epoch " + bad + ", loss"), "a NaN epoch is not reported as finished: " + r.out());
        assertTrue(r.err().contains("the learning rate 1.00e+08 is too high"), r.err());
        // alexnet-mini's recipe trains at 0.05; a tenth of 10^8 would diverge as well
        assertTrue(r.err().contains("Try a learning rate of 0.05, the rate in the recipe of AlexNet mini"), r.err());
        assertFalse(r.err().contains("1.00e+07"), r.err());
        Checkpoint saved = Checkpoint.load(ckpt);
        assertEquals(lastGood, saved.epochsCompleted(), "the last good epoch, written as asked");
        assertEquals(java.util.List.of(), saved.nonFiniteWeights());
        if (lastGood == 1) {
            assertEquals(Checkpoint.load(good).state(), saved.state());
        }
        assertTrue(r.err().contains("The checkpoint " + ckpt + " holds the weights of epoch " + lastGood + "."), r.err());
        var exported = Npz.read(npz);
        assertEquals(saved.state().keySet(), exported.keySet());
        assertEquals(saved.state().get("0.weight"), exported.get("0.weight"));
        assertTrue(r.err().contains("Wrote the weights of epoch " + lastGood + " to " + npz), r.err());

        // nothing asked for: the command says the weights are not kept, and how to keep them
        CliRun.Result none = train(data, "--resume", good.toString(), "--epochs", "6", "--lr", "1e8");
        assertEquals(ExitCode.FAILED, none.code());
        assertTrue(none.err().matches("(?s).*The weights of epoch \\d+ were not saved: give --save FILE.*"), none.err());
        assertFalse(none.err().contains("are kept"), none.err());
    }

    @Test
    void withoutAFinishedEpochNothingIsWrittenAndItSaysSo() throws Exception {
        Path data = CliRun.sampleData(dir);
        Path ckpt = dir.resolve("never.ckpt");
        // batch 4: 16 steps at 10^8 in epoch 1; the loss (or the weights) are NaN before it ends
        CliRun.Result r = train(data, "--preset", "alexnet-mini", "--epochs", "1", "--lr", "1e8", "--batch", "4",
                "--save", ckpt.toString());
        assertEquals(ExitCode.FAILED, r.code(), r.err());
        assertTrue(r.err().contains("No epoch finished, so there are no trained weights to save."), r.err());
        assertFalse(Files.exists(ckpt));
    }
}
