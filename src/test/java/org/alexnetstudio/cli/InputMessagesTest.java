package org.alexnetstudio.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;
import org.alexnetstudio.train.Checkpoint;
import org.alexnetstudio.train.Tensor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 21 items 15 and 20: a file that cannot be used is said in words, with one status everywhere. */
class InputMessagesTest {

    @TempDir
    Path dir;
    private Locale saved;

    @BeforeEach
    void english() {
        saved = Locale.getDefault();
        Locale.setDefault(Locale.ENGLISH);
    }

    @AfterEach
    void restore() {
        Locale.setDefault(saved);
    }

    @Test
    void aMissingNetworkFileSaysItDoesNotExistWithTheSameStatusInEveryCommand() {
        Path missing = dir.resolve("my_net.py");
        for (String option : new String[] {"--pytorch", "--spec"}) {
            for (String command : new String[] {"shapes", "train"}) {
                CliRun.Result r = CliRun.run(command, option, missing.toString());
                assertEquals(ExitCode.INPUT, r.code(), command + " " + option + ": " + r.err());
                assertEquals(missing + " does not exist.", r.err().strip(), command + " " + option);
            }
        }
    }

    @Test
    void aFileThatIsNotUtf8SaysSo() throws IOException {
        // "nn.Conv2d(1, 6)  # 卷积" saved as GBK: 0xBE 0xED is not valid UTF-8
        byte[] gbk = "net = nn.Sequential(nn.Conv2d(1, 6, kernel_size=5))  # \u5377\u79ef\n"
                .getBytes(java.nio.charset.Charset.forName("GBK"));
        Path py = Files.write(dir.resolve("gbk.py"), gbk);
        int bad = "net = nn.Sequential(nn.Conv2d(1, 6, kernel_size=5))  # ".length(); // ASCII up to here
        for (String command : new String[] {"shapes", "train"}) {
            CliRun.Result r = CliRun.run(command, "--pytorch", py.toString());
            assertEquals(ExitCode.INPUT, r.code(), r.err());
            assertTrue(r.err().contains(py + " is not UTF-8 text (byte " + bad + " is not valid UTF-8)"), r.err());
            assertFalse(r.err().contains("Input length"), r.err());
        }
    }

    @Test
    void aTruncatedOrFakePictureSaysWhatIsWrong() throws Exception {
        Path ckpt = trainedCheckpoint();
        BufferedImage img = new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 48; y++) {
            for (int x = 0; x < 64; x++) {
                img.setRGB(x, y, (x * 37 + y * 91) * 0x010203); // noise: the PNG data is not tiny
            }
        }
        Path whole = dir.resolve("whole.png");
        ImageIO.write(img, "png", whole.toFile());
        byte[] bytes = Files.readAllBytes(whole);
        Path cut = Files.write(dir.resolve("cut.png"), Arrays.copyOf(bytes, bytes.length / 2));
        CliRun.Result r = CliRun.run("predict", "--checkpoint", ckpt.toString(), "--image", cut.toString());
        assertEquals(ExitCode.INPUT, r.code(), r.err());
        assertTrue(r.err().contains(cut + " is damaged or cut off: its PNG data cannot be decoded"), r.err());
        assertFalse(r.hasStackTrace(), r.err());

        Path text = Files.writeString(dir.resolve("notes.png"), "just text");
        CliRun.Result t = CliRun.run("predict", "--checkpoint", ckpt.toString(), "--image", text.toString());
        assertEquals(ExitCode.INPUT, t.code(), t.err());
        assertTrue(t.err().contains(text + " is not a picture this app can read"), t.err());

        CliRun.Result m = CliRun.run("predict", "--checkpoint", ckpt.toString(), "--image",
                dir.resolve("nowhere.png").toString());
        assertEquals(ExitCode.INPUT, m.code(), m.err());
        assertTrue(m.err().contains("nowhere.png does not exist."), m.err());
    }

    @Test
    void missingDataAndCheckpointsHaveTheInputStatusInEveryCommand() throws IOException {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        assertEquals(ExitCode.INPUT, CliRun.run("data", "--dir", empty.toString()).code());
        assertEquals(ExitCode.INPUT, CliRun.run("train", "--preset", "lenet", "--data", empty.toString()).code());
        Path ckpt = dir.resolve("none.ckpt");
        assertEquals(ExitCode.INPUT, CliRun.run("train", "--resume", ckpt.toString()).code());
        CliRun.Result p = CliRun.run("predict", "--checkpoint", ckpt.toString(), "--test-indices", "0");
        assertEquals(ExitCode.INPUT, p.code());
        assertTrue(p.err().contains("does not exist"), p.err());
    }

    @Test
    void everyHelpListsTheExitStatuses() {
        for (String command : new String[] {"shapes", "data", "train", "predict", "bench", "explain", "bench-explain"}) {
            String help = CliRun.run(command, "--help").out();
            assertTrue(help.contains("Exit status:"), command + "\n" + help);
            for (int code : new int[] {0, 1, 2, 3, 4}) {
                assertTrue(help.lines().anyMatch(l -> l.trim().startsWith(code + "  ")), command + " " + code + "\n" + help);
            }
        }
    }

    @Test
    void aCheckpointWithNanWeightsSaysSo() throws Exception {
        Path ckpt = trainedCheckpoint();
        Checkpoint c = Checkpoint.load(ckpt);
        Map<String, Tensor> state = new LinkedHashMap<>(c.state());
        Tensor w = state.get("0.weight").copy();
        w.floats()[0] = Float.NaN;
        state.put("0.weight", w);
        Path nan = dir.resolve("diverged.ckpt");
        new Checkpoint(c.spec(), c.config(), state, c.velocity(), c.history(), c.epochsCompleted(),
                c.dataDescription()).save(nan);
        CliRun.Result r = CliRun.run("predict", "--checkpoint", nan.toString(), "--data", data.toString(),
                "--test-indices", "0-3");
        assertEquals(ExitCode.INPUT, r.code(), r.out() + r.err());
        assertTrue(r.err().contains("diverged.ckpt holds NaN (or infinite) weights, in 0.weight"), r.err());
        assertFalse(r.out().contains("NaN"), r.out());
        // the same checkpoint without the NaN predicts
        assertEquals(0, CliRun.run("predict", "--checkpoint", ckpt.toString(), "--data", data.toString(),
                "--test-indices", "0-3").code());
    }

    private Path data;

    private Path trainedCheckpoint() throws IOException {
        data = CliRun.sampleData(dir);
        Path ckpt = dir.resolve("lenet.ckpt");
        CliRun.Result r = CliRun.run("train", "--preset", "lenet", "--epochs", "1", "--train-limit", "100",
                "--test-limit", "50", "--batch", "50", "--data", data.toString(), "--save", ckpt.toString());
        assertEquals(0, r.code(), r.err());
        return ckpt;
    }
}
