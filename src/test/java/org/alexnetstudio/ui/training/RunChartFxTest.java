package org.alexnetstudio.ui.training;

import org.alexnetstudio.ui.shared.Run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import atlantafx.base.theme.PrimerLight;
import java.util.concurrent.TimeUnit;
import javafx.application.Application;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Tooltip;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** Issue 21, item 5: a one-epoch run shows its test accuracy as a marker with the epoch's numbers. */
@ExtendWith(ApplicationExtension.class)
class RunChartFxTest {

    private RunChart chart;
    private final ObservableList<Run> runs = FXCollections.observableArrayList();

    @Start
    void start(Stage stage) {
        Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
        chart = new RunChart(Fixtures.EN, runs);
        stage.setScene(new Scene(chart, 800, 500));
        stage.show();
    }

    @Test
    void aOneEpochRunShowsItsTestAccuracyWithATooltipWhileTheCurvesStayOutOfPicking(FxRobot robot)
            throws Exception {
        Run run = Fixtures.trainedRun(); // one epoch: a single test-accuracy point
        robot.interact(() -> runs.add(run));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(1, (int) WaitForAsyncUtils.asyncFx(() -> chart.markerCount()).get(5, TimeUnit.SECONDS));
        Node marker = robot.lookup(".chart-line-symbol").query();
        assertNotNull(marker);
        assertTrue(marker.isVisible() && marker.getBoundsInParent().getWidth() >= 8, "a visible marker");
        // The curves are dashed paths: they take no mouse events; the marker does.
        for (XYChart.Series<Number, Number> s : chart.chart().getData()) {
            assertTrue(s.getNode().isMouseTransparent(), s.getName());
        }
        assertTrue(!chart.chart().isMouseTransparent());
        for (String grid : new String[]{".chart-horizontal-grid-lines", ".chart-vertical-grid-lines"}) {
            assertTrue(chart.chart().lookup(grid).isMouseTransparent(), grid + " (dashed) is not hit-tested");
        }
        robot.moveTo(marker);
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> robot.listWindows().stream().anyMatch(w ->
                w instanceof Tooltip t && t.isShowing()));
        Tooltip tip = (Tooltip) robot.listWindows().stream().filter(w -> w instanceof Tooltip t && t.isShowing())
                .findFirst().orElseThrow();
        var m = run.epochs().get(0);
        String expected = String.format(java.util.Locale.ROOT,
                "Run %d, epoch 1\ntest acc %.3f\ntrain acc %.3f · train loss %.3f", run.number(), m.testAccuracy(),
                m.trainAccuracy(), m.trainLoss());
        assertEquals(expected, tip.getText());
        robot.moveBy(0, 200);
        robot.interact(() -> runs.clear());
    }
}
