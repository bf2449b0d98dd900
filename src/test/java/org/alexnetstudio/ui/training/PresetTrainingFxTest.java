package org.alexnetstudio.ui.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.alexnetstudio.model.NetworkSpec;
import org.alexnetstudio.model.Preset;
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

/**
 * Issue 21, acceptance: a student chooses a preset, opens the Train tab by its tab (not the Train
 * button) and presses Start: the run trains exactly the network and input the Network tab shows.
 */
@ExtendWith(ApplicationExtension.class)
class PresetTrainingFxTest {

    private StudioFixture studio;
    private StudioWindow window;
    private TrainingTabs part2;

    @Start
    void start(Stage stage) {
        stage.setWidth(1400);
        stage.setHeight(900);
        studio = StudioFixture.open(stage);
        window = studio.window;
        part2 = studio.tabs;
    }

    @AfterEach
    void tearDown() throws Exception {
        studio.close();
    }

    private static void waitFor(String what, java.util.concurrent.Callable<Boolean> condition) throws Exception {
        StudioFixture.waitFor(what, 90, condition);
    }

    private void choosePreset(FxRobot robot, Preset p) {
        robot.clickOn("#network-tab");
        robot.clickOn("#toolbar-presets");
        robot.clickOn(window.viewModel().i18n().get("preset." + p.id()));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(p.spec(), window.viewModel().getSpec(), "the editor shows the preset");
    }

    private static void enter(FxRobot robot, String id, String text) {
        robot.doubleClickOn(id).press(KeyCode.CONTROL).type(KeyCode.A).release(KeyCode.CONTROL).write(text)
                .type(KeyCode.ENTER);
    }

    @Test
    void everyPresetTrainsTheNetworkAndInputTheEditorShows(FxRobot robot) throws Exception {
        TrainingViewModel vm = part2.training();
        // Small subsets: the run is stopped as soon as it has started anyway.
        robot.clickOn("#train-tab");
        enter(robot, "#setting-train-limit", "100");
        enter(robot, "#setting-test-limit", "50");
        for (Preset p : Presets.all()) {
            choosePreset(robot, p);
            robot.clickOn("#train-tab"); // the tab, not the ▶ Train button
            assertTrue(part2.trainTab().isSelected());
            NetworkSpec editor = window.viewModel().getSpec();
            assertEquals(p.recipe().epochs(), vm.getConfig().epochs(), p.id() + ": the preset's recipe came along");
            assertEquals(p.recipe().learningRate(), vm.getConfig().learningRate(), p.id());
            assertEquals(editor.input().height(), vm.getConfig().resize(), p.id() + ": resize = the editor's input");
            assertEquals(100, vm.getConfig().trainLimit(), "the student's subset is kept");
            Label note = robot.lookup("#train-network-note").queryAs(Label.class);
            assertFalse(note.getParent().isVisible(), p.id() + ": nothing differs: " + note.getText());
            Button start = robot.lookup("#train-start").queryAs(Button.class);
            if (!window.viewModel().isTrainable()) {
                // AlexNet 2012 ends in 1000 ImageNet classes: Start says why it cannot train it.
                assertTrue(start.isDisabled(), p.id());
                Label why = robot.lookup("#train-network-problem").queryAs(Label.class);
                assertTrue(why.isVisible() && why.getText().contains("10"), p.id() + ": " + why.getText());
                continue;
            }
            int runs = vm.runs().size();
            robot.clickOn("#train-start");
            assertEquals(runs + 1, vm.runs().size(), p.id());
            TrainingSession session = vm.getCurrent().session();
            assertNotNull(session, p.id());
            assertEquals(editor, session.spec(), p.id() + ": the session trains the editor's network and input");
            assertEquals(editor.input().height(), session.config().resize(), p.id());
            robot.clickOn("#train-stop");
            waitFor(p.id() + " to stop", () -> vm.getPhase() == TrainingViewModel.Phase.IDLE);
        }
    }

    @Test
    void aResizeThatDiffersFromTheNetworkTabIsShownBeforeStart(FxRobot robot) throws Exception {
        Preset mini = Presets.byId("alexnet-mini").orElseThrow();
        choosePreset(robot, mini);
        robot.clickOn("#train-tab");
        TrainingViewModel vm = part2.training();
        assertEquals(28, vm.getConfig().resize());
        enter(robot, "#setting-resize", "224");
        assertEquals(224, vm.getConfig().resize());
        Label note = robot.lookup("#train-network-note").queryAs(Label.class);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(note.getParent().isVisible(), "the difference is shown");
        // The Network tab's 429,898 parameters at 28×28, and the 12,226,378 that 224×224 would train.
        assertTrue(note.getText().contains("429,898") && note.getText().contains("12,226,378"), note.getText());
        robot.clickOn("#train-use-network-input");
        assertEquals(28, vm.getConfig().resize());
        assertEquals("28", robot.lookup("#setting-resize").queryAs(TextField.class).getText());
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(note.getParent().isVisible());

        // A changed input size on the Network tab shows in the settings.
        robot.clickOn("#network-tab");
        robot.interact(() -> window.viewModel().setInput(1, 32));
        robot.clickOn("#train-tab");
        assertEquals(32, vm.getConfig().resize());
        Node n = robot.lookup("#setting-resize").query();
        assertEquals("32", ((TextField) n).getText());
    }
}
