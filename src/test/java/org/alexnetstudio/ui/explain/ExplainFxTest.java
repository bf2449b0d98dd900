package org.alexnetstudio.ui.explain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import atlantafx.base.theme.PrimerLight;
import java.util.Arrays;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.prefs.Preferences;
import javafx.application.Application;
import javafx.scene.Node;
import javafx.scene.control.Labeled;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.stage.Stage;
import org.alexnetstudio.train.Misclassified;
import org.alexnetstudio.ui.I18n;
import org.alexnetstudio.ui.ModelFormats;
import org.alexnetstudio.ui.StudioSettings;
import org.alexnetstudio.ui.StudioWindow;
import org.alexnetstudio.ui.shared.Run;
import org.alexnetstudio.ui.training.Fixtures;
import org.alexnetstudio.ui.training.StudioFixture;
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
 * Issue 19, acceptance 4: from the Mistakes gallery one click ("Why?") opens the explanation of that
 * image on the Explain tab, and choosing another class there updates its maps. Real clicks, headless.
 */
@ExtendWith(ApplicationExtension.class)
class ExplainFxTest {

    private final Preferences prefs = Preferences.userRoot().node("org/alexnetstudio/test/" + UUID.randomUUID());
    private final ExecutorService files = Executors.newSingleThreadExecutor();
    private StudioWindow window;
    private TrainingTabs part2;

    @Start
    void start(Stage stage) {
        Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
        window = new StudioWindow(stage, new I18n(Locale.ENGLISH), new StudioSettings(prefs),
                new ModelFormats(Locale.ENGLISH), files);
        stage.setWidth(1400);
        stage.setHeight(900);
        stage.show();
        part2 = TrainingTabs.install(window, Locale.ENGLISH, new TrainingTabs.Options(false, false));
        part2.data().use(Fixtures.sample());
        window.viewModel().newDocument(Fixtures.tinyCnn());
    }

    @AfterEach
    void tearDown() throws Exception {
        part2.shutdown();
        files.shutdownNow();
        prefs.removeNode();
    }

    private static void waitFor(String what, java.util.concurrent.Callable<Boolean> condition) throws Exception {
        StudioFixture.waitFor(what, 90, condition);
    }


    private <T> T fx(java.util.concurrent.Callable<T> c) throws Exception {
        return WaitForAsyncUtils.asyncFx(c).get(10, TimeUnit.SECONDS);
    }

    /** The topmost "Why?" link that is really shown, once it stays put. */
    private Node topmostWhy(FxRobot robot) throws Exception {
        return StudioFixture.topmostShown(robot, ".mistake-why", 90);
    }

    @Test
    void whyInTheGalleryOpensTheImagesExplanationAndAnotherClassUpdatesIt(FxRobot robot) throws Exception {
        TrainingViewModel vm = part2.training();
        robot.interact(() -> {
            vm.updateConfig(c -> Fixtures.tinyConfig(1));
            vm.start(window.viewModel().getSpec());
        });
        waitFor("the run to finish", () -> vm.getPhase() == TrainingViewModel.Phase.IDLE
                && vm.getCurrent() != null && vm.getCurrent().lastEpoch() != null);
        Run run = vm.getCurrent();

        robot.interact(() -> window.tabs().getSelectionModel().select(part2.mistakesTab()));
        WaitForAsyncUtils.waitForFxEvents();
        Misclassified first = part2.mistakes().shown().get(0);
        robot.clickOn(topmostWhy(robot));
        WaitForAsyncUtils.waitForFxEvents();
        if (!part2.explainTab().isSelected()) {
            // the gallery replaced its cells between the lookup and the click (a late refresh after the run):
            // the link that was clicked had left the scene; click the one shown now
            robot.clickOn(topmostWhy(robot));
            WaitForAsyncUtils.waitForFxEvents();
        }

        // One click: the Explain tab shows that image, its predicted class against its true class.
        assertTrue(part2.explainTab().isSelected(), "the Explain tab opens");
        ExplainViewModel ex = part2.explain();
        assertEquals(first, part2.mistakes().selectedProperty().get(), "the clicked image is the chosen one");
        assertEquals("Test image " + first.index(), robot.lookup("#xp-title").queryLabeled().getText());
        assertArrayEquals(Arrays.copyOfRange(run.testSet().pixels(), first.index() * 784, (first.index() + 1) * 784),
                ex.requestProperty().get().item());
        waitFor("the maps of both classes", () -> fx(() -> !ex.busyProperty().get() && ex.rowAProperty().get() != null
                && ex.rowAProperty().get().occlusion() != null && ex.rowBProperty().get() != null));
        assertEquals(first.predicted(), (int) fx(() -> ex.classAProperty().get()));
        assertEquals(first.trueLabel(), (int) fx(() -> ex.classBProperty().get()));
        ImageView saliency = robot.lookup("#xp-a-saliency").queryAs(ImageView.class);
        ImageView gradCam = robot.lookup("#xp-a-gradcam").queryAs(ImageView.class);
        Image beforeSaliency = fx(saliency::getImage);
        assertNotNull(beforeSaliency);
        assertNotNull(fx(gradCam::getImage));
        assertEquals(Fixtures.EN.className(first.predicted()), robot.lookup("#xp-row-a").queryLabeled().getText());

        // Switch the first row's class with the chooser: its maps and title follow.
        int other = first.predicted() == 0 ? 1 : 0;
        String otherName = Fixtures.EN.className(other);
        robot.clickOn("#xp-class-a");
        WaitForAsyncUtils.waitForFxEvents();
        Node item = robot.lookup(".combo-box-popup .list-cell").queryAll().stream()
                .filter(n -> n instanceof Labeled l && otherName.equals(l.getText()) && StudioFixture.shown(n)).findFirst().orElseThrow();
        robot.clickOn(item);
        waitFor("the maps of " + otherName, () -> fx(() -> !ex.busyProperty().get() && ex.rowAProperty().get() != null
                && ex.rowAProperty().get().cls() == other && ex.rowAProperty().get().saliency() != null));
        assertEquals(otherName, robot.lookup("#xp-row-a").queryLabeled().getText());
        assertNotEquals(beforeSaliency, fx(saliency::getImage), "the saliency map was redrawn");
        assertTrue(fx(() -> !Arrays.equals(pixels(beforeSaliency), pixels(saliency.getImage()))),
                "another class, another saliency map");
        // Grad-CAM of a class no feature supports is all zero (the picture alone): its caption names the class
        assertTrue(robot.lookup("#xp-a-gradcam-caption").queryLabeled().getText().contains(otherName),
                robot.lookup("#xp-a-gradcam-caption").queryLabeled().getText());
        assertEquals(first.trueLabel(), (int) fx(() -> ex.classBProperty().get()), "the second row stays");
    }

    @Test
    void whyInTheDatasetBrowserExplainsATrainingImage(FxRobot robot) throws Exception {
        robot.interact(() -> window.tabs().getSelectionModel().select(part2.trainTab()));
        robot.clickOn("#data-browse");
        WaitForAsyncUtils.waitForFxEvents();
        robot.clickOn("#browser-why"); // the browser opens on training image 0
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(part2.explainTab().isSelected());
        var request = part2.explain().requestProperty().get();
        assertEquals("Training image 0", request.title());
        assertEquals(Fixtures.sample().train().label(0), request.trueLabel());
        assertArrayEquals(Arrays.copyOf(Fixtures.sample().train().pixels(), 784), request.item());
        // no network yet: the tab says what is missing
        assertTrue(robot.lookup("#xp-message").queryLabeled().getText().startsWith("Train or load a network"));
    }

    private static int[] pixels(Image img) {
        int w = (int) img.getWidth();
        int h = (int) img.getHeight();
        int[] px = new int[w * h];
        img.getPixelReader().getPixels(0, 0, w, h, javafx.scene.image.PixelFormat.getIntArgbInstance(), px, 0, w);
        return px;
    }
}
