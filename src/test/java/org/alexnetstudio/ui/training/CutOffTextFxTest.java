package org.alexnetstudio.ui.training;

import static org.junit.jupiter.api.Assertions.assertEquals;

import atlantafx.base.theme.PrimerLight;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.prefs.Preferences;
import javafx.application.Application;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.IndexedCell;
import javafx.scene.control.Labeled;
import javafx.scene.control.Tab;
import javafx.scene.text.Text;
import javafx.stage.Stage;
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

/**
 * Issue 21, item 9: no header, palette entry, button or label is cut off ("Paramet…") in English or
 * Chinese, at the default 1400×900 window and at the smallest window the app allows. Table and list
 * cells (data that may be long) are left out; they show it in a tooltip or wrap.
 */
@ExtendWith(ApplicationExtension.class)
class CutOffTextFxTest {

    private final Preferences prefs = Preferences.userRoot().node("org/alexnetstudio/test/" + UUID.randomUUID());
    private final ExecutorService files = Executors.newSingleThreadExecutor();
    private final List<TrainingTabs> opened = new ArrayList<>();
    private Stage own;

    @Start
    void start(Stage stage) {
        Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
    }

    @AfterEach
    void tearDown() throws Exception {
        opened.forEach(TrainingTabs::shutdown);
        if (own != null) {
            WaitForAsyncUtils.asyncFx(own::close).get();
        }
        files.shutdownNow();
        prefs.removeNode();
    }

    private StudioWindow open(Locale locale, double w, double h) {
        try {
            return WaitForAsyncUtils.asyncFx(() -> openOnFx(locale, w, h)).get(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private StudioWindow openOnFx(Locale locale, double w, double h) {
        // A stage of its own: the sizes tried here must not stay with the shared primary stage.
        Stage stage = new Stage();
        own = stage;
        StudioWindow window = new StudioWindow(stage, new I18n(locale), new StudioSettings(prefs),
                new ModelFormats(locale), files);
        stage.setWidth(w);
        stage.setHeight(h);
        stage.show();
        TrainingTabs part2 = TrainingTabs.install(window, locale, new TrainingTabs.Options(false, false));
        part2.data().use(Fixtures.sample());
        opened.add(part2);
        // as the app opens: with the Lab beside the tabs (folded to its strip)
        org.alexnetstudio.ui.lab.Lab.install(window, part2, locale,
                new org.alexnetstudio.ui.lab.LabStore(prefs.node("lab")), org.alexnetstudio.ui.lab.GpuMemory.NONE);
        return window;
    }

    /** Labeled nodes whose text is shown shortened, as "text shown ← full text". */
    static List<String> cutOff(Node root) {
        List<String> out = new ArrayList<>();
        collect(root, out);
        return out;
    }

    private static void collect(Node n, List<String> out) {
        if (!n.isVisible() || n instanceof IndexedCell<?>) {
            return;
        }
        if (n instanceof Labeled l && l.getText() != null && !l.getText().isEmpty()) {
            for (Node c : l.getChildrenUnmodifiable()) {
                if (c instanceof Text t && t.getStyleClass().contains("text") && !l.getText().equals(t.getText())
                        && !l.isWrapText()) {
                    out.add(t.getText() + " ← " + l.getText() + " (" + l.getId() + ")");
                }
            }
        }
        if (n instanceof Parent p) {
            for (Node c : p.getChildrenUnmodifiable()) {
                collect(c, out);
            }
        }
    }

    private List<String> visit(FxRobot robot, StudioWindow window) {
        WaitForAsyncUtils.waitForFxEvents();
        List<String> all = new ArrayList<>();
        for (Tab t : window.tabs().getTabs()) {
            if (!List.of("network-tab", "train-tab").contains(t.getId())) {
                continue;
            }
            robot.interact(() -> window.tabs().getSelectionModel().select(t));
            WaitForAsyncUtils.waitForFxEvents();
            robot.interact(() -> all.addAll(cutOff(window.stage().getScene().getRoot()).stream()
                    .map(s -> t.getId() + ": " + s).toList()));
        }
        return all;
    }

    @Test
    void englishAtTheDefaultSize(FxRobot robot) {
        assertEquals(List.of(), visit(robot, open(Locale.ENGLISH, 1400, 900)));
    }

    @Test
    void chineseAtTheDefaultSize(FxRobot robot) {
        assertEquals(List.of(), visit(robot, open(Locale.SIMPLIFIED_CHINESE, 1400, 900)));
    }

    @Test
    void englishAtTheSmallestSize(FxRobot robot) {
        StudioWindow w = open(Locale.ENGLISH, 900, 600);
        assertEquals(List.of(), visit(robot, w));
    }

    @Test
    void chineseAtTheSmallestSize(FxRobot robot) {
        assertEquals(List.of(), visit(robot, open(Locale.SIMPLIFIED_CHINESE, 900, 600)));
    }

    /** The cost table's numbers (parameters, MACs, activations) are data a student reads: never "415.…". */
    static List<String> cutOffNumbers(Node root) {
        List<String> out = new ArrayList<>();
        for (Node n : root.lookupAll(".table-cell")) {
            if (n instanceof javafx.scene.control.TableCell<?, ?> cell && n.isVisible() && cell.getTableColumn() != null
                    && List.of("column-parameters", "column-macs", "column-memory").contains(cell.getTableColumn().getId())
                    && cell.getText() != null && !cell.getText().isEmpty()) {
                for (Node c : cell.getChildrenUnmodifiable()) {
                    if (c instanceof Text t && !cell.getText().equals(t.getText())) {
                        out.add(t.getText() + " ← " + cell.getText());
                    }
                }
            }
        }
        return out;
    }

    @Test
    void theCostTableShowsWholeNumbers(FxRobot robot) {
        for (Locale locale : List.of(Locale.ENGLISH, Locale.SIMPLIFIED_CHINESE)) {
            StudioWindow w = open(locale, 1400, 900);
            WaitForAsyncUtils.waitForFxEvents();
            List<String> cut = new ArrayList<>();
            robot.interact(() -> cut.addAll(cutOffNumbers(w.stage().getScene().getRoot())));
            assertEquals(List.of(), cut, locale.toString());
            robot.interact(() -> w.stage().close());
        }
    }
}
