package org.alexnetstudio.ui.training;

import atlantafx.base.theme.PrimerLight;
import java.util.Comparator;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.prefs.Preferences;
import javafx.application.Application;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.stage.Stage;
import org.alexnetstudio.ui.I18n;
import org.alexnetstudio.ui.ModelFormats;
import org.alexnetstudio.ui.StudioSettings;
import org.alexnetstudio.ui.StudioWindow;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The window as the FX tests open it: the studio with the training tabs on the bundled sample,
 * settings in a throw-away preferences node, no autosave unless the options ask for it.
 */
public final class StudioFixture {

    public final Preferences prefs = Preferences.userRoot().node("org/alexnetstudio/test/" + UUID.randomUUID());
    public final StudioWindow window;
    public final TrainingTabs tabs;
    private final ExecutorService files = Executors.newSingleThreadExecutor();

    private StudioFixture(Stage stage, Locale locale, Function<Preferences, TrainingTabs.Options> options) {
        Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
        window = new StudioWindow(stage, new I18n(locale), new StudioSettings(prefs), new ModelFormats(locale), files);
        stage.show();
        tabs = TrainingTabs.install(window, locale, options.apply(prefs));
        tabs.data().use(Fixtures.sample());
    }

    /** On the FX thread (a test's {@code @Start}); size the stage before, it is shown here. */
    public static StudioFixture open(Stage stage, Locale locale, Function<Preferences, TrainingTabs.Options> options) {
        return new StudioFixture(stage, locale, options);
    }

    public static StudioFixture open(Stage stage) {
        return open(stage, Locale.ENGLISH, prefs -> new TrainingTabs.Options(false, false));
    }

    /** After each test: stops training and the file thread, forgets the settings. */
    public void close() throws Exception {
        tabs.shutdown();
        files.shutdownNow();
        prefs.removeNode();
    }

    /** Whether {@code n} and all its parents are visible in a scene (VirtualFlow keeps a hidden measuring cell). */
    public static boolean shown(Node n) {
        for (Node p = n; p != null; p = p.getParent()) {
            if (!p.isVisible()) {
                return false;
            }
        }
        return n.getScene() != null;
    }

    /**
     * The topmost (then leftmost) node matching {@code selector} that is really shown, once it has stayed
     * in place for 100 ms: a freshly shown tab may still be settling (images arriving, the layout beside
     * it), and a click lands where the node was.
     */
    public static Node topmostShown(FxRobot robot, String selector, int seconds) throws Exception {
        Node node = robot.lookup(selector).queryAll().stream().filter(StudioFixture::shown)
                .min(Comparator.comparingDouble((Node n) -> n.localToScreen(n.getBoundsInLocal()).getMinY())
                        .thenComparingDouble(n -> n.localToScreen(n.getBoundsInLocal()).getMinX()))
                .orElseThrow();
        Bounds[] at = {null};
        waitFor(selector + " to stay in place", seconds, () -> {
            Bounds now = WaitForAsyncUtils.asyncFx(() -> node.localToScreen(node.getBoundsInLocal()))
                    .get(10, TimeUnit.SECONDS);
            boolean still = now.equals(at[0]);
            at[0] = now;
            Thread.sleep(100);
            return still;
        });
        return node;
    }

    /** Waits for {@code condition}, then for the FX thread; fails naming {@code what}. */
    public static void waitFor(String what, int seconds, Callable<Boolean> condition) throws Exception {
        try {
            WaitForAsyncUtils.waitFor(seconds, TimeUnit.SECONDS, condition);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("timed out waiting for " + what, e);
        }
        WaitForAsyncUtils.waitForFxEvents();
    }
}
