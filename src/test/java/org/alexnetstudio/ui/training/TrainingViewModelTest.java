package org.alexnetstudio.ui.training;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.alexnetstudio.model.LearningRateSchedule;
import org.alexnetstudio.model.Presets;
import org.alexnetstudio.model.TrainingRecipe;
import org.alexnetstudio.train.TrainingConfig;
import org.alexnetstudio.ui.shared.FilterHistory;
import org.alexnetstudio.ui.shared.Run;
import org.alexnetstudio.ui.shared.Texts;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainingViewModelTest {

    static TrainingViewModel vm;
    static Run run;

    @BeforeAll
    static void trainOnce() {
        vm = Fixtures.synchronousVm(2);
        run = vm.start(Fixtures.tinyCnn()).orElseThrow();
    }

    @Test
    void runFinishesWithTheBookCurves() {
        assertEquals(Run.Status.FINISHED, run.status());
        assertEquals(TrainingViewModel.Phase.IDLE, vm.getPhase());
        // 500 images / batch 50 = 10 batches; the book plots 5 points per epoch; 2 epochs
        assertEquals(10, run.trainLoss().size());
        assertEquals(10, run.trainAccuracy().size());
        assertEquals(2, run.testAccuracy().size());
        assertEquals(0.2, run.trainLoss().get(0).epoch(), 1e-9);  // batch 2 of 10
        assertEquals(2.0, run.trainLoss().get(9).epoch(), 1e-9);
        assertEquals(1.0, run.testAccuracy().get(0).epoch(), 1e-9);
        assertEquals(1.0, vm.progressProperty().get(), 1e-9);
        assertTrue(run.trainLoss().get(9).value() < run.trainLoss().get(0).value(), "loss should fall");
    }

    @Test
    void logHasTheLinesTheCliPrints() {
        List<String> log = vm.log();
        assertTrue(log.contains("training on cpu"), log.toString());
        assertTrue(log.stream().anyMatch(l -> l.matches("epoch 2, loss \\d\\.\\d{3}, train acc \\d\\.\\d{3}, test acc \\d\\.\\d{3}")), log.toString());
        assertTrue(log.stream().anyMatch(l -> l.matches("loss \\d\\.\\d{3}, train acc \\d\\.\\d{3}, test acc \\d\\.\\d{3}")), log.toString());
        assertTrue(log.get(log.size() - 1).matches("\\d+\\.\\d examples/sec on cpu"), log.toString());
    }

    @Test
    void filterHistoryHoldsTheInitialWeightsAndOneSnapshotPerEpoch() {
        var history = run.filterHistory().firstLayer();
        assertEquals(3, history.size()); // before training + 2 epochs
        assertEquals(List.of(0, 1, 2), history.stream().map(FilterHistory.Snapshot::epoch).toList());
        assertEquals(6, history.get(2).weights().outChannels());
        assertFalse(java.util.Arrays.equals(history.get(0).weights().values(), history.get(2).weights().values()));
        assertTrue(run.filterHistory().droppedEpochs().isEmpty());
    }

    @Test
    void anImpossibleSettingIsRefusedWithTheReasonAndTheSettingsKeepTheirValue() {
        TrainingViewModel v = Fixtures.synchronousVm(1);
        TrainingConfig before = v.getConfig();
        assertFalse(v.trySettings(c -> c.withMomentum(1.5)));
        assertEquals(before, v.getConfig());
        assertTrue(v.settingsProblemProperty().get().contains("1.5"), v.settingsProblemProperty().get());
        assertFalse(v.trySettings(c -> c.withLearningRate(0)));
        assertEquals(before, v.getConfig());
        v.rejectSettingText("settings.weightDecay", "abc");
        assertEquals("Weight decay: \"abc\" is not a number; the setting keeps its value.",
                v.settingsProblemProperty().get());
        assertTrue(v.trySettings(c -> c.withMomentum(0.5).withWeightDecay(5e-4)));
        assertEquals("", v.settingsProblemProperty().get());
        assertEquals(0.5, v.getConfig().momentum());
        assertEquals(5e-4, v.getConfig().weightDecay());
    }

    @Test
    void theScheduleMomentumAndWeightDecayReachTheRunListAndTheCsv() {
        TrainingViewModel v = Fixtures.synchronousVm(1);
        assertTrue(v.trySettings(c -> c.withSchedule(LearningRateSchedule.COSINE).withWeightDecay(1e-4)));
        Run r = v.start(Fixtures.tinyCnn()).orElseThrow();
        assertEquals(LearningRateSchedule.COSINE, r.config().schedule());
        String summary = r.summaryProperty().get();
        // tinyConfig: lr 0.1, momentum 0.9, batch 50, 28×28, 1 epoch
        assertTrue(summary.contains("lr 0.1 (cosine), momentum 0.9, weight decay 0.0001, batch 50, 28×28"), summary);
        List<String> csv = MetricsCsv.of(List.of(r)).lines().toList();
        assertEquals("run,series,epoch,value,learning_rate,batch_size,resize,momentum,weight_decay,lr_schedule,"
                + "epochs,seed,train_limit,test_limit,device", csv.get(0));
        assertTrue(csv.get(1).endsWith(",0.1,50,28,0.9,0.0001,cosine,1,7,500,200,cpu"), csv.get(1));
    }

    @Test
    void theBooksPlainSgdStaysShortInTheRunListAndProblemsComeInTheWindowsLanguage() {
        assertEquals("lr 0.01 (constant), batch 128, 224×224, 10 epochs",
                TrainingViewModel.settingsText(Fixtures.EN, TrainingConfig.book()));
        Texts zh = new Texts(java.util.Locale.SIMPLIFIED_CHINESE);
        assertEquals("学习率 0.01（余弦），动量 0.9，批量 128，224×224，10 个迭代周期",
                TrainingViewModel.settingsText(zh, TrainingConfig.book().withMomentum(0.9)
                        .withSchedule(LearningRateSchedule.COSINE)));
        TrainingViewModel v = new TrainingViewModel(zh, Fixtures.NOW, Fixtures.NOW, Fixtures.NOW);
        java.util.Locale was = java.util.Locale.getDefault();
        java.util.Locale.setDefault(java.util.Locale.ENGLISH); // the window's language wins over the JVM's
        try {
            assertFalse(v.trySettings(c -> c.withBatchSize(0)));
        } finally {
            java.util.Locale.setDefault(was);
        }
        assertEquals("批量大小至少为 1，现在是 0。", v.settingsProblemProperty().get());
    }

    @Test
    void theNetworksRecipeBringsItsSchedule() {
        TrainingViewModel v = Fixtures.synchronousVm(1);
        v.applyRecipe(new TrainingRecipe(28, 12, 64, 0.05, 0.9, 5e-4, LearningRateSchedule.COSINE));
        assertEquals(LearningRateSchedule.COSINE, v.getConfig().schedule());
        assertEquals(0.9, v.getConfig().momentum());
        assertEquals(5e-4, v.getConfig().weightDecay());
    }

    @Test
    void aSecondRunIsKeptBesideTheFirst() {
        TrainingViewModel two = Fixtures.synchronousVm(1);
        Run a = two.start(Fixtures.tinyCnn()).orElseThrow();
        two.updateConfig(c -> c.withLearningRate(0.05));
        Run b = two.start(Fixtures.tinyCnn()).orElseThrow();
        assertEquals(List.of(a, b), two.runs());
        assertEquals(5, a.trainLoss().size());
        assertEquals(5, b.trainLoss().size());
        assertTrue(b.summaryProperty().get().contains("lr 0.05"), b.summaryProperty().get());
        String csv = MetricsCsv.of(two.runs());
        // header + 2 runs × (5 + 5 + 1) points
        assertEquals(1 + 2 * 11, csv.lines().count());
    }

    @Test
    void theCsvExportIsAtomicWithOneLineEnding(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        // issue 21 item 22: written through the atomic writer, so the old file is replaced (a new inode),
        // never truncated and rewritten in place
        TrainingViewModel vm = Fixtures.synchronousVm(1);
        vm.start(Fixtures.tinyCnn()).orElseThrow();
        java.nio.file.Path csv = java.nio.file.Files.writeString(dir.resolve("runs.csv"), "an older export\r\n");
        Object before = java.nio.file.Files.readAttributes(csv, java.nio.file.attribute.BasicFileAttributes.class)
                .fileKey();
        vm.exportCsv(csv);
        String text = java.nio.file.Files.readString(csv);
        assertEquals(MetricsCsv.of(vm.runs()).replace("\r\n", "\n"), text);
        assertFalse(text.contains("\r"), "one line ending");
        assertFalse(before.equals(java.nio.file.Files.readAttributes(csv,
                java.nio.file.attribute.BasicFileAttributes.class).fileKey()), "replaced by a rename");
        assertTrue(vm.getError().isEmpty(), vm.getError());
    }

    @Test
    void nanLossIsAMessageAndTheFinishedEpochsStay() {
        TrainingViewModel bad = Fixtures.synchronousVm(3);
        bad.updateConfig(c -> c.withLearningRate(1e8).withMomentum(0));
        // Batch norm over exploding weights gives an infinite variance, so the loss turns NaN.
        var spec = new org.alexnetstudio.model.NetworkSpec(org.alexnetstudio.model.Shape.chw(1, 28, 28), List.of(
                new org.alexnetstudio.model.Conv2d(8, 3, 1, 1), new org.alexnetstudio.model.BatchNorm2d(),
                new org.alexnetstudio.model.ReLU(), new org.alexnetstudio.model.MaxPool2d(2, 2),
                new org.alexnetstudio.model.Flatten(), new org.alexnetstudio.model.Linear(32),
                new org.alexnetstudio.model.ReLU(), new org.alexnetstudio.model.Linear(10)));
        Run r = bad.start(spec).orElseThrow();
        assertEquals(Run.Status.FAILED, r.status());
        assertFalse(bad.getError().isEmpty());
        assertTrue(bad.getError().contains("NaN") || bad.getError().contains("infinite"), bad.getError());
        // the same advice as the train command gives (issue 21 item 13): no preset, nothing trained, a tenth
        String advice = org.alexnetstudio.train.LearningRateAdvice.after(1e8, spec, Double.NaN)
                .sentence(java.util.Locale.getDefault());
        assertTrue(bad.getError().contains(advice), bad.getError() + " / " + advice);
        assertTrue(bad.getError().contains("are kept"), bad.getError());
        assertEquals(TrainingViewModel.Phase.IDLE, bad.getPhase());
        assertEquals(r.epochs().size(), r.testAccuracy().size());
        assertTrue(bad.canStartProperty().get(), "a failed run must not block the next one");
    }

    @Test
    void impossibleSettingsAreRefusedWithAMessage() {
        TrainingViewModel v = Fixtures.synchronousVm(1);
        v.updateConfig(c -> c.withBatchSize(0));
        assertTrue(v.start(Fixtures.tinyCnn()).isEmpty());
        assertFalse(v.getError().isEmpty());
        assertTrue(v.runs().isEmpty());
    }

    @Test
    void withoutDataStartIsDisabled() {
        TrainingViewModel v = new TrainingViewModel(Fixtures.EN, Fixtures.NOW, Fixtures.NOW, Fixtures.NOW);
        assertFalse(v.canStartProperty().get());
        assertTrue(v.start(Fixtures.tinyCnn()).isEmpty());
    }

    @Test
    void eventsAreCoalescedIntoFewerUiTasks() {
        // A UI executor that queues: the whole run's events arrive before the UI runs any of them.
        java.util.ArrayDeque<Runnable> uiQueue = new java.util.ArrayDeque<>();
        TrainingViewModel v = new TrainingViewModel(Fixtures.EN, Fixtures.NOW, uiQueue::add, Fixtures.NOW);
        v.setData(Fixtures.sample());
        v.updateConfig(c -> Fixtures.tinyConfig(1));
        Run r = v.start(Fixtures.tinyCnn()).orElseThrow();
        // started + 5 progress + epochEnd + finished + completion = 9 events, one scheduled drain
        assertEquals(1, uiQueue.size());
        uiQueue.poll().run();
        assertEquals(1, v.drainCount());
        assertEquals(5, r.trainLoss().size());
        assertEquals(Run.Status.FINISHED, r.status());
    }

    @Test
    void recipesComeFromThePresetOrTheInputSize() {
        assertEquals(Presets.byId("lenet").orElseThrow().recipe(), TrainingViewModel.recipeFor(Presets.lenet()));
        assertEquals(TrainingRecipe.book(28), TrainingViewModel.recipeFor(Fixtures.tinyCnn()));
        TrainingViewModel v = Fixtures.synchronousVm(1);
        v.applyRecipe(Presets.byId("alexnet-mini").orElseThrow().recipe());
        TrainingConfig c = v.getConfig();
        assertEquals(28, c.resize());
        assertEquals(0.9, c.momentum());
        assertEquals(org.alexnetstudio.model.LearningRateSchedule.COSINE, c.schedule());
        assertEquals(500, c.trainLimit()); // subset sizes and seed are the student's, kept
        assertEquals(7, c.seed());
    }

    @Test
    void checkpointSavedThenLoadedGivesTheSamePredictions(@TempDir Path dir) {
        Path file = dir.resolve("tiny.zip");
        vm.saveCheckpoint(file);
        assertTrue(Files.isRegularFile(file), vm.getError());
        vm.loadCheckpoint(file);
        Run loaded = vm.getCurrent();
        assertNotNull(loaded);
        assertTrue(loaded != run);
        assertEquals(2, loaded.testAccuracy().size());
        float[] images = new float[3 * 28 * 28];
        byte[] px = Fixtures.sample().test().pixels();
        for (int k = 0; k < images.length; k++) {
            images[k] = (px[k] & 0xFF) / 255f;
        }
        float[][] a = run.network().predict(images, 3);
        float[][] b = loaded.network().predict(images, 3);
        for (int i = 0; i < 3; i++) {
            org.junit.jupiter.api.Assertions.assertArrayEquals(a[i], b[i], 1e-6f);
        }
        vm.select(run);
    }

    @Test
    void loadingAFileThatIsNotACheckpointIsAMessage(@TempDir Path dir) throws Exception {
        Path junk = dir.resolve("junk.zip");
        Files.writeString(junk, "not a zip");
        TrainingViewModel v = Fixtures.synchronousVm(1);
        v.loadCheckpoint(junk);
        assertTrue(v.getError().contains("junk.zip"), v.getError());
        assertTrue(v.runs().isEmpty());
    }

    @Test
    void npzExportWritesAFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("model.npz");
        vm.exportNpz(file);
        assertTrue(Files.size(file) > 6 * 25 * 4, vm.getError()); // at least the conv weights
    }

    @Test
    void etaIsMinutesAndSeconds() {
        assertEquals("1:05", TrainingViewModel.eta(java.time.Duration.ofSeconds(65)));
        assertEquals("1:00:01", TrainingViewModel.eta(java.time.Duration.ofSeconds(3601)));
    }
}
