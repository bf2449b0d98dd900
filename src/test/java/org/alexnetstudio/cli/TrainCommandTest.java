package org.alexnetstudio.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.alexnetstudio.data.FashionMnist;
import org.alexnetstudio.model.LearningRateSchedule;
import org.alexnetstudio.train.Checkpoint;
import org.alexnetstudio.train.Npz;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The train and predict commands end to end on the bundled sample (copied to a folder). */
class TrainCommandTest {

    @TempDir
    Path dir;
    Path data;

    @BeforeEach
    void copySample() throws Exception {
        data = Files.createDirectories(dir.resolve("data"));
        for (String f : FashionMnist.FILES) {
            try (InputStream in = FashionMnist.class.getResourceAsStream("/org/alexnetstudio/data/sample/" + f + ".gz")) {
                Files.copy(in, data.resolve(f + ".gz"));
            }
        }
    }

    record Result(int code, String out, String err) {
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Cli.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void trainsLikeTheBookThenPredicts() throws Exception {
        Path ckpt = dir.resolve("lenet.ckpt");
        Path npz = dir.resolve("lenet.npz");
        Result r = run("train", "--preset", "lenet", "--epochs", "2", "--train-limit", "200", "--test-limit", "100",
                "--batch", "50", "--data", data.toString(), "--save", ckpt.toString(), "--export-npz", npz.toString());
        assertEquals(0, r.code(), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals("training on cpu", lines.get(0));
        assertTrue(lines.get(1).matches("epoch 1, loss \\d\\.\\d{3}, train acc \\d\\.\\d{3}, test acc \\d\\.\\d{3}"), r.out());
        assertTrue(lines.get(2).startsWith("epoch 2, "), r.out());
        assertTrue(lines.get(3).matches("loss \\d\\.\\d{3}, train acc \\d\\.\\d{3}, test acc \\d\\.\\d{3}"), r.out());
        assertTrue(lines.get(4).matches("\\d+\\.\\d examples/sec on cpu"), r.out());
        assertEquals(5, lines.size(), r.out());
        assertTrue(r.err().contains("ND4J CPU backend on cpu"), r.err());
        assertTrue(r.err().matches("(?s).*waited for data \\d+\\.\\d\\d% of the training time.*"), r.err());

        Checkpoint c = Checkpoint.load(ckpt);
        assertEquals(2, c.epochsCompleted());
        assertEquals(50, c.config().batchSize()); // the flag wins over LeNet's recipe (256)
        assertEquals(10, Npz.read(npz).size()); // 5 layers with weights × (weight, bias)

        Path logits = dir.resolve("logits.npy");
        Result p = run("predict", "--checkpoint", ckpt.toString(), "--data", data.toString(), "--test-indices", "0-3",
                "--logits", logits.toString());
        assertEquals(0, p.code(), p.err());
        assertEquals(4, p.out().lines().filter(l -> l.startsWith("test #") && l.contains("true: ")
                && l.contains("predicted: ")).count(), p.out());
        // header (128 bytes for a 2-D float32) + 4 × 10 floats
        assertEquals(128 + 4 * 10 * 4, Files.size(logits));

        BufferedImage img = new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB);
        img.setRGB(10, 10, 0xffffff);
        Path png = dir.resolve("shirt.png");
        ImageIO.write(img, "png", png.toFile());
        Result q = run("predict", "--checkpoint", ckpt.toString(), "--image", png.toString());
        assertEquals(0, q.code(), q.err());
        assertTrue(q.out().startsWith("shirt.png  predicted: "), q.out());

        Result resumed = run("train", "--resume", ckpt.toString(), "--epochs", "3", "--data", data.toString());
        assertEquals(0, resumed.code(), resumed.err());
        assertTrue(resumed.out().contains("\nepoch 3, "), resumed.out());
        assertTrue(!resumed.out().contains("epoch 1,"), resumed.out());
    }

    @Test
    void badInputExitsWithItsStatusAndExplains() throws Exception {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        Result r = run("train", "--preset", "lenet", "--data", empty.toString());
        assertEquals(ExitCode.INPUT, r.code());
        assertTrue(r.err().contains("train-images-idx3-ubyte"), r.err());

        Result bad = run("train", "--preset", "nonesuch");
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("Unknown preset"), bad.err());

        // AlexNet's 11×11 stride 4 conv and three pools do not fit a 28×28 input
        Result shape = run("train", "--preset", "alexnet", "--resize", "28", "--data", data.toString());
        assertEquals(2, shape.code());
        assertTrue(shape.err().contains("Layer"), shape.err());

        // the 2012 network: 3 input channels and 1000 classes, not Fashion-MNIST's 1 and 10
        Result classes = run("train", "--preset", "alexnet-2012", "--data", data.toString());
        assertEquals(2, classes.code());
        assertTrue(classes.err().contains("1000 outputs"), classes.err());

        Path junk = Files.writeString(dir.resolve("junk.ckpt"), "junk");
        Result ck = run("predict", "--checkpoint", junk.toString(), "--test-indices", "0");
        assertEquals(ExitCode.INPUT, ck.code());
        assertTrue(ck.err().contains("junk.ckpt"), ck.err());

        Result lr = run("train", "--preset", "lenet", "--lr", "-1", "--data", data.toString());
        assertEquals(2, lr.code());
        assertTrue(lr.err().contains("learning rate"), lr.err());

        Result schedule = run("train", "--preset", "lenet", "--lr-schedule", "sometimes", "--data", data.toString());
        assertEquals(2, schedule.code());
        assertTrue(schedule.err().contains("--lr-schedule"), schedule.err());
    }

    @Test
    void learningRateScheduleComesFromThePresetOrTheFlag() throws Exception {
        Path ckpt = dir.resolve("mini.ckpt");
        // alexnet-mini's recipe decays the rate (cosine); one tiny epoch is enough to see it saved
        Result r = run("train", "--preset", "alexnet-mini", "--epochs", "1", "--train-limit", "64", "--test-limit", "20",
                "--batch", "32", "--data", data.toString(), "--save", ckpt.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals(LearningRateSchedule.COSINE, Checkpoint.load(ckpt).config().schedule());

        Result flat = run("train", "--preset", "alexnet-mini", "--lr-schedule", "Constant", "--epochs", "1",
                "--train-limit", "64", "--test-limit", "20", "--batch", "32", "--data", data.toString(),
                "--save", ckpt.toString());
        assertEquals(0, flat.code(), flat.err());
        assertEquals(LearningRateSchedule.CONSTANT, Checkpoint.load(ckpt).config().schedule());
    }
}
