package org.alexnetstudio.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import javafx.geometry.Point2D;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.alexnetstudio.model.Conv2d;
import org.alexnetstudio.model.NetworkSpec;
import org.alexnetstudio.model.Presets;
import org.alexnetstudio.model.ReLU;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.robot.Motion;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** Real clicks, typing and drags on the Network tab, headless under Monocle. */
@ExtendWith(ApplicationExtension.class)
class StudioWindowFxTest {

    private static final int LAST_POOL = 12;

    private final FxWindows windows = new FxWindows();
    private StudioWindow window;
    private StudioViewModel vm;

    @Start
    void start(Stage stage) {
        window = windows.open(stage, Locale.ENGLISH);
        vm = window.viewModel();
    }

    @AfterEach
    void tearDown() {
        windows.close();
    }

    // ---- helpers -------------------------------------------------------------------------------

    private TableView<?> table(FxRobot robot) {
        return robot.lookup("#layer-table").queryAs(TableView.class);
    }

    /** The table row showing layer {@code index}, scrolled into view first. */
    private TableRow<?> row(FxRobot robot, int index) {
        robot.interact(() -> table(robot).scrollTo(Math.max(0, index - 2)));
        WaitForAsyncUtils.waitForFxEvents();
        return robot.lookup(".table-row-cell").queryAllAs(TableRow.class).stream()
                .filter(r -> !r.isEmpty() && r.getIndex() == index).findFirst().orElseThrow();
    }

    /** The text of the output-shape cell of layer {@code index}, as drawn. */
    private String outputCell(FxRobot robot, int index) {
        TableRow<?> r = row(robot, index);
        return robot.from(r).lookup(".output-cell").queryAs(TableCell.class).getText();
    }

    private void typeInto(FxRobot robot, Node field, String text) {
        robot.clickOn(field);
        robot.push(KeyCode.CONTROL, KeyCode.A);
        robot.write(text);
        WaitForAsyncUtils.waitForFxEvents();
    }

    private static String trainTooltip(FxRobot robot) {
        Node wrap = robot.lookup("#train-wrap").query();
        return ((Tooltip) wrap.getProperties().get("javafx.scene.control.Tooltip")).getText();
    }

    // ---- tests ---------------------------------------------------------------------------------

    @Test
    void opensWithTheBooksAlexNetAndItsShapes(FxRobot robot) {
        assertEquals("Untitled — AlexNet Studio", ((Stage) robot.window(0)).getTitle());
        assertEquals("96×54×54", outputCell(robot, 0));   // (224+2-11)/4+1 = 54
        assertEquals("96×26×26", outputCell(robot, 2));   // (54-3)/2+1 = 26
        assertEquals("256×12×12", outputCell(robot, 5));  // (26-3)/2+1 = 12
        assertEquals("256×5×5", outputCell(robot, 12));   // (12-3)/2+1 = 5
        assertEquals("6400", outputCell(robot, 13));      // 256*5*5 = 6400
        assertEquals("46,764,746", robot.lookup("#total-parameters").queryAs(Label.class).getText());
        assertTrue(robot.lookup("#total-epoch").queryAs(Label.class).getText().endsWith("(estimate)"));
        assertFalse(window.trainButton().isDisabled());
        // Hovering a shape explains it: the derivation is the cell's tooltip.
        TableCell<?, ?> first = robot.from(row(robot, 0)).lookup(".output-cell").queryAs(TableCell.class);
        assertNull(first.getTooltip(), "made on the first hover, not at start-up");
        robot.moveTo(first);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("From 1×224×224: ⌊(224 + 2·1 − 11)/4⌋ + 1 = 54", first.getTooltip().getText());
    }

    @Test
    void aKernelOf13AfterTheLastPoolTeachesFixesAndUndoes(FxRobot robot) {
        robot.clickOn(robot.from(row(robot, LAST_POOL)).lookup(".output-cell").queryAs(TableCell.class));
        assertEquals(LAST_POOL, vm.getSelectedIndex());
        robot.clickOn("#palette-Conv2d");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(LAST_POOL + 1, vm.getSelectedIndex());
        assertEquals("64×5×5", outputCell(robot, LAST_POOL + 1)); // (5+2-3)/1+1 = 5

        Spinner<?> kernelH = robot.lookup("#field-kernel-h").queryAs(Spinner.class);
        typeInto(robot, kernelH.getEditor(), "13");

        // (5 + 2·1 − 13)/1 + 1 = −5: the row fails, later rows are unknown, Train is off.
        assertEquals("✗", outputCell(robot, LAST_POOL + 1));
        assertEquals("?", outputCell(robot, LAST_POOL + 2));
        Node banner = robot.lookup("#error-banner").query();
        assertTrue(banner.isVisible());
        String message = robot.lookup("#error-message").queryAs(Label.class).getText();
        assertTrue(message.contains("13") && message.contains("5×5"), message);
        assertTrue(window.trainButton().isDisabled());
        assertTrue(trainTooltip(robot).contains("Conv2d"), trainTooltip(robot));
        assertTrue(kernelH.getParent().getPseudoClassStates().stream().anyMatch(p -> p.getPseudoClassName().equals("shape-error")));
        assertEquals("Change kernel of Conv2d #13 from 3 to 13", vm.getUndoText());

        // One-click fix, then undo it, then undo the kernel change.
        Button fix = robot.lookup("#fix-1").queryAs(Button.class);
        assertEquals("Set padding to 4×4", fix.getText()); // ⌈(13-5)/2⌉ = 4
        assertEquals("Set kernel to 7×7", robot.lookup("#fix-0").queryAs(Button.class).getText()); // 5 + 2·1 = 7
        robot.clickOn(fix);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("64×1×1", outputCell(robot, LAST_POOL + 1)); // (5+2·4-13)/1+1 = 1
        assertFalse(banner.isVisible());
        assertFalse(window.trainButton().isDisabled());

        robot.clickOn("#undo-button");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("✗", outputCell(robot, LAST_POOL + 1));
        assertTrue(banner.isVisible());
        robot.clickOn("#undo-button");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("64×5×5", outputCell(robot, LAST_POOL + 1));
        assertFalse(banner.isVisible());
        assertFalse(window.trainButton().isDisabled());
        assertEquals(3, kernelH.getValue());
    }

    @Test
    void dragReordersRows(FxRobot robot) {
        TableRow<?> conv = row(robot, 0);
        TableRow<?> pool = row(robot, 2);
        // Upper half of row 2: into the gap before it, so Conv2d ends at #1.
        robot.drag(conv).moveTo(pool, Pos.TOP_CENTER, new Point2D(0, 4), Motion.DEFAULT).drop();
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(new ReLU(), vm.getSpec().layers().get(0));
        assertEquals(new Conv2d(96, 11, 4, 1), vm.getSpec().layers().get(1));
        assertEquals("Move Conv2d from #0 to #1", vm.getUndoText());
        assertEquals("1×224×224", outputCell(robot, 0));
    }

    @Test
    void paletteDragInsertsWhereDropped(FxRobot robot) {
        // Lower half of row 0: the gap after it.
        robot.drag("#palette-ReLU").moveTo(row(robot, 0), Pos.BOTTOM_CENTER, new Point2D(0, -4), Motion.DEFAULT).drop();
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(22, vm.getSpec().layers().size());
        assertEquals(new ReLU(), vm.getSpec().layers().get(1));
        assertEquals("Add ReLU #1", vm.getUndoText());
    }

    @Test
    void keyboardShortcutsEditTheStack(FxRobot robot) {
        robot.clickOn(robot.from(row(robot, 3)).lookup(".output-cell").queryAs(TableCell.class));
        robot.push(KeyCode.CONTROL, KeyCode.D);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("Duplicate Conv2d #3", vm.getUndoText());
        assertEquals(4, vm.getSelectedIndex());
        robot.push(KeyCode.ALT, KeyCode.DOWN);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("Move Conv2d from #4 to #5", vm.getUndoText());
        robot.push(KeyCode.DELETE);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("Delete Conv2d #5", vm.getUndoText());
        robot.push(KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.F);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("Add Flatten #6", vm.getUndoText());
        robot.push(KeyCode.CONTROL, KeyCode.Z);
        robot.push(KeyCode.CONTROL, KeyCode.Z);
        robot.push(KeyCode.CONTROL, KeyCode.Z);
        robot.push(KeyCode.CONTROL, KeyCode.Z);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(Presets.alexnet(), vm.getSpec());
    }

    @Test
    void inputSize96ChangesTheFlattenSize(FxRobot robot) {
        Spinner<?> size = robot.lookup("#input-size").queryAs(Spinner.class);
        typeInto(robot, size.getEditor(), "96");
        assertEquals("96×22×22", outputCell(robot, 0)); // (96+2-11)/4+1 = 22
        assertEquals("256", outputCell(robot, 13));     // 22→10→10→4→4→1: 256*1*1 = 256
        assertEquals("Change input from 1×224×224 to 1×96×96", vm.getUndoText());
    }

    @Test
    void invalidTextIsMarkedAndNotApplied(FxRobot robot) {
        Spinner<?> channels = robot.lookup("#field-outChannels").queryAs(Spinner.class);
        typeInto(robot, channels.getEditor(), "abc");
        assertTrue(channels.getPseudoClassStates().stream().anyMatch(p -> p.getPseudoClassName().equals("invalid")));
        assertEquals(Presets.alexnet(), vm.getSpec());
        assertTrue(robot.lookup(".field-message").queryAllAs(Label.class).stream()
                .anyMatch(l -> l.isVisible() && l.getText().contains("abc")));
        typeInto(robot, channels.getEditor(), "64");
        assertFalse(channels.getPseudoClassStates().stream().anyMatch(p -> p.getPseudoClassName().equals("invalid")));
        assertEquals("64×54×54", outputCell(robot, 0));
    }

    @Test
    void saveThenReopenGivesTheSameNetwork(FxRobot robot, @TempDir Path dir) throws Exception {
        Path file = dir.resolve("net.json");
        robot.interact(() -> vm.setInput(1, 96));
        robot.interact(() -> window.saveFile(file));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> Files.exists(file) && !vm.isDirty());
        NetworkSpec saved = vm.getSpec();
        List<LayerRow> rows = List.copyOf(vm.rows());
        assertEquals("net.json — AlexNet Studio", ((Stage) robot.window(0)).getTitle());

        robot.interact(() -> vm.newDocument(Presets.lenet()));
        robot.interact(() -> window.openFile(file));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> file.equals(vm.getFile()));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(saved, vm.getSpec());
        assertEquals(rows, List.copyOf(vm.rows()));
        assertEquals("256", outputCell(robot, 13));
    }

    @Test
    void aMalformedFileShowsAnErrorAndKeepsTheWork(FxRobot robot) throws Exception {
        Path bad = Path.of(getClass().getResource("/ui/malformed-spec.json").toURI());
        robot.interact(() -> vm.setInput(1, 96));
        NetworkSpec work = vm.getSpec();
        robot.interact(() -> window.openFile(bad));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#problem-dialog").tryQuery().isPresent());
        DialogPane dialog = robot.lookup("#problem-dialog").queryAs(DialogPane.class);
        String text = ((Label) dialog.getContent()).getText();
        assertTrue(text.contains("malformed-spec.json") && text.contains("line 7"), text);
        assertEquals(work, vm.getSpec());
        assertTrue(vm.isDirty());
        robot.interact(() -> dialog.getScene().getWindow().hide());
    }
}
