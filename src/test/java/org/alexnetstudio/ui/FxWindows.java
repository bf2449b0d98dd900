package org.alexnetstudio.ui;

import atlantafx.base.theme.PrimerLight;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.prefs.BackingStoreException;
import java.util.prefs.Preferences;
import javafx.application.Application;
import javafx.stage.Stage;

/** Opens the real window for TestFX tests, with its own throwaway preferences and file thread. */
final class FxWindows {

    private final Preferences prefs = Preferences.userRoot().node("org/alexnetstudio/test/" + UUID.randomUUID());
    private final ExecutorService files = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "test-files");
        t.setDaemon(true);
        return t;
    });

    StudioWindow open(Stage stage, Locale locale) {
        Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
        StudioWindow w = new StudioWindow(stage, new I18n(locale), new StudioSettings(prefs),
                new ModelFormats(locale), files);
        stage.show();
        return w;
    }

    void close() {
        files.shutdownNow();
        try {
            prefs.removeNode();
        } catch (BackingStoreException | IllegalStateException e) {
            // Already gone.
        }
    }
}
