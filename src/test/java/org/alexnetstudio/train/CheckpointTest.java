package org.alexnetstudio.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.alexnetstudio.model.LearningRateSchedule;
import org.alexnetstudio.model.BatchNorm2d;
import org.alexnetstudio.model.Conv2d;
import org.alexnetstudio.model.Flatten;
import org.alexnetstudio.model.LayerSpec;
import org.alexnetstudio.model.Linear;
import org.alexnetstudio.model.MaxPool2d;
import org.alexnetstudio.model.NetworkSpec;
import org.alexnetstudio.model.ReLU;
import org.alexnetstudio.model.Shape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointTest {

    @TempDir
    Path dir;

    /** 1×12×12 → conv 4 + BN → pool 4×6×6 = 144 → 3 classes. */
    static NetworkSpec tinyCnn() {
        return new NetworkSpec(Shape.chw(1, 12, 12), List.<LayerSpec>of(
                new Conv2d(4, 3, 1, 1), new BatchNorm2d(), new ReLU(), new MaxPool2d(2, 2),
                new Flatten(), new Linear(3)));
    }

    static SyntheticData tinyData() {
        return new SyntheticData(3, 96, 48, 2, 0.5);
    }

    static TrainingConfig tinyConfig() {
        return new TrainingConfig(0.05, 0.9, 0, 32, 2, 7, 12, 0, 0);
    }

    private static Path fixture(String name) throws URISyntaxException {
        return Path.of(CheckpointTest.class.getResource("/train/" + name).toURI());
    }

    @Test
    void roundTripKeepsWeightsMomentumHistoryAndSettings() throws Exception {
        TrainingSession session = new TrainingSession(tinyCnn(), tinyData(), tinyConfig().withEpochs(1), null);
        session.run();
        Path file = dir.resolve("run.ckpt");
        session.saveCheckpoint(file);

        Checkpoint c = Checkpoint.load(file);
        assertEquals(session.spec(), c.spec());
        assertEquals(session.config(), c.config());
        assertEquals(session.history(), c.history());
        assertEquals(1, c.epochsCompleted());
        assertEquals(tinyData().description(), c.dataDescription());
        Map<String, Tensor> live = session.network().stateDict();
        assertEquals(live.keySet(), c.state().keySet());
        for (String key : live.keySet()) {
            assertEquals(live.get(key), c.state().get(key), key);
        }
        // momentum buffers for each of the 6 parameters: 0.weight/bias, 1.weight/bias (BN), 5.weight/bias
        assertEquals(List.of("0.weight", "0.bias", "1.weight", "1.bias", "5.weight", "5.bias"),
                List.copyOf(c.velocity().keySet()));
        assertEquals(3L, c.state().get("1.num_batches_tracked").longs()[0]); // 96 / 32 = 3 steps

        Network rebuilt = c.buildNetwork();
        float[] image = tinyData().image(TrainingData.Split.TEST, 3, 12);
        assertArrayEquals(session.predict(image, 1)[0], rebuilt.predict(image, 1)[0], 1e-6f);
    }

    @Test
    void resumeContinuesFromTheNextEpoch() throws Exception {
        TrainingSession first = new TrainingSession(tinyCnn(), tinyData(), tinyConfig().withEpochs(1), null);
        first.run();
        Path file = dir.resolve("run.ckpt");
        first.saveCheckpoint(file);

        TrainingSessionTest.Recorder rec = new TrainingSessionTest.Recorder();
        Checkpoint c = Checkpoint.load(file);
        TrainingSession second = TrainingSession.resume(c, tinyData(), c.config().withEpochs(3), rec);
        FinalMetrics m = second.run();
        assertEquals(2, ((SessionInfo) rec.events.get(0)).firstEpoch());
        assertEquals(List.of(2, 3), rec.epochs.stream().map(EpochResult::epoch).toList());
        assertEquals(3, second.history().size());
        assertEquals(first.history().get(0), second.history().get(0));
        assertEquals(3, m.epochsCompleted());
        // 3 epochs × 3 steps tracked by batch norm across both runs
        assertEquals(9L, second.network().stateDict().get("1.num_batches_tracked").longs()[0]);
    }

    @Test
    void failedSaveLeavesThePreviousCheckpoint() throws Exception {
        TrainingSession session = new TrainingSession(tinyCnn(), tinyData(), tinyConfig().withEpochs(1), null);
        session.run();
        Path file = dir.resolve("run.ckpt");
        session.saveCheckpoint(file);
        byte[] before = Files.readAllBytes(file);
        Checkpoint broken = new Checkpoint(null, session.config(), Map.of(), Map.of(), List.of(), 1, "x");
        assertThrows(RuntimeException.class, () -> broken.save(file));
        assertArrayEquals(before, Files.readAllBytes(file));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList(), "no temporary file left behind");
        }
    }

    @Test
    void learningRateScheduleSurvivesTheRoundTrip() throws Exception {
        TrainingConfig cosine = tinyConfig().withEpochs(1).withSchedule(LearningRateSchedule.COSINE);
        TrainingSession session = new TrainingSession(tinyCnn(), tinyData(), cosine, null);
        session.run();
        Path file = dir.resolve("cosine.ckpt");
        session.saveCheckpoint(file);
        assertEquals(cosine, Checkpoint.load(file).config());
    }

    @Test
    void committedVersion1CheckpointStillLoads() throws Exception {
        Checkpoint c = Checkpoint.load(fixture("tiny-v1.ckpt"));
        assertEquals(LearningRateSchedule.CONSTANT, c.config().schedule()); // written before schedules existed
        assertEquals(tinyCnn(), c.spec());
        assertEquals(1, c.epochsCompleted());
        Network net = c.buildNetwork();
        assertEquals(3, net.predict(new float[144], 1)[0].length);
    }

    @Test
    void badFilesGiveClearErrors() throws Exception {
        assertMessage("not-a-zip.ckpt", "not a zip file or it is truncated");
        assertMessage("truncated.ckpt", "not a zip file or it is truncated");
        assertMessage("wrong-version.ckpt", "format version 99");
        assertMessage("not-a-checkpoint.ckpt", "is not an AlexNet Studio checkpoint");
        assertMessage("damaged-weights.ckpt", "checksum mismatch");
        CheckpointException e = assertThrows(CheckpointException.class,
                () -> Checkpoint.load(dir.resolve("missing.ckpt")));
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
    }

    private static void assertMessage(String fixture, String expected) throws URISyntaxException {
        CheckpointException e = assertThrows(CheckpointException.class, () -> Checkpoint.load(fixture(fixture)));
        assertTrue(e.getMessage().contains(fixture), e.getMessage());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void weightsOfAnotherNetworkAreRejectedByName() throws IOException {
        Network net = Networks.build(tinyCnn(), 1);
        Map<String, Tensor> dict = net.stateDict();
        dict.remove("5.bias");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> net.loadStateDict(dict));
        assertTrue(e.getMessage().contains("5.bias"), e.getMessage());
    }
}
