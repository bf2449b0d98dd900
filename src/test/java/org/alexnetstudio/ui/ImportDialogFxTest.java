package org.alexnetstudio.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.alexnetstudio.model.PyTorchCode;
import org.alexnetstudio.model.Presets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** Issue 21, item 3: the book's code at another input size, and a dialog that never loses the text. */
@ExtendWith(ApplicationExtension.class)
class ImportDialogFxTest {

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

    private void paste(FxRobot robot, String code) {
        TextArea area = robot.lookup("#import-code").queryAs(TextArea.class);
        robot.interact(() -> area.setText(code));
    }

    @Test
    void theBooksCodeAtInput96OffersTheInputItExpects(FxRobot robot) {
        robot.interact(() -> vm.setInput(1, 96));
        String book = PyTorchCode.print(Presets.alexnet()); // nn.Linear(6400, 4096): written for 224×224
        robot.clickOn("#import-button");
        paste(robot, book);
        robot.clickOn("Import");
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(robot.lookup("#import-dialog").tryQuery().isPresent(), "the dialog stays open");
        assertEquals(book, robot.lookup("#import-code").queryAs(TextArea.class).getText(), "the text is kept");
        Label problem = robot.lookup("#import-problem").queryAs(Label.class);
        assertTrue(problem.getText().startsWith("This code expects 1×224×224 input: with the current input 1×96×96"),
                problem.getText());
        assertEquals(Presets.alexnet().withResize(96), vm.getSpec(), "nothing imported yet");
        Button set = robot.lookup("#import-set-input").queryAs(Button.class);
        assertEquals("Set the input to 1×224×224 and import", set.getText());
        robot.clickOn(set);
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(robot.lookup("#import-dialog").tryQuery().isPresent());
        assertEquals(Presets.alexnet(), vm.getSpec(), "imported at 224×224");
        robot.press(KeyCode.CONTROL).type(KeyCode.Z).release(KeyCode.CONTROL);
        assertEquals(Presets.alexnet().withResize(96), vm.getSpec(), "one undoable edit");
    }

    @Test
    void codeThatCannotBeReadStaysInTheDialogAndComesBackAfterCancel(FxRobot robot) {
        String broken = "net = nn.Sequential(nn.Conv2d(1, 6, kernel_size=5), nn.Frobnicate())";
        robot.clickOn("#import-button");
        paste(robot, broken);
        robot.clickOn("Import");
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(robot.lookup("#import-dialog").tryQuery().isPresent(), "the dialog stays open");
        Label problem = robot.lookup("#import-problem").queryAs(Label.class);
        assertTrue(problem.isVisible() && problem.getText().contains("Frobnicate"), problem.getText());
        assertFalse(robot.lookup("#import-set-input").queryAs(Button.class).isVisible());
        robot.clickOn("Cancel");
        assertFalse(robot.lookup("#import-dialog").tryQuery().isPresent());
        robot.clickOn("#import-button");
        assertEquals(broken, robot.lookup("#import-code").queryAs(TextArea.class).getText(),
                "what was pasted is still there");
        robot.clickOn("Cancel");
    }
}
