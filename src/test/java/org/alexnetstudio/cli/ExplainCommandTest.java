package org.alexnetstudio.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.alexnetstudio.data.FashionMnist;
import org.alexnetstudio.data.PictureInput;
import org.alexnetstudio.train.Checkpoint;
import org.alexnetstudio.train.Network;
import org.alexnetstudio.train.Npz;
import org.alexnetstudio.train.Tensor;
import org.alexnetstudio.train.explain.Explainer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 19: {@code explain} writes overlays and raw maps that are the explainer's, for the class asked for. */
class ExplainCommandTest {

    @TempDir
    static Path dir;
    private static Path data;
    private static Path ckpt;

    @BeforeAll
    static void trainLeNet() throws Exception {
        data = CliRun.sampleData(dir);
        ckpt = dir.resolve("lenet.ckpt");
        CliRun.Result trained = CliRun.run("train", "--preset", "lenet", "--epochs", "1", "--train-limit", "200",
                "--test-limit", "50", "--batch", "50", "--data", data.toString(), "--save", ckpt.toString());
        assertEquals(0, trained.code(), trained.err());
    }

    @Test
    void gradCamOfThePredictedClassIsWrittenAsPngAndNpy() throws Exception {
        Path out = dir.resolve("gradcam");
        CliRun.Result r = CliRun.run("explain", "--checkpoint", ckpt.toString(), "--test-indices", "0-3",
                "--data", data.toString(), "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        // LeNet's last conv is layer 3, followed by its Sigmoid 4: 16×10×10, then AvgPool
        assertTrue(r.out().contains("Grad-CAM at layer 4 (Sigmoid, 16×10×10, after conv 3)"), r.out());
        Tensor maps = Npz.readNpy(out.resolve("maps.npy"));
        assertArrayEquals(new long[]{4, 28, 28}, maps.shape());
        assertArrayEquals(new long[]{4, 1, 28, 28}, Npz.readNpy(out.resolve("inputs.npy")).shape());
        long[] classes = Npz.readNpy(out.resolve("classes.npy")).longs();
        assertEquals("gradcam 4", Files.readString(out.resolve("method.txt")).trim());

        Network net = Checkpoint.load(ckpt).buildNetwork();
        Explainer explainer = new Explainer(net);
        var test = org.alexnetstudio.data.FashionMnist.loadSample().test();
        for (int k = 0; k < 4; k++) {
            float[] image = PictureInput.networkInput(Arrays.copyOfRange(test.pixels(), k * 784, (k + 1) * 784), 28);
            float[] p = net.predict(image, 1)[0];
            int best = 0;
            for (int c = 1; c < p.length; c++) {
                best = p[c] > p[best] ? c : best;
            }
            assertEquals(best, classes[k], "image " + k + ": the predicted class by default");
            float[] expected = explainer.gradients(image, best, 4).gradCam();
            String stem = String.format("test-%05d-gradcam-class%d", k, best);
            assertArrayEquals(expected, Npz.readNpy(out.resolve(stem + ".npy")).floats(), 1e-6f);
            assertArrayEquals(expected, Arrays.copyOfRange(maps.floats(), k * 784, (k + 1) * 784), 1e-6f);
            var png = ImageIO.read(out.resolve(stem + ".png").toFile());
            assertEquals(224, png.getWidth()); // 28 px enlarged 8×
        }
    }

    @Test
    void occlusionOfTheTrueClassAndSmoothGrad() throws Exception {
        Path out = dir.resolve("occlusion");
        CliRun.Result r = CliRun.run("explain", "--checkpoint", ckpt.toString(), "--test-indices", "5",
                "--data", data.toString(), "--method", "occlusion", "--class", "true", "--patch", "7", "--stride", "7",
                "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        // (28 − 7)/7 + 1 = 4 positions each way
        assertTrue(r.out().contains("occlusion (7×7 patch, stride 7, 16 positions)"), r.out());
        int label = FashionMnist.loadSample().test().label(5);
        assertEquals(label, Npz.readNpy(out.resolve("classes.npy")).longs()[0]);
        // 7×7 patches at stride 7 tile the image: every pixel of a tile has that tile's drop
        float[] map = Npz.readNpy(out.resolve("maps.npy")).floats();
        assertEquals(map[0], map[6 * 28 + 6], 0f);

        Path sg = dir.resolve("smoothgrad");
        CliRun.Result s = CliRun.run("explain", "--checkpoint", ckpt.toString(), "--test-indices", "5",
                "--data", data.toString(), "--method", "saliency", "--smoothgrad", "3", "--out", sg.toString());
        assertEquals(0, s.code(), s.err());
        assertTrue(s.out().contains("SmoothGrad (3 copies, noise 0.15)"), s.out());
    }

    @Test
    void mistakesInTheCommandGetTheirExitStatus() throws Exception {
        String c = ckpt.toString();
        String d = data.toString();
        String out = dir.resolve("errors").toString();
        assertEquals(ExitCode.USAGE, CliRun.run("explain", "--checkpoint", c, "--test-indices", "0", "--data", d,
                "--method", "lime", "--out", out).code());
        CliRun.Result notConv = CliRun.run("explain", "--checkpoint", c, "--test-indices", "0", "--data", d,
                "--layer", "1", "--out", out);
        assertEquals(ExitCode.USAGE, notConv.code());
        assertTrue(notConv.err().contains("the conv layers are [0, 3]"), notConv.err());
        assertEquals(ExitCode.USAGE, CliRun.run("explain", "--checkpoint", c, "--test-indices", "0", "--data", d,
                "--class", "10", "--out", out).code());
        assertEquals(ExitCode.INPUT, CliRun.run("explain", "--checkpoint", dir.resolve("none.ckpt").toString(),
                "--test-indices", "0", "--data", d, "--out", out).code());
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        CliRun.Result blocked = CliRun.run("explain", "--checkpoint", c, "--test-indices", "0", "--data", d,
                "--out", file.toString());
        assertEquals(ExitCode.OUTPUT, blocked.code(), blocked.err());
        assertFalse(blocked.hasStackTrace(), blocked.err());
    }
}
