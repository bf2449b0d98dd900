package org.alexnetstudio.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.alexnetstudio.ui.predict.PredictViewModel;
import org.alexnetstudio.ui.training.Fixtures;
import org.alexnetstudio.ui.shared.Run;
import org.alexnetstudio.ui.training.TrainingViewModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 21 item 21: {@code predict --image} and the window's Predict tab give one picture the same input. */
class PicturePipelineTest {

    @TempDir
    Path dir;

    @Test
    void theCommandAndTheWindowPredictTheSameForTheSamePhoto() throws Exception {
        Path data = CliRun.sampleData(dir);
        Path ckpt = dir.resolve("lenet32.ckpt");
        // resize 32: the picture goes to 28×28 like a dataset item, then to the network's 32×32
        CliRun.Result trained = CliRun.run("train", "--preset", "lenet", "--resize", "32", "--epochs", "1",
                "--train-limit", "200", "--test-limit", "50", "--batch", "50", "--data", data.toString(),
                "--save", ckpt.toString());
        assertEquals(0, trained.code(), trained.err());

        // A photo as students take them: wider than tall, a dark garment on a light background.
        BufferedImage photo = new BufferedImage(90, 50, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = photo.createGraphics();
        g.setColor(new Color(235, 232, 228));
        g.fillRect(0, 0, 90, 50);
        g.setColor(new Color(40, 45, 60));
        g.fillRect(30, 5, 30, 40);
        g.fillRect(20, 5, 50, 10);
        g.dispose();
        Path file = dir.resolve("shirt.png");
        ImageIO.write(photo, "png", file.toFile());

        Path logits = dir.resolve("logits.npy");
        CliRun.Result p = CliRun.run("predict", "--checkpoint", ckpt.toString(), "--image", file.toString(),
                "--logits", logits.toString());
        assertEquals(0, p.code(), p.err());
        float[] cli = softmax(npyFloats(logits));

        TrainingViewModel training = new TrainingViewModel(Fixtures.EN, Fixtures.NOW, Fixtures.NOW, Fixtures.NOW);
        training.loadCheckpoint(ckpt);
        Run run = training.runs().get(0);
        PredictViewModel window = new PredictViewModel(Fixtures.EN, Fixtures.NOW, Fixtures.NOW);
        window.setRun(run);
        window.predictFile(file);
        assertEquals("", window.errorProperty().get());
        float[] tab = window.probabilitiesProperty().get();
        assertNotNull(tab);
        assertEquals(32, window.networkViewProperty().get().width());
        assertArrayEquals(tab, cli, 1e-6f);
    }

    /** The float32 values of a 2-D .npy file (header: magic, version, length, dict). */
    static float[] npyFloats(Path npy) throws Exception {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(npy)).order(ByteOrder.LITTLE_ENDIAN);
        int headerLength = b.getShort(8) & 0xFFFF;
        b.position(10 + headerLength);
        float[] values = new float[b.remaining() / 4];
        b.asFloatBuffer().get(values);
        return values;
    }

    static float[] softmax(float[] logits) {
        double max = Double.NEGATIVE_INFINITY;
        for (float v : logits) {
            max = Math.max(max, v);
        }
        double sum = 0;
        float[] p = new float[logits.length];
        for (int k = 0; k < p.length; k++) {
            p[k] = (float) Math.exp(logits[k] - max);
            sum += p[k];
        }
        for (int k = 0; k < p.length; k++) {
            p[k] /= (float) sum;
        }
        return p;
    }
}
