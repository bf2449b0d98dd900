package org.alexnetstudio.ui.training;

import org.alexnetstudio.ui.shared.Run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.UUID;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.alexnetstudio.train.Checkpoint;
import org.alexnetstudio.train.DevicePreference;
import org.alexnetstudio.ui.StudioWindow;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** Closing the window with a run training, or with trained weights never saved, asks first (issue 21). */
@ExtendWith(ApplicationExtension.class)
class CloseWithRunsFxTest {

    @TempDir
    static Path autosaveDir;
    private StudioFixture studio;
    private StudioWindow window;
    private TrainingTabs part2;
    private Stage stage;

    @Start
    void start(Stage stage) throws Exception {
        this.stage = stage;
        Path dir = Files.createTempDirectory(autosaveDir, "autosave");
        studio = StudioFixture.open(stage, Locale.ENGLISH,
                prefs -> new TrainingTabs.Options(false, false, new DevicePreference(prefs), new Autosave(dir)));
        window = studio.window;
        part2 = studio.tabs;
        window.viewModel().newDocument(Fixtures.tinyCnn());
    }

    @AfterEach
    void tearDown() throws Exception {
        studio.close();
    }

    private static void waitFor(String what, java.util.concurrent.Callable<Boolean> condition) throws Exception {
        StudioFixture.waitFor(what, 60, condition);
    }

    private Run train(FxRobot robot, int epochs) throws Exception {
        robot.clickOn("#train-tab");
        TrainingViewModel vm = part2.training();
        robot.interact(() -> vm.updateConfig(c -> Fixtures.tinyConfig(epochs)));
        robot.clickOn("#train-start");
        Run run = vm.getCurrent();
        waitFor("the first epoch and its automatic checkpoint",
                () -> run.epochs().size() >= 1 && run.autosaveFile() != null && Files.exists(run.autosaveFile()));
        return run;
    }

    @Test
    void ctrlQWhileTrainingOffersToKeepTheRunAndKeepsItsCheckpoint(FxRobot robot) throws Exception {
        Run run = train(robot, 500);
        Path file = run.autosaveFile();
        assertTrue(file.startsWith(part2.training().autosave().folder()), file.toString());
        assertTrue(Checkpoint.load(file).epochsCompleted() >= 1, "a checkpoint after every epoch");

        robot.press(KeyCode.CONTROL).type(KeyCode.Q).release(KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertNotNull(robot.lookup("#unsaved-runs-dialog").tryQuery().orElse(null), "Ctrl+Q asks first");
        assertTrue(stage.isShowing());
        robot.clickOn("Stop and keep");
        waitFor("the window to close", () -> !stage.isShowing());
        waitFor("the run to stop", () -> part2.training().getPhase() == TrainingViewModel.Phase.IDLE);
        Checkpoint kept = Checkpoint.load(file);
        assertEquals(Fixtures.tinyCnn(), kept.spec(), "the student's network is kept");
        assertTrue(kept.epochsCompleted() >= 1);
    }

    @Test
    void exitWithAnUnsavedFinishedRunCanDiscardIt(FxRobot robot) throws Exception {
        Run run = train(robot, 1);
        waitFor("the run to finish", () -> part2.training().getPhase() == TrainingViewModel.Phase.IDLE);
        Path file = run.autosaveFile();
        robot.clickOn("File");
        WaitForAsyncUtils.waitForFxEvents();
        robot.clickOn("Exit");
        WaitForAsyncUtils.waitForFxEvents();
        assertNotNull(robot.lookup("#unsaved-runs-dialog").tryQuery().orElse(null), "Exit asks first");
        robot.clickOn("Cancel");
        assertTrue(stage.isShowing(), "Cancel keeps the window");
        robot.press(KeyCode.CONTROL).type(KeyCode.Q).release(KeyCode.CONTROL);
        robot.clickOn("Discard");
        waitFor("the window to close", () -> !stage.isShowing());
        assertFalse(Files.exists(file), "a discarded run leaves no checkpoint behind");
    }

    @Test
    void aSavedRunClosesWithoutAQuestionAndItsAutomaticCheckpointIsGone(FxRobot robot) throws Exception {
        Run run = train(robot, 1);
        waitFor("the run to finish", () -> part2.training().getPhase() == TrainingViewModel.Phase.IDLE);
        Path auto = run.autosaveFile();
        Path saved = autosaveDir.resolve("saved-" + UUID.randomUUID() + ".zip");
        robot.interact(() -> part2.training().saveCheckpoint(saved));
        waitFor("the save", () -> Files.exists(saved) && !run.needsSaving());
        assertFalse(Files.exists(auto), "saved: the automatic checkpoint is removed");
        robot.press(KeyCode.CONTROL).type(KeyCode.Q).release(KeyCode.CONTROL);
        waitFor("the window to close", () -> !stage.isShowing());
    }
}
