package org.alexnetstudio.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumnBase;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The window in Simplified Chinese, with the d2l Chinese edition's terms. */
@ExtendWith(ApplicationExtension.class)
class StudioWindowChineseFxTest {

    private final FxWindows windows = new FxWindows();

    @Start
    void start(Stage stage) {
        windows.open(stage, Locale.SIMPLIFIED_CHINESE);
    }

    @AfterEach
    void tearDown() {
        windows.close();
    }

    @Test
    void titleColumnsAndPaletteAreChinese(FxRobot robot) {
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("未命名 — AlexNet 工作室", ((Stage) robot.window(0)).getTitle());
        TableView<?> table = robot.lookup("#layer-table").queryAs(TableView.class);
        Set<String> headers = table.getColumns().stream()
                .map(TableColumnBase::getText).collect(Collectors.toSet());
        assertTrue(headers.containsAll(Set.of("层", "输出形状", "参数")), headers.toString());
        // The headers as drawn, not just the column objects.
        Set<String> drawn = robot.lookup(".column-header .label").queryAllAs(Label.class).stream()
                .map(Label::getText).collect(Collectors.toSet());
        assertTrue(drawn.containsAll(Set.of("输出形状", "参数")), drawn.toString());
        assertTrue(robot.lookup("卷积层").tryQuery().isPresent());
        assertTrue(robot.lookup("暂退法").tryQuery().isPresent());
        assertEquals("卷积层（Conv2d）", robot.lookup("#explain-title").queryAs(Label.class).getText());
        assertTrue(robot.lookup("#explain-text").queryAs(Label.class).getText().contains("AlexNet"));
    }
}
