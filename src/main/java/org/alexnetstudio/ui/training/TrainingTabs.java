package org.alexnetstudio.ui.training;

import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javafx.application.Platform;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import org.alexnetstudio.model.NetworkSpec;
import org.alexnetstudio.train.DeviceChoice;
import org.alexnetstudio.train.DevicePreference;
import org.alexnetstudio.train.Networks;
import org.alexnetstudio.train.ThreadPriority;
import org.alexnetstudio.ui.StudioViewModel;
import org.alexnetstudio.ui.StudioWindow;
import org.alexnetstudio.ui.data.DataViewModel;
import org.alexnetstudio.ui.explain.ActivationMaxPane;
import org.alexnetstudio.ui.explain.ActivationMaxViewModel;
import org.alexnetstudio.ui.explain.ExplainView;
import org.alexnetstudio.ui.explain.ExplainViewModel;
import org.alexnetstudio.ui.filters.FiltersView;
import org.alexnetstudio.ui.filters.FiltersViewModel;
import org.alexnetstudio.ui.mistakes.MistakesView;
import org.alexnetstudio.ui.mistakes.MistakesViewModel;
import org.alexnetstudio.ui.predict.PredictView;
import org.alexnetstudio.ui.predict.PredictViewModel;
import org.alexnetstudio.ui.shared.Run;
import org.alexnetstudio.ui.shared.Texts;

/**
 * Part 2 of the window: adds the Train, Filters, Mistakes and Predict tabs to a {@link StudioWindow},
 * hooks its Train button, starts the chosen device's engine in the background and, once it runs,
 * calibrates the Network tab's epoch-time estimate. Training has its own thread; data loading, predictions and files share
 * another; the JavaFX thread never waits on either.
 */
public final class TrainingTabs {

    /**
     * What to do at start-up (tests switch the slow parts off).
     *
     * @param devices  where the device preference is kept
     */
    public record Options(boolean loadData, boolean calibrate, DevicePreference devices, Autosave autosave) {
        /** No automatic checkpoints (tests, screenshots). */
        public Options(boolean loadData, boolean calibrate, DevicePreference devices) {
            this(loadData, calibrate, devices, null);
        }

        public Options(boolean loadData, boolean calibrate) {
            this(loadData, calibrate, DevicePreference.user());
        }

        /** The app: the saved device, calibration, and each run's checkpoint after every epoch. */
        public static Options defaults() {
            return new Options(true, !Boolean.getBoolean("alexnet.noCalibration"), DevicePreference.user(),
                    Autosave.user());
        }
    }

    private final StudioWindow window;
    private final StudioViewModel studio;
    private final Texts texts;
    private final ExecutorService training = daemonThread("studio-training");
    private final ExecutorService work = daemonThread("studio-work");
    /** Explanations (SmoothGrad, occlusion, activation maximisation) take seconds: their own thread. */
    private final ExecutorService explaining = daemonThread("studio-explain");
    private final TrainingViewModel trainingVm;
    private final DeviceSettings devices;
    private final DataViewModel dataVm;
    private final FiltersViewModel filtersVm;
    private final MistakesViewModel mistakesVm;
    private final PredictViewModel predictVm;
    private final TrainingView trainingView;
    private final FiltersView filtersView;
    private final MistakesView mistakesView;
    private final PredictView predictView;
    private final ExplainViewModel explainVm;
    private final ExplainView explainView;
    private final Tab explainTab;
    private boolean explainStale;
    private final ActivationMaxViewModel actMaxVm;
    private final ActivationMaxPane actMaxPane;
    private final Tab trainTab;
    private final Tab filtersTab;
    private final Tab mistakesTab;
    private final Tab predictTab;
    private boolean filtersStale;
    private boolean mistakesStale;

    private TrainingTabs(StudioWindow window, Locale locale, Options options) {
        this.window = window;
        this.studio = window.viewModel();
        this.texts = new Texts(locale);
        trainingVm = new TrainingViewModel(texts, training, Platform::runLater, work);
        dataVm = DataViewModel.system(texts, work, Platform::runLater);
        filtersVm = new FiltersViewModel(texts, work, Platform::runLater);
        mistakesVm = new MistakesViewModel(texts, work, Platform::runLater);
        predictVm = new PredictViewModel(texts, work, Platform::runLater);
        explainVm = new ExplainViewModel(texts, explaining, Platform::runLater);
        actMaxVm = new ActivationMaxViewModel(texts, explaining, Platform::runLater);

        // The saved device (or -Dalexnet.device for this run only), started below off the FX thread.
        Networks.choose(wantedDevice(options.devices()));
        devices = new DeviceSettings(texts, options.devices(), this::deviceChanged);
        trainingView = new TrainingView(texts, trainingVm, dataVm, devices, studio::getSpec, work);
        filtersView = new FiltersView(texts, filtersVm, work);
        actMaxPane = new ActivationMaxPane(texts, actMaxVm);
        filtersView.addSection(actMaxPane);
        mistakesView = new MistakesView(texts, mistakesVm);
        predictView = new PredictView(texts, predictVm);
        trainTab = tab("tab.train", "train-tab", trainingView);
        filtersTab = tab("tab.filters", "filters-tab", filtersView);
        mistakesTab = tab("tab.mistakes", "mistakes-tab", mistakesView);
        predictTab = tab("tab.predict", "predict-tab", predictView);
        explainView = new ExplainView(texts, explainVm);
        explainTab = tab("tab.explain", "explain-tab", explainView);
        TabPane tabs = window.tabs();
        tabs.getTabs().removeIf(t -> "train-tab".equals(t.getId())); // part 1's placeholder, if opened
        tabs.getTabs().addAll(trainTab, filtersTab, mistakesTab, predictTab);
        tabs.getTabs().add(explainTab);
        window.stage().getScene().getStylesheets().add(
                TrainingTabs.class.getResource("training.css").toExternalForm());

        dataVm.dataProperty().addListener((o, a, d) -> {
            trainingVm.setData(d);
            updateEpochImages();
        });
        trainingVm.configProperty().addListener((o, a, b) -> updateEpochImages());
        trainingVm.currentProperty().addListener((o, a, run) -> {
            filtersVm.setRun(run);
            mistakesVm.setRun(run);
            predictVm.setRun(run);
            explainVm.setRun(run);
            actMaxVm.setRun(run);
        });
        // "Why?" in Mistakes or Predict: one click shows the picture's explanation.
        mistakesVm.setOnExplain(this::openExplanation);
        predictVm.setOnExplain(this::openExplanation);
        dataVm.setOnExplain(this::openExplanation);
        // After an epoch, a hidden tab is only marked stale and catches up when it is selected, so
        // the epoch's end never costs the window a frame while the student watches the chart.
        trainingVm.setOnEpoch(run -> {
            if (run == trainingVm.getCurrent()) {
                filtersStale = true;
                mistakesStale = true;
                catchUp();
                predictVm.setRun(run);
                actMaxVm.setRun(run); // the network exists once training starts
                explainStale = true;
                catchUp();
            }
        });
        filtersTab.selectedProperty().addListener((o, a, b) -> catchUp());
        mistakesTab.selectedProperty().addListener((o, a, b) -> catchUp());
        explainTab.selectedProperty().addListener((o, a, b) -> catchUp());
        window.setOnTrain(this::openTraining);
        trainingVm.setAutosave(options.autosave());
        window.setCloseGuard(this::whenRunsAreSafe);
        // The settings belong to the network in the editor, however the Train tab is reached.
        syncEditorNetwork();
        studio.specProperty().addListener((o, a, b) -> syncEditorNetwork());

        if (options.loadData()) {
            dataVm.loadDefault();
        }
        // Render an effect once before ND4J loads its natives: the JDK loads native libraries under
        // one global lock, and the software renderer loads its own the first time it draws an
        // effect, so it would otherwise wait seconds for ND4J's libraries and freeze the window.
        Platform.runLater(() -> {
            warmUpRenderer();
            ThreadPriority.useBackgroundPriority();
            ThreadPriority.lowerJitCompilerThreads();
            startEngine(() -> {
                if (options.calibrate()) {
                    calibrate();
                    // Another network (a preset, an edit) gets its own measurement once editing pauses.
                    recalibrate.setOnFinished(e -> calibrate());
                    studio.specProperty().addListener((o, a, b) -> {
                        if (studio.isTrainable()) {
                            recalibrate.playFromStart();
                        }
                    });
                    calibrateOnDeviceChange = true;
                }
            });
        });
    }

    /**
     * Starts the chosen device's engine off the FX thread (the GPU's probe, or ND4J's natives); runs start
     * only after it is ready. Then shows what it runs on and why a wanted GPU is not used.
     */
    private void startEngine(Runnable then) {
        java.util.concurrent.CompletableFuture<Object> ready = new java.util.concurrent.CompletableFuture<>();
        trainingVm.setEngineReady(ready);
        Networks.startAsync().whenComplete((info, error) -> Platform.runLater(() -> {
            if (error != null) {
                ready.completeExceptionally(error);
                trainingVm.setDevice(texts.fmt("settings.deviceFailed", TrainingViewModel.message(error)));
                return;
            }
            ready.complete(info);
            if (info.requested() != Networks.choice()) {
                return; // chosen again meanwhile: that start reports
            }
            trainingVm.setDevice(info.summary());
            devices.engineStarted(info);
            then.run();
        }));
    }

    /** The Device setting changed: the next run trains there (a running one keeps its device). */
    private void deviceChanged(DeviceChoice choice) {
        Networks.choose(choice);
        startEngine(() -> {
            if (calibrateOnDeviceChange && studio.isTrainable()) {
                recalibrate.playFromStart();
            }
        });
    }

    private boolean calibrateOnDeviceChange;

    static DeviceChoice wantedDevice(DevicePreference saved) {
        String forced = System.getProperty("alexnet.device");
        if (forced != null) {
            try {
                return DeviceChoice.parse(forced);
            } catch (IllegalArgumentException e) {
                System.err.println(e.getMessage());
            }
        }
        return saved.load();
    }

    private static void warmUpRenderer() {
        javafx.scene.shape.Rectangle r = new javafx.scene.shape.Rectangle(8, 8);
        r.setEffect(new javafx.scene.effect.DropShadow());
        new javafx.scene.Group(r).snapshot(null, null);
    }

    /** Adds part 2 to the window. Call on the JavaFX thread after the window is built. */
    public static TrainingTabs install(StudioWindow window, Locale locale, Options options) {
        return new TrainingTabs(window, locale, options);
    }

    public TrainingViewModel training() { return trainingVm; }
    public DeviceSettings devices() { return devices; }
    public DataViewModel data() { return dataVm; }
    public FiltersViewModel filters() { return filtersVm; }
    public MistakesViewModel mistakes() { return mistakesVm; }
    public PredictViewModel predict() { return predictVm; }
    public TrainingView trainingView() { return trainingView; }
    public FiltersView filtersView() { return filtersView; }
    public MistakesView mistakesView() { return mistakesView; }
    public PredictView predictView() { return predictView; }
    public Tab trainTab() { return trainTab; }
    public Tab filtersTab() { return filtersTab; }
    public Tab mistakesTab() { return mistakesTab; }
    public Tab predictTab() { return predictTab; }
    public ExplainViewModel explain() { return explainVm; }
    public ExplainView explainView() { return explainView; }
    public ActivationMaxViewModel activationMax() { return actMaxVm; }
    public ActivationMaxPane activationMaxPane() { return actMaxPane; }
    public Tab explainTab() { return explainTab; }

    /** Shows a picture's explanation on the Explain tab. */
    public void openExplanation(org.alexnetstudio.ui.shared.ExplainRequest request) {
        explainStale = false;
        explainVm.show(request);
        window.tabs().getSelectionModel().select(explainTab);
    }

    /** The Train button: show the Train tab (its settings already follow the editor's network). */
    public void openTraining() {
        window.tabs().getSelectionModel().select(trainTab);
    }

    /** Stops a run and the worker threads (window closing). */
    public void shutdown() {
        trainingVm.stop();
        training.shutdownNow();
        work.shutdownNow();
        explaining.shutdownNow();
    }

    /**
     * Before the window closes: a run still training, or trained weights never saved, are kept,
     * saved or discarded as the student says (closing never waits on training: the run is stopped,
     * and only the checkpoint writes are waited for, with the window still responsive).
     */
    private void whenRunsAreSafe(Runnable close) {
        java.util.List<Run> unsaved = trainingVm.runsNeedingSave();
        if (unsaved.isEmpty()) {
            trainingVm.stop();
            close.run();
            return;
        }
        String names = unsaved.stream().map(r -> texts.fmt("close.runName", r.number()))
                .collect(java.util.stream.Collectors.joining(", "));
        boolean training = trainingVm.getPhase() != TrainingViewModel.Phase.IDLE;
        String where = trainingVm.autosave() == null ? "" : texts.fmt("close.where", trainingVm.autosave().folder());
        javafx.scene.control.ButtonType keep = new javafx.scene.control.ButtonType(texts.get("close.keep"),
                javafx.scene.control.ButtonBar.ButtonData.YES);
        javafx.scene.control.ButtonType save = new javafx.scene.control.ButtonType(texts.get("close.save"),
                javafx.scene.control.ButtonBar.ButtonData.OTHER);
        javafx.scene.control.ButtonType discard = new javafx.scene.control.ButtonType(texts.get("close.discard"),
                javafx.scene.control.ButtonBar.ButtonData.NO);
        javafx.scene.control.ButtonType cancel = new javafx.scene.control.ButtonType(texts.get("close.cancel"),
                javafx.scene.control.ButtonBar.ButtonData.CANCEL_CLOSE);
        javafx.scene.control.Alert alert = new javafx.scene.control.Alert(
                javafx.scene.control.Alert.AlertType.CONFIRMATION, "", trainingVm.autosave() == null
                        ? new javafx.scene.control.ButtonType[]{save, discard, cancel}
                        : new javafx.scene.control.ButtonType[]{keep, save, discard, cancel});
        alert.initOwner(window.stage());
        alert.setTitle(texts.get("close.title"));
        alert.setHeaderText(texts.get(training ? "close.headerTraining" : "close.header"));
        javafx.scene.control.Label text = new javafx.scene.control.Label(
                texts.fmt(unsaved.size() == 1 ? "close.textOne" : "close.text", names) + where);
        text.setWrapText(true);
        text.setMaxWidth(520);
        alert.getDialogPane().setContent(text);
        alert.getDialogPane().setId("unsaved-runs-dialog");
        var answer = alert.showAndWait().orElse(cancel);
        if (answer == keep) {
            finishThenClose(trainingVm.keepAll(), close);
        } else if (answer == save) {
            java.nio.file.Path target = chooseSaveTarget(unsaved.size());
            if (target != null) {
                finishThenClose(trainingVm.saveAll(target), close);
            }
        } else if (answer == discard) {
            trainingVm.discardAll();
            close.run();
        }
    }

    private java.nio.file.Path chooseSaveTarget(int runs) {
        if (runs == 1) {
            javafx.stage.FileChooser c = new javafx.stage.FileChooser();
            c.setTitle(texts.get("train.saveCheckpoint"));
            c.getExtensionFilters().add(new javafx.stage.FileChooser.ExtensionFilter(texts.get("file.checkpoint"), "*.zip"));
            c.setInitialFileName("checkpoint.zip");
            java.io.File f = c.showSaveDialog(window.stage());
            return f == null ? null : f.toPath();
        }
        javafx.stage.DirectoryChooser d = new javafx.stage.DirectoryChooser();
        d.setTitle(texts.get("close.saveFolder"));
        java.io.File f = d.showDialog(window.stage());
        return f == null ? null : f.toPath();
    }

    /** Closes once the checkpoints are written; a failed write is shown and the window stays. */
    private void finishThenClose(java.util.concurrent.CompletableFuture<java.util.List<java.nio.file.Path>> writes,
                                 Runnable close) {
        trainingVm.showNotice(texts.get("close.saving"));
        writes.whenComplete((files, error) -> Platform.runLater(() -> {
            if (error == null) {
                close.run();
                return;
            }
            javafx.scene.control.Alert a = new javafx.scene.control.Alert(javafx.scene.control.Alert.AlertType.ERROR);
            a.initOwner(window.stage());
            a.setTitle(texts.get("close.title"));
            a.setHeaderText(texts.get("close.failed"));
            a.setContentText(TrainingViewModel.message(error));
            a.getDialogPane().setId("close-failed-dialog");
            a.show();
        }));
    }

    private void catchUp() {
        if (filtersStale && filtersTab.isSelected()) {
            filtersStale = false;
            filtersVm.refresh();
        }
        if (mistakesStale && mistakesTab.isSelected()) {
            mistakesStale = false;
            mistakesVm.refresh();
        }
        if (explainStale && explainTab.isSelected()) {
            explainStale = false;
            explainVm.refresh(); // the epoch changed the weights
        }
    }

    private void syncEditorNetwork() {
        trainingVm.setEditorNetwork(studio.getSpec(), studio.isTrainable() ? null : studio.getTrainReason());
    }

    private void updateEpochImages() {
        var d = dataVm.getData();
        if (d != null) {
            int limit = trainingVm.getConfig().trainLimit();
            studio.setEpochImages(limit > 0 ? Math.min(limit, d.train().size()) : d.train().size());
        }
    }

    /**
     * A few real training steps on the training thread (never alongside a run), then a better
     * estimate: of the network open now when it is trainable and not huge (usually the book's
     * AlexNet, so the rate fits big conv layers), else of the mini reference network.
     */
    private void calibrate() {
        if (calibrating) {
            return;
        }
        calibrating = true;
        NetworkSpec spec = studio.getSpec();
        long macs = spec.analyze().totalMacs();
        int trainBatch = trainingVm.getConfig().batchSize();
        // Measure at the training batch itself where that is cheap (alexnet-mini: 32 and 128), and
        // at small batches for big networks (the book's AlexNet at 224: 2 and 8), a quarter apart
        // to separate per-step overhead from per-example cost.
        int large = (int) Math.max(Math.min(8, trainBatch), Math.min(trainBatch, 3e9 / Math.max(1, macs)));
        boolean own = studio.isTrainable() && large >= 4 && macs * large < 1e10;
        training.execute(() -> {
            try {
                CalibratedEstimator e = own ? CalibratedEstimator.measure(spec, large / 4, large, 3, trainBatch)
                        : CalibratedEstimator.measureReference(trainBatch);
                Platform.runLater(() -> studio.setEpochTimeEstimator(e));
            } catch (RuntimeException | OutOfMemoryError e) {
                // Keep the uncalibrated estimate; it is labelled as an estimate anyway.
                System.err.println("epoch-time calibration failed: " + e);
            } finally {
                Platform.runLater(() -> calibrating = false);
            }
        });
    }

    private final javafx.animation.PauseTransition recalibrate =
            new javafx.animation.PauseTransition(javafx.util.Duration.seconds(3));
    private boolean calibrating;

    /**
     * A tab whose content joins the scene the first time the tab is selected: CSS and layout of the
     * hidden tabs would otherwise run before the window first appears (a second of start-up on a
     * slow laptop). The views exist from the start, so their view models update them meanwhile.
     */
    private Tab tab(String key, String id, javafx.scene.Node content) {
        Tab t = new Tab(texts.get(key));
        t.setId(id);
        t.setClosable(false);
        if (t.isSelected()) {
            t.setContent(content);
        } else {
            t.selectedProperty().addListener(new javafx.beans.value.ChangeListener<>() {
                @Override
                public void changed(javafx.beans.value.ObservableValue<? extends Boolean> o, Boolean was, Boolean now) {
                    if (now) {
                        t.setContent(content);
                        t.selectedProperty().removeListener(this);
                    }
                }
            });
        }
        return t;
    }

    private static ExecutorService daemonThread(String name) {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(() -> {
                ThreadPriority.lowerCurrentThread(); // the window stays smooth while ND4J computes
                r.run();
            }, name);
            t.setDaemon(true);
            return t;
        });
    }
}
