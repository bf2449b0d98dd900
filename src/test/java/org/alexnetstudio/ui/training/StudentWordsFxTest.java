package org.alexnetstudio.ui.training;

import org.alexnetstudio.ui.shared.Run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.alexnetstudio.model.Presets;
import org.alexnetstudio.train.TrainingSession;
import org.alexnetstudio.ui.StudioWindow;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** Issue 21, item 9: words a student can read in the Train tab, and presets that can be undone. */
@ExtendWith(ApplicationExtension.class)
class StudentWordsFxTest {

    private StudioFixture studio;
    private StudioWindow window;
    private TrainingTabs part2;

    @Start
    void start(Stage stage) {
        studio = StudioFixture.open(stage);
        window = studio.window;
        part2 = studio.tabs;
    }

    @AfterEach
    void tearDown() throws Exception {
        studio.close();
    }

    private static void waitFor(String what, java.util.concurrent.Callable<Boolean> condition) throws Exception {
        StudioFixture.waitFor(what, 60, condition);
    }

    private static void enter(FxRobot robot, String id, String text) {
        robot.doubleClickOn(id).press(KeyCode.CONTROL).type(KeyCode.A).release(KeyCode.CONTROL);
        if (text.isEmpty()) {
            robot.type(KeyCode.BACK_SPACE);
        } else {
            robot.write(text);
        }
        robot.type(KeyCode.ENTER);
    }

    @Test
    void imageCountsSayAllAndTheDebugGaugeIsHidden(FxRobot robot) {
        robot.clickOn("#train-tab");
        TrainingViewModel vm = part2.training();
        TextField train = robot.lookup("#setting-train-limit").queryAs(TextField.class);
        assertEquals(0, vm.getConfig().trainLimit());
        assertEquals("all", train.getText(), "0 images means all: say so");
        enter(robot, "#setting-train-limit", "500");
        assertEquals(500, vm.getConfig().trainLimit());
        enter(robot, "#setting-train-limit", "all");
        assertEquals(0, vm.getConfig().trainLimit());
        enter(robot, "#setting-train-limit", "300");
        enter(robot, "#setting-train-limit", "");
        assertEquals(0, vm.getConfig().trainLimit(), "an empty field means all");
        assertEquals("all", train.getText());
        assertFalse(robot.lookup("#pulse-label").queryAs(Label.class).isVisible(),
                "the UI-pause gauge is a developer's option");
    }

    @Test
    void aPausedRunSaysPausedAndOneEpochIsSingular(FxRobot robot) throws Exception {
        robot.interact(() -> window.viewModel().newDocument(Fixtures.tinyCnn()));
        robot.clickOn("#train-tab");
        TrainingViewModel vm = part2.training();
        robot.interact(() -> vm.updateConfig(c -> Fixtures.tinyConfig(500)));
        robot.clickOn("#train-start");
        Run run = vm.getCurrent();
        waitFor("the first epoch", () -> run.epochs().size() >= 1);
        robot.clickOn("#train-pause");
        waitFor("the pause", () -> run.session().state() == TrainingSession.State.PAUSED);
        assertTrue(run.summaryProperty().get().startsWith("Run 1 (paused)"), run.summaryProperty().get());
        robot.clickOn("#train-stop");
        waitFor("the stop", () -> vm.getPhase() == TrainingViewModel.Phase.IDLE);
        int done = run.result().epochsCompleted();
        String expected = done == 1 ? "Stopped after 1 finished epoch." : "Stopped after " + done + " finished epochs.";
        assertEquals(expected, vm.progressTextProperty().get());
        assertTrue(run.summaryProperty().get().startsWith("Run 1 (stopped)"), run.summaryProperty().get());
    }

    @Test
    void choosingAPresetCanBeUndone(FxRobot robot) {
        assertEquals(Presets.alexnet(), window.viewModel().getSpec());
        robot.clickOn("#toolbar-presets");
        robot.clickOn(window.viewModel().i18n().get("preset.alexnet-mini"));
        assertEquals(Presets.byId("alexnet-mini").orElseThrow().spec(), window.viewModel().getSpec());
        robot.press(KeyCode.CONTROL).type(KeyCode.Z).release(KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(Presets.alexnet(), window.viewModel().getSpec(), "Ctrl+Z restores the previous network");
        robot.press(KeyCode.CONTROL).type(KeyCode.Y).release(KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(Presets.byId("alexnet-mini").orElseThrow().spec(), window.viewModel().getSpec());
    }
}
