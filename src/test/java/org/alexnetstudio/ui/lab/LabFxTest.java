package org.alexnetstudio.ui.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import atlantafx.base.theme.PrimerLight;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.prefs.Preferences;
import javafx.application.Application;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.DialogPane;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.ToggleButton;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.alexnetstudio.model.Presets;
import org.alexnetstudio.ui.I18n;
import org.alexnetstudio.ui.ModelFormats;
import org.alexnetstudio.ui.StudioSettings;
import org.alexnetstudio.ui.StudioWindow;
import org.alexnetstudio.ui.training.Fixtures;
import org.alexnetstudio.ui.shared.Run;
import org.alexnetstudio.ui.training.TrainingTabs;
import org.alexnetstudio.ui.training.TrainingViewModel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Acceptance 1 of issue 20: the five exercises walked through the real window on the bundled
 * sample with small settings (100 training and 100 test images, one epoch or a few). Each check
 * first says what is missing; the test then does the steps with clicks and typing, and the check passes.
 */
@ExtendWith(ApplicationExtension.class)
class LabFxTest {

    /** LeNet with ReLU, max-pooling and dropout: exercise 5's change and, at 28×28, exercise 2's own design. */
    private static final String LENET_RELU_DROPOUT = """
            nn.Sequential(
                nn.Conv2d(1, 6, kernel_size=5, padding=2), nn.ReLU(),
                nn.MaxPool2d(kernel_size=2, stride=2),
                nn.Conv2d(6, 16, kernel_size=5), nn.ReLU(),
                nn.MaxPool2d(kernel_size=2, stride=2),
                nn.Flatten(),
                nn.LazyLinear(120), nn.ReLU(), nn.Dropout(0.5),
                nn.LazyLinear(84), nn.ReLU(), nn.Dropout(0.5),
                nn.LazyLinear(10))
            """;

    private final Preferences prefs = Preferences.userRoot().node("org/alexnetstudio/test/" + UUID.randomUUID());
    private final ExecutorService files = Executors.newSingleThreadExecutor();
    private StudioWindow window;
    private TrainingTabs part2;
    private Lab lab;

    @Start
    void start(Stage stage) {
        Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
        window = new StudioWindow(stage, new I18n(Locale.ENGLISH), new StudioSettings(prefs),
                new ModelFormats(Locale.ENGLISH), files);
        stage.show();
        part2 = TrainingTabs.install(window, Locale.ENGLISH, new TrainingTabs.Options(false, false));
        part2.data().use(Fixtures.sample());
        lab = Lab.install(window, part2, Locale.ENGLISH, new LabStore(prefs.node("lab")), GpuMemory.NONE);
    }

    @AfterEach
    void tearDown() throws Exception {
        part2.shutdown();
        files.shutdownNow();
        prefs.removeNode();
    }

    @Test
    void allFiveExercisesFirstSayWhatIsMissingThenPassAfterTheSteps(FxRobot robot) throws Exception {
        LabViewModel vm = lab.viewModel();
        assertFalse(vm.openProperty().get(), "the Lab starts as a strip beside the tabs");
        robot.clickOn("#lab-show");
        assertTrue(vm.openProperty().get());
        assertEquals("0 of 5 exercises done", label(robot, "#lab-progress"));

        // ---- 1: LeNet, then alexnet-mini for more epochs than its recipe's 4
        checkReportsMissing(robot, 1);
        preset(robot, "lenet");
        train(robot, "#setting-train-limit", "100", "#setting-test-limit", "100", "#setting-epochs", "1");
        preset(robot, "alexnet-mini");
        train(robot, "#setting-epochs", "5");
        checkPasses(robot, 1);
        assertTrue(label(robot, "#lab-discussion").contains("after 5 epochs"), label(robot, "#lab-discussion"));

        // ---- 2: AlexNet at a small resize; the same with a convolution removed; a 28×28 design of one's own
        checkReportsMissing(robot, 2);
        preset(robot, "alexnet");
        train(robot, "#setting-resize", "68", "#setting-epochs", "1");
        robot.interact(() -> window.tabs().getSelectionModel().select(window.networkTab()));
        robot.clickOn(layerCell(robot, 8)); // Conv2d #8 (384 → 384), then the ReLU that moves up
        assertEquals(8, window.viewModel().getSelectedIndex(), "the click selects layer #8");
        robot.type(KeyCode.DELETE);
        robot.type(KeyCode.DELETE);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(Presets.alexnet().layers().size() - 2, window.viewModel().getSpec().layers().size());
        assertTrue(window.viewModel().getAnalysis().isValid(), "AlexNet without conv #8 is still a valid network");
        train(robot, "#setting-resize", "68", "#setting-epochs", "1");
        importCode(robot, LENET_RELU_DROPOUT);
        train(robot, "#setting-resize", "28", "#setting-epochs", "1");
        checkPasses(robot, 2);

        // ---- 3: LeNet again at another batch size
        checkReportsMissing(robot, 3);
        preset(robot, "lenet");
        train(robot, "#setting-batch", "64", "#setting-epochs", "1");
        checkPasses(robot, 3);
        assertEquals(2, vm.batchLines().size(), "one row per batch size: 64 and 256");

        // ---- 4: AlexNet's cost table, the student's picks
        checkReportsMissing(robot, 4); // LeNet is open
        preset(robot, "alexnet");
        checkReportsMissing(robot, 4); // AlexNet, nothing ticked
        for (int i : new int[]{14, 17}) {
            tick(robot, "#lab-pick-memory-" + i);
        }
        for (int i : new int[]{0, 3, 6, 8, 10}) {
            tick(robot, "#lab-pick-compute-" + i);
        }
        checkPasses(robot, 4);
        assertTrue(label(robot, "#lab-discussion").contains("92 %"), label(robot, "#lab-discussion"));

        // ---- 5: ReLU and dropout were trained in exercise 2; now the preprocessing: LeNet at resize 32
        checkReportsMissing(robot, 5);
        preset(robot, "lenet");
        train(robot, "#setting-resize", "32", "#setting-epochs", "1");
        checkPasses(robot, 5);

        assertEquals("5 of 5 exercises done", label(robot, "#lab-progress"));
        for (int i = 1; i <= 5; i++) {
            assertEquals(i + " ✓", robot.lookup("#lab-step-" + i).queryAs(ToggleButton.class).getText());
        }
        // Reopening the app resumes the Lab: the same store, a new view model.
        LabViewModel reopened = fx(() -> new LabViewModel(new LabTexts(Locale.ENGLISH), new LabStore(prefs.node("lab")),
                window.viewModel().specProperty(), part2.training().configProperty()));
        assertEquals(5, reopened.doneCountProperty().get());
        assertEquals(7, reopened.records().size());
    }

    // ---- steps ---------------------------------------------------------------------------------

    private void checkReportsMissing(FxRobot robot, int exercise) throws Exception {
        Verdict v = check(robot, exercise);
        assertFalse(v.passed(), "exercise " + exercise + " passed before its steps");
        assertTrue(v.findings().stream().anyMatch(f -> !f.done()));
        assertTrue(robot.lookup("#lab-findings .lab-todo").queryAll().size() > 0, "the missing items are shown");
        assertTrue(label(robot, "#lab-status").startsWith("Not yet"), label(robot, "#lab-status"));
    }

    private void checkPasses(FxRobot robot, int exercise) throws Exception {
        Verdict v = check(robot, exercise);
        assertTrue(v.passed(), () -> "exercise " + exercise + ": " + lab.viewModel().findings());
        assertEquals("Done ✓", label(robot, "#lab-status"));
        assertFalse(label(robot, "#lab-discussion").isBlank(), "a discussion of the student's numbers");
    }

    private Verdict check(FxRobot robot, int exercise) {
        robot.clickOn("#lab-step-" + exercise);
        robot.clickOn("#lab-check");
        WaitForAsyncUtils.waitForFxEvents();
        return lab.viewModel().getVerdict();
    }

    /** Presets ▸ {@code id} from the toolbar, discarding unsaved edits when asked. */
    private void preset(FxRobot robot, String id) {
        robot.clickOn("#toolbar-presets");
        robot.clickOn("#preset-" + id);
        WaitForAsyncUtils.waitForFxEvents();
        if (!robot.lookup("#unsaved-dialog").queryAll().isEmpty()) {
            DialogPane dialog = robot.lookup("#unsaved-dialog").queryAs(DialogPane.class);
            robot.clickOn(dialog.lookupButton(dialog.getButtonTypes().stream()
                    .filter(b -> b.getButtonData() == javafx.scene.control.ButtonBar.ButtonData.NO).findFirst()
                    .orElseThrow())); // Don't save
            WaitForAsyncUtils.waitForFxEvents();
        }
        assertEquals(Presets.byId(id).orElseThrow().spec(), window.viewModel().getSpec());
    }

    /** ▶ Train, type the settings (field id, text, …), ▶ Start, and wait for the run to finish. */
    private void train(FxRobot robot, String... settings) throws Exception {
        robot.clickOn("#train-button");
        for (int i = 0; i < settings.length; i += 2) {
            Node field = robot.lookup(settings[i]).query();
            reveal(robot, field);
            robot.doubleClickOn(field).press(KeyCode.CONTROL).type(KeyCode.A).release(KeyCode.CONTROL)
                    .write(settings[i + 1]).type(KeyCode.ENTER);
        }
        TrainingViewModel training = part2.training();
        int runs = lab.viewModel().records().size();
        robot.clickOn("#train-start");
        Run run = training.getCurrent();
        waitFor("run #" + run.number() + " to end", () -> training.getPhase() == TrainingViewModel.Phase.IDLE
                && lab.viewModel().records().size() == runs + 1);
        assertEquals(Run.Status.FINISHED, run.status(), () -> "run #" + run.number() + ": " + run.error());
    }

    /** File ▸ Import PyTorch code: the code pasted into the dialog, then Import. */
    private void importCode(FxRobot robot, String code) {
        robot.interact(() -> window.tabs().getSelectionModel().select(window.networkTab()));
        robot.clickOn("#import-button");
        TextArea area = robot.lookup("#import-code").queryAs(TextArea.class);
        robot.interact(() -> area.setText(code));
        DialogPane dialog = robot.lookup("#import-dialog").queryAs(DialogPane.class);
        robot.clickOn(dialog.lookupButton(dialog.getButtonTypes().get(0))); // Import

        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(14, window.viewModel().getSpec().layers().size());
    }

    private void tick(FxRobot robot, String id) {
        Node box = robot.lookup(id).query();
        reveal(robot, box);
        robot.clickOn(box);
    }

    // ---- helpers -------------------------------------------------------------------------------

    /** Scrolls the enclosing scroll pane until {@code node} is in view, as a student would. */
    private static void reveal(FxRobot robot, Node node) {
        robot.interact(() -> {
            for (Parent p = node.getParent(); p != null; p = p.getParent()) {
                if (p instanceof ScrollPane s) {
                    Node content = s.getContent();
                    double h = content.getBoundsInLocal().getHeight() - s.getViewportBounds().getHeight();
                    double y = content.sceneToLocal(node.localToScene(node.getBoundsInLocal())).getMinY();
                    if (h > 0) {
                        s.setVvalue(Math.max(0, Math.min(1, (y - 20) / h)));
                    }
                    return;
                }
            }
        });
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** The row's Layer cell: the table's left part, in view however narrow the table is. */
    private TableCell<?, ?> layerCell(FxRobot robot, int index) {
        TableView<?> table = robot.lookup("#layer-table").queryAs(TableView.class);
        robot.interact(() -> table.scrollTo(index)); // the row at the top of the view, where a click reaches it
        WaitForAsyncUtils.waitForFxEvents();
        TableRow<?> row = robot.lookup(".table-row-cell").queryAllAs(TableRow.class).stream()
                .filter(r -> !r.isEmpty() && r.getIndex() == index).findFirst().orElseThrow();
        Object layerColumn = table.getColumns().get(1);
        return robot.from(row).lookup(".table-cell").queryAllAs(TableCell.class).stream()
                .filter(c -> c.getTableColumn() == layerColumn).findFirst().orElseThrow();
    }

    private static String label(FxRobot robot, String id) {
        return robot.lookup(id).queryLabeled().getText();
    }

    private static void waitFor(String what, Callable<Boolean> condition) throws Exception {
        try {
            WaitForAsyncUtils.waitFor(180, TimeUnit.SECONDS, condition);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("timed out waiting for " + what, e);
        }
        WaitForAsyncUtils.waitForFxEvents();
    }

    private static <T> T fx(Callable<T> c) throws Exception {
        return WaitForAsyncUtils.asyncFx(c).get(10, TimeUnit.SECONDS);
    }
}
