package org.alexnetstudio.ui.training;

import java.util.Locale;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.ProgressBar;
import javafx.stage.Stage;
import org.alexnetstudio.train.TrainingSession;
import org.alexnetstudio.ui.StudioWindow;
import org.alexnetstudio.ui.shared.Run;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Real clicks on the Train tab: a tiny network on the bundled sample, headless under Monocle. */
@ExtendWith(ApplicationExtension.class)
class TrainingTabsFxTest {

    private StudioFixture studio;
    private StudioWindow window;
    private TrainingTabs part2;

    @Start
    void start(Stage stage) {
        studio = StudioFixture.open(stage);
        window = studio.window;
        part2 = studio.tabs;
        window.viewModel().newDocument(Fixtures.tinyCnn());
    }

    @AfterEach
    void tearDown() throws Exception {
        studio.close();
    }

    private static void waitFor(String what, java.util.concurrent.Callable<Boolean> condition) throws Exception {
        StudioFixture.waitFor(what, 60, condition);
    }


    private <T> T fx(java.util.concurrent.Callable<T> c) throws Exception {
        return WaitForAsyncUtils.asyncFx(c).get(10, TimeUnit.SECONDS);
    }

    @Test
    void trainPauseResumeStopThenFiltersAndMistakes(FxRobot robot) throws Exception {
        robot.clickOn("#train-button");
        assertTrue(part2.trainTab().isSelected());
        TrainingViewModel vm = part2.training();
        // Settings from the tiny fixture, typed like a student would for one of them. Far more epochs
        // than the test waits for: a tiny network trains an epoch of the sample in a fraction of a
        // second, and the run must still be going when Stop is clicked.
        int planned = 500;
        robot.interact(() -> vm.updateConfig(c -> Fixtures.tinyConfig(6)));
        robot.doubleClickOn("#setting-epochs").eraseText(3).write(String.valueOf(planned)).type(javafx.scene.input.KeyCode.ENTER);
        assertEquals(planned, vm.getConfig().epochs());

        robot.clickOn("#train-start");
        RunChart chart = part2.trainingView().chart();
        waitFor("first chart points", () -> chart.pointCount() > 0);
        ProgressBar bar = robot.lookup("#train-progress").queryAs(ProgressBar.class);
        assertTrue(bar.getProgress() > 0, "the progress bar moves");
        javafx.scene.control.Label progressText = robot.lookup("#train-progress-text").queryAs(javafx.scene.control.Label.class);
        waitFor("progress text", () -> fx(() -> progressText.getText().contains("/" + planned)));
        // The label sits unmanaged in its slot (no window re-layout per batch), yet has room to show.
        assertTrue(fx(() -> progressText.getWidth() >= 120 && progressText.getHeight() > 0),
                "progress text laid out: " + fx(progressText::getWidth));
        // Fixed axes: x spans the planned epochs, y holds every point drawn so far.
        assertEquals(planned, (double) fx(chart::xUpperBound));
        double highest = fx(() -> run0Highest(vm.getCurrent()));
        assertTrue(fx(chart::yUpperBound) >= highest, "y axis " + fx(chart::yUpperBound) + " holds " + highest);

        robot.clickOn("#train-pause");
        Run run = vm.getCurrent();
        waitFor("the run to pause", () -> run.session().state() == TrainingSession.State.PAUSED);
        int paused = fx(chart::pointCount);
        Thread.sleep(800);
        assertEquals(paused, (int) fx(chart::pointCount), "no new points while paused");
        assertEquals(TrainingViewModel.Phase.PAUSED, vm.getPhase());

        robot.clickOn("#train-pause"); // now labelled Resume
        waitFor("points after resuming", () -> chart.pointCount() > paused);
        waitFor("the first finished epoch", () -> run.epochs().size() >= 1);

        robot.clickOn("#train-stop");
        waitFor("the run to stop", () -> vm.getPhase() == TrainingViewModel.Phase.IDLE);
        assertEquals(Run.Status.STOPPED, run.status());
        int epochs = run.epochs().size();
        assertTrue(epochs >= 1 && epochs < planned, "stopped early with finished epochs kept: " + epochs);
        assertTrue(vm.log().contains("training on cpu"));
        System.err.printf(Locale.ROOT, "TrainingTabsFxTest: longest UI frame gap while training %.1f ms%n",
                part2.trainingView().pulseMonitor().maxGapMillis());

        // The run list: the run's box hides its three curves and shows them again.
        var visible = robot.lookup("#run-list .run-visible").queryAll().stream().filter(StudioFixture::shown)
                .findFirst().orElseThrow();
        int points = fx(chart::pointCount);
        robot.clickOn(visible);
        waitFor("the run's curves hidden", () -> fx(() -> chart.chart().getData().isEmpty()));
        assertTrue(!run.visibleProperty().get());
        robot.clickOn(visible);
        waitFor("the run's curves shown again", () -> fx(chart::pointCount) == points);
        assertEquals(3, (int) fx(() -> chart.chart().getData().size()));

        robot.interact(() -> window.tabs().getSelectionModel().select(part2.filtersTab()));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(6, (int) fx(() -> part2.filtersView().tileCount()), "one tile per output channel of conv 1");

        robot.interact(() -> window.tabs().getSelectionModel().select(part2.mistakesTab()));
        WaitForAsyncUtils.waitForFxEvents();
        double acc = run.lastEpoch().testAccuracy();
        // misclassified == round((1 − acc) · N), N = 200 test images
        assertEquals(Math.round((1 - acc) * 200), (long) fx(() -> part2.mistakesView().galleryCount()));
        assertEquals(200, (int) fx(() -> part2.mistakesView().matrixTotal()));
        assertTrue(robot.lookup(".mistake-item").queryAll().size() > 0, "gallery cells are drawn");
        var item = StudioFixture.topmostShown(robot, ".mistake-item", 60);
        Object at = fx(() -> item.localToScreen(item.getBoundsInLocal()));
        robot.clickOn(item);
        WaitForAsyncUtils.waitForFxEvents();
        Object clicked = fx(() -> part2.mistakes().selectedProperty().get());
        boolean stillShown = fx(() -> StudioFixture.shown(item));
        waitFor("class probabilities of the clicked image (selected after the click: " + clicked + ", item at "
                + at + ", still shown after the click: " + stillShown + ")",
                () -> part2.mistakes().probabilitiesProperty().get() != null);

        // Draw a vertical stroke on the Predict canvas: probabilities come back from the stopped run's network.
        robot.interact(() -> window.tabs().getSelectionModel().select(part2.predictTab()));
        WaitForAsyncUtils.waitForFxEvents();
        robot.drag("#predict-canvas", javafx.scene.input.MouseButton.PRIMARY).moveBy(0, 80).drop();
        waitFor("a prediction of the drawing", () -> part2.predict().probabilitiesProperty().get() != null);
        assertEquals(10, part2.predict().probabilitiesProperty().get().length);
        assertEquals(28, part2.predict().networkViewProperty().get().width());

        // Removing the finished run empties the list and the chart.
        robot.interact(() -> window.tabs().getSelectionModel().select(part2.trainTab()));
        WaitForAsyncUtils.waitForFxEvents();
        var remove = robot.lookup("#run-list .run-remove").queryAll().stream().filter(StudioFixture::shown)
                .findFirst().orElseThrow();
        robot.clickOn(remove);
        waitFor("the run removed", () -> fx(() -> vm.runs().isEmpty()));
        assertEquals(0, (int) fx(chart::pointCount));
    }

    @Test
    void datasetBrowserShowsTenSamplesPerClass(FxRobot robot) throws Exception {
        robot.interact(() -> window.tabs().getSelectionModel().select(part2.trainTab()));
        robot.clickOn("#data-browse");
        WaitForAsyncUtils.waitForFxEvents();
        var browser = robot.lookup("#dataset-browser").queryAs(org.alexnetstudio.ui.data.DatasetBrowser.class);
        assertEquals(10 * org.alexnetstudio.ui.data.DatasetBrowser.PER_CLASS, browser.tileCount());
        assertTrue(robot.lookup("#sample-badge").queryLabeled().isVisible(), "the sample is labelled");
    }

    private static double run0Highest(Run r) {
        return java.util.stream.Stream.of(r.trainLoss(), r.trainAccuracy(), r.testAccuracy())
                .flatMap(java.util.List::stream).mapToDouble(Run.Point::value).max().orElse(0);
    }
}
