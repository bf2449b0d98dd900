package org.alexnetstudio.ui.filters;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import atlantafx.base.theme.PrimerLight;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javafx.application.Application;
import javafx.scene.Scene;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.image.PixelReader;
import javafx.scene.layout.FlowPane;
import javafx.stage.Stage;
import org.alexnetstudio.ui.training.Fixtures;
import org.alexnetstudio.viz.ArgbImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** Issue 21, item 7: 5×5 kernels drawn crisp, a caption that fits the colours, the table's numbering. */
@ExtendWith(ApplicationExtension.class)
class FiltersViewFxTest {

    private FiltersViewModel vm;

    @Start
    void start(Stage stage) {
        Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
        vm = new FiltersViewModel(Fixtures.EN, Fixtures.NOW, Fixtures.NOW);
        FiltersView view = new FiltersView(Fixtures.EN, vm, Fixtures.NOW);
        stage.setScene(new Scene(view, 1000, 700));
        stage.show();
        vm.setRun(Fixtures.trainedRun());
    }

    @Test
    void fiveByFiveKernelsAreSharpSquaresWithoutSeams(FxRobot robot) {
        WaitForAsyncUtils.waitForFxEvents();
        FlowPane tiles = robot.lookup("#filters-tiles").queryAs(FlowPane.class);
        assertEquals(6, tiles.getChildren().size());
        for (int t = 0; t < 6; t++) {
            ImageView v = (ImageView) tiles.getChildren().get(t);
            ArgbImage kernel = vm.tiles().get(t);
            Image shown = snapshot(robot, v);
            int w = (int) shown.getWidth();
            // zoom 64 on a 5-pixel kernel: 13 screen pixels per weight (round(64/5) = 13), 65 px in all
            assertEquals(65, w, "a whole number of screen pixels per weight");
            assertEquals(65, (int) shown.getHeight());
            PixelReader px = shown.getPixelReader();
            for (int y = 0; y < 65; y++) {
                for (int x = 0; x < 65; x++) {
                    int want = kernel.argb(x / 13, y / 13);
                    assertEquals(Integer.toHexString(want), Integer.toHexString(px.getArgb(x, y)),
                            "tile " + t + " pixel " + x + "," + y + ": exactly its weight's colour (no blur, no seam)");
                }
            }
        }
    }

    private static Image snapshot(FxRobot robot, ImageView v) {
        Image[] out = new Image[1];
        robot.interact(() -> out[0] = v.snapshot(null, null));
        return out[0];
    }

    @Test
    void theCaptionFitsTheColoursAndTheNumberingIsTheTables(FxRobot robot) {
        WaitForAsyncUtils.waitForFxEvents();
        Label caption = robot.lookup("#filters-caption").queryAs(Label.class);
        assertTrue(caption.getText().contains("(#0 Conv2d, 1 input channels)"), caption.getText());
        assertTrue(caption.getText().contains("minimum (black) and maximum (white)"), caption.getText());
        robot.clickOn("#filters-diverging");
        assertTrue(caption.getText().contains("blue is negative, white zero, red positive"), caption.getText());
        assertTrue(!caption.getText().contains("black"), caption.getText());
        @SuppressWarnings("unchecked")
        ComboBox<Integer> layer = robot.lookup("#filters-layer").queryAs(ComboBox.class);
        assertEquals("#0 Conv2d (conv layer 1 of 1)", layer.getConverter().toString(layer.getItems().get(0)));
        // The feature maps use the same numbering: the table's #0 is the conv layer.
        robot.interact(() -> vm.showImage(0));
        WaitForAsyncUtils.waitForFxEvents();
        Set<String> names = new HashSet<>();
        robot.lookup(".label").queryAllAs(Label.class).forEach(l -> names.add(l.getText()));
        assertTrue(names.stream().anyMatch(n -> n.startsWith("#0 Conv2d")), names.toString());
        assertTrue(names.stream().anyMatch(n -> n.startsWith("#4 Linear")), names.toString());
        assertTrue(List.of(vm.featureMaps().get(0).layerIndex()).contains(0));
    }
}
