package org.alexnetstudio.ui.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import atlantafx.base.theme.PrimerLight;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.prefs.Preferences;
import javafx.application.Application;
import javafx.css.PseudoClass;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.alexnetstudio.model.LearningRateSchedule;
import org.alexnetstudio.train.DeviceChoice;
import org.alexnetstudio.train.DevicePreference;
import org.alexnetstudio.ui.I18n;
import org.alexnetstudio.ui.ModelFormats;
import org.alexnetstudio.ui.StudioSettings;
import org.alexnetstudio.ui.StudioWindow;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The settings panel as a student uses it: the schedule, a refused value, the device. No training. */
@ExtendWith(ApplicationExtension.class)
class TrainingSettingsFxTest {

    private static final PseudoClass INVALID = PseudoClass.getPseudoClass("invalid");
    private final Preferences prefs = Preferences.userRoot().node("org/alexnetstudio/test/" + UUID.randomUUID());
    private final ExecutorService files = Executors.newSingleThreadExecutor();
    private TrainingTabs part2;

    @Start
    void start(Stage stage) {
        Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
        StudioWindow window = new StudioWindow(stage, new I18n(Locale.ENGLISH), new StudioSettings(prefs),
                new ModelFormats(Locale.ENGLISH), files);
        stage.show();
        part2 = TrainingTabs.install(window, Locale.ENGLISH,
                new TrainingTabs.Options(false, false, new DevicePreference(prefs)));
        part2.data().use(Fixtures.sample());
        window.viewModel().newDocument(Fixtures.tinyCnn());
        part2.openTraining();
    }

    @AfterEach
    void tearDown() throws Exception {
        part2.shutdown();
        files.shutdownNow();
        prefs.removeNode();
    }

    private static void enter(FxRobot robot, String id, String text) {
        robot.doubleClickOn(id).press(KeyCode.CONTROL).type(KeyCode.A).release(KeyCode.CONTROL).write(text)
                .type(KeyCode.ENTER);
    }

    @Test
    void theWholeRecipeIsEditableAndImpossibleValuesAreExplained(FxRobot robot) {
        TrainingViewModel vm = part2.training();
        robot.interact(() -> vm.updateConfig(c -> Fixtures.tinyConfig(2)));

        robot.clickOn("#setting-schedule").clickOn("cosine");
        assertEquals(LearningRateSchedule.COSINE, vm.getConfig().schedule());

        TextField momentum = robot.lookup("#setting-momentum").queryAs(TextField.class);
        Label problem = robot.lookup("#settings-problem").queryAs(Label.class);
        assertFalse(problem.isVisible());
        enter(robot, "#setting-momentum", "1.5");
        assertEquals(0.9, vm.getConfig().momentum(), "refused: the setting keeps its value");
        assertTrue(momentum.getPseudoClassStates().contains(INVALID));
        assertTrue(problem.isVisible());
        assertEquals("Momentum must be in [0, 1), got 1.5.", problem.getText());

        enter(robot, "#setting-momentum", "0.5");
        assertEquals(0.5, vm.getConfig().momentum());
        assertFalse(momentum.getPseudoClassStates().contains(INVALID));
        assertFalse(problem.isVisible());

        enter(robot, "#setting-wd", "abc");
        assertEquals("Weight decay: \"abc\" is not a number; the setting keeps its value.", problem.getText());
        enter(robot, "#setting-wd", "5e-4");
        assertEquals(5e-4, vm.getConfig().weightDecay());
        // Focus leaving the field commits too.
        robot.doubleClickOn("#setting-lr").press(KeyCode.CONTROL).type(KeyCode.A).release(KeyCode.CONTROL).write("0.02");
        robot.clickOn("#setting-epochs");
        assertEquals(0.02, vm.getConfig().learningRate());
    }

    @Test
    void theDeviceChooserOffersAllThreeAndExplainsAMissingGpu(FxRobot robot) throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(new org.alexnetstudio.train.gpu.GpuBackend().unavailable() != null,
                "this machine has a usable GPU: the note's text is tested where there is none");
        WaitForAsyncUtils.waitForFxEvents();
        @SuppressWarnings("unchecked")
        ComboBox<DeviceChoice> device = robot.lookup("#setting-device-choice").queryAs(ComboBox.class);
        Label note = robot.lookup("#setting-device-note").queryAs(Label.class);
        assertEquals(java.util.List.of(DeviceChoice.AUTO, DeviceChoice.CPU, DeviceChoice.GPU), device.getItems());
        assertFalse(device.isDisabled());
        robot.clickOn(device).clickOn("GPU (CUDA)");
        // The engine restarts for the GPU off the FX thread; without one here the note says what is missing.
        WaitForAsyncUtils.waitFor(30, java.util.concurrent.TimeUnit.SECONDS,
                () -> note.getText().startsWith("The GPU was asked for"));
        assertTrue(note.getText().contains("NVIDIA") || note.getText().contains("CUDA"), note.getText());
        robot.clickOn(device).clickOn("CPU");
        WaitForAsyncUtils.waitFor(30, java.util.concurrent.TimeUnit.SECONDS, () -> note.getText().isEmpty());
    }
}
