package org.alexnetstudio.ui.lab;

import static org.alexnetstudio.ui.lab.Records.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.prefs.Preferences;
import javafx.beans.property.SimpleObjectProperty;
import org.alexnetstudio.model.NetworkSpec;
import org.alexnetstudio.model.Presets;
import org.alexnetstudio.train.TrainingConfig;
import org.alexnetstudio.ui.training.Fixtures;
import org.alexnetstudio.ui.shared.Run;
import org.alexnetstudio.ui.training.TrainingViewModel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Lab's view model with plain JUnit: checks fed from the app's state, progress saved and resumed. */
class LabViewModelTest {

    private final Preferences prefs = Preferences.userRoot().node("org/alexnetstudio/test/" + UUID.randomUUID());
    private final SimpleObjectProperty<NetworkSpec> editor = new SimpleObjectProperty<>(Presets.alexnet());
    private final SimpleObjectProperty<TrainingConfig> config = new SimpleObjectProperty<>(TrainingConfig.book());

    @AfterEach
    void tearDown() throws Exception {
        prefs.removeNode();
    }

    private LabViewModel vm(Locale locale) {
        return new LabViewModel(new LabTexts(locale), new LabStore(prefs), editor, config);
    }

    @Test
    void checkSaysWhatIsMissingThenMarksTheExerciseDoneAndTheProgressSurvivesARestart() {
        LabViewModel vm = vm(Locale.ENGLISH);
        assertEquals("0 of 5 exercises done", vm.progressProperty().get());
        vm.select(Exercise.BATCH);
        assertEquals(vm.texts().get("lab.notChecked"), vm.statusProperty().get());
        vm.check();
        assertFalse(vm.passedProperty().get());
        assertEquals(List.of(new LabViewModel.Line(false, "Train any network (AlexNet mini or LeNet are quick on a CPU).")),
                vm.findings());
        vm.addRecord(run(1, Presets.alexnetMini(), 28, 128, 0.8));
        vm.addRecord(run(2, Presets.alexnetMini(), 28, 32, 0.84));
        vm.check();
        assertTrue(vm.passedProperty().get());
        assertEquals("Done ✓", vm.statusProperty().get());
        assertEquals(2, vm.batchLines().size());
        assertEquals("32", vm.batchLines().get(0).batch());
        assertTrue(vm.discussionProperty().get().contains("at batch 32"), vm.discussionProperty().get());
        assertEquals(1, vm.doneCountProperty().get());

        // Reopened: exercise 3 is still done and shown with its discussion, from the kept runs.
        LabViewModel again = vm(Locale.ENGLISH);
        assertEquals(Exercise.BATCH, again.getShown());
        assertTrue(again.isDone(Exercise.BATCH));
        assertEquals("1 of 5 exercises done", again.progressProperty().get());
        assertTrue(again.passedProperty().get());
        assertEquals(2, again.records().size());
        assertTrue(again.records().stream().allMatch(RunRecord::earlier));
        assertEquals("The checks also use 2 runs from earlier sessions.", again.earlierNoteProperty().get());
    }

    @Test
    void doneStaysDoneWhenRunsAreRemovedAndStartOverForgetsIt() {
        LabViewModel vm = vm(Locale.ENGLISH);
        vm.select(Exercise.BATCH);
        vm.addRecord(run(1, Presets.lenet(), 28, 256, 0.6));
        vm.addRecord(run(2, Presets.lenet(), 28, 64, 0.7));
        vm.check();
        vm.removeRecord("1:1");
        vm.check();
        assertFalse(vm.passedProperty().get(), "the check reads the run list as it is now");
        assertTrue(vm.isDone(Exercise.BATCH), "an exercise once passed stays done");
        vm.reset();
        assertFalse(vm.isDone(Exercise.BATCH));
        assertEquals(Exercise.EPOCHS, vm.getShown());
        assertEquals(1, vm.records().size(), "this session's runs stay");
        assertEquals(1, vm(Locale.ENGLISH).records().size(), "and are kept for the next session");
        assertEquals(Set.of(), vm.savedDone());
    }

    @Test
    void exerciseFourPicksAreSavedPerNetworkAndTheMemoryTableFollowsTheTrainSettings() {
        LabViewModel vm = vm(Locale.ENGLISH);
        vm.select(Exercise.COSTS);
        assertTrue(vm.pickRows().isEmpty(), "nothing computed while the panel is closed");
        vm.setOpen(true);
        // AlexNet: 5 conv + 3 dense layers to pick from
        assertEquals(8, vm.pickRows().size());
        assertEquals("Conv2d #0  → 96×54×54", vm.pickRows().get(0).label());
        vm.setPicked(true, 14, true);
        vm.setPicked(true, 17, true);
        for (int i : new int[]{0, 3, 6, 8, 10}) {
            vm.setPicked(false, i, true);
        }
        assertTrue(vm.check().passed());
        assertTrue(vm.pickRows().get(5).memory());
        // batch 128, plain SGD: 1,772,011,088 B (TrainingMemoryTest) = 1,772.0 MB in all
        assertTrue(vm.memoryTotalProperty().get().endsWith("= 1,772.0 MB."), vm.memoryTotalProperty().get());
        assertEquals("One training batch of 128, counted from the shapes (float32)", vm.memoryTitleProperty().get());
        config.set(config.get().withBatchSize(32).withMomentum(0.9));
        assertEquals("One training batch of 32, counted from the shapes (float32)", vm.memoryTitleProperty().get());
        assertTrue(vm.memoryTotalProperty().get().contains("momentum 187.1 MB"), vm.memoryTotalProperty().get());

        LabViewModel again = vm(Locale.ENGLISH);
        assertEquals(Set.of(14, 17), again.picks().memory());
        // another network: its own (empty) picks
        editor.set(Presets.lenet());
        assertTrue(again.pickRows().stream().noneMatch(r -> r.memory() || r.compute()));
    }

    @Test
    void everyVerdictReadsInChinese() {
        LabViewModel vm = vm(Locale.SIMPLIFIED_CHINESE);
        vm.addRecord(run(1, Presets.lenet(), 28, 256, 0.55, 0.65));
        vm.addRecord(run(2, Presets.alexnetMini(), 28, 128, 0.7, 0.78, 0.8, 0.82, 0.84));
        for (Exercise e : Exercise.values()) {
            vm.select(e);
            vm.check();
            for (LabViewModel.Line l : vm.findings()) {
                assertFalse(l.text().matches(".*\\b[a-z][0-9]\\.[a-z]+.*"), "untranslated key in " + l.text());
                assertFalse(l.text().contains("["), "a pattern that failed to format: " + l.text());
            }
            assertFalse(vm.discussionProperty().get().contains("["), vm.discussionProperty().get());
        }
        vm.select(Exercise.EPOCHS);
        assertTrue(vm.passedProperty().get());
        assertTrue(vm.discussionProperty().get().contains("迭代周期"), vm.discussionProperty().get());
    }

    @Test
    void theRecorderKeepsEachEndedRunWithTheProcessPeakSinceItStarted(@TempDir Path dir) throws Exception {
        Path status = dir.resolve("status");
        Path clear = dir.resolve("clear_refs");
        Files.writeString(status, "Name:\tjava\nVmHWM:\t  204800 kB\nVmRSS:\t  102400 kB\n");
        ProcessMemory memory = new ProcessMemory(status, clear);
        long[] gpuResets = {0};
        GpuMemory gpu = new GpuMemory() {
            @Override
            public void resetPeak() {
                gpuResets[0]++;
            }

            @Override
            public OptionalLong peakBytes() {
                return OptionalLong.empty();
            }
        };
        LabViewModel vm = vm(Locale.ENGLISH);
        TrainingViewModel training = Fixtures.synchronousVm(1);
        new RunRecorder(training.runs(), () -> Fixtures.sample(), memory, gpu, 9, vm::addRecord, vm::removeRecord);
        Run run = training.start(Fixtures.tinyCnn()).orElseThrow();
        assertEquals("5", Files.readString(clear), "the peak was reset when the run started");
        assertEquals(1, gpuResets[0]);
        assertEquals(1, vm.records().size());
        RunRecord r = vm.records().get(0);
        assertEquals("9:" + run.number(), r.id());
        // VmHWM 204,800 kB × 1024 = 209,715,200 B; VmRSS 102,400 kB × 1024 = 104,857,600 B
        assertEquals(209_715_200L, r.peakRssBytes());
        assertEquals(104_857_600L, r.rssBeforeBytes());
        assertEquals(-1, r.gpuPeakBytes());
        assertEquals(1, r.epochs());
        assertEquals(run.epochs().get(0).testAccuracy(), r.finalTestAccuracy(), 1e-12);
        // tinyConfig: 500 training images, 200 test images, batch 50
        assertEquals(500, r.trainSize());
        assertEquals(200, r.testSize());
        assertEquals(Fixtures.tinyCnn(), r.spec());
        training.removeRun(run);
        assertTrue(vm.records().isEmpty());
    }

    @Test
    void aRecordSurvivesSavingAndADamagedOneIsSkipped() {
        RunRecord r = Records.withPeak(run(3, Presets.alexnetMini(), 28, 64, 0.5, 0.75), 123_456_789L);
        RunRecord back = RunRecord.decode(r.encode(), true);
        assertEquals(r.asEarlier(), back);
        LabStore store = new LabStore(prefs);
        store.setRuns(List.of(r, run(4, Presets.lenet(), 32, 256, 0.6)));
        prefs.put("run.0", "garbage");
        assertEquals(List.of(4), store.runs().stream().map(RunRecord::number).toList());
    }

    @Test
    void processMemoryReadsKilobytesFromTheStatusText() {
        String status = "VmPeak:\t 5000 kB\nVmHWM:\t    2048 kB\nVmRSS:\t    1024 kB\n";
        assertEquals(OptionalLong.of(2048 * 1024), ProcessMemory.parse(status, "VmHWM"));
        assertEquals(OptionalLong.of(1024 * 1024), ProcessMemory.parse(status, "VmRSS"));
        assertEquals(OptionalLong.empty(), ProcessMemory.parse("Name: x\n", "VmRSS"));
        assertEquals(OptionalLong.empty(), new ProcessMemory(Path.of("/nonexistent/status"), Path.of("/nonexistent/c"))
                .peakResidentBytes());
    }
}
