package org.alexnetstudio.ui.training;

import java.io.File;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Separator;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.shape.Rectangle;
import javafx.stage.FileChooser;
import org.alexnetstudio.model.LearningRateSchedule;
import org.alexnetstudio.model.NetworkSpec;
import org.alexnetstudio.train.DeviceChoice;
import org.alexnetstudio.train.TrainingConfig;
import org.alexnetstudio.ui.Labels;
import org.alexnetstudio.ui.data.DataPanel;
import org.alexnetstudio.ui.data.DataViewModel;
import org.alexnetstudio.ui.shared.FxImages;
import org.alexnetstudio.ui.shared.Run;
import org.alexnetstudio.ui.shared.Texts;

/**
 * The Train tab: data and settings on the left; Start / Pause / Stop, progress, the live chart, the
 * run list and the log on the right; file actions (checkpoint, .npz, PNG, CSV) above the chart.
 */
public final class TrainingView extends BorderPane {

    /** {@code -Dalexnet.debug=true}: developer gauges (the longest UI pause while training). */
    static final boolean DEBUG = Boolean.getBoolean("alexnet.debug");

    private final Texts texts;
    private final TrainingViewModel vm;
    private final PulseMonitor pulses = new PulseMonitor();
    private final RunChart chart;
    private final ProgressBar progress = new ProgressBar(0);
    private final TextArea log = new TextArea();
    private final ListView<Run> runList = new ListView<>();
    private final Executor background;
    private final Runnable refreshFields;
    /** Show/hide and remove, shared by every run cell. */
    private final Tooltip[] runTips;

    public TrainingView(Texts texts, TrainingViewModel vm, DataViewModel data, DeviceSettings devices,
                        Supplier<NetworkSpec> spec, Executor background) {
        this.texts = texts;
        this.vm = vm;
        this.runTips = new Tooltip[]{new Tooltip(texts.get("runs.showHide")), new Tooltip(texts.get("runs.remove"))};
        this.background = background;
        setId("training-view");
        getStyleClass().add("training-view");

        // ---- left: data + settings
        GridPane form = new GridPane();
        form.setHgap(8);
        form.setVgap(6);
        form.setId("training-settings");
        Label settingsTitle = new Label(texts.get("settings.title"));
        settingsTitle.getStyleClass().add("section-title");
        java.util.List<Runnable> refreshers = new java.util.ArrayList<>();
        int row = 0;
        row = intField(form, row, "settings.epochs", "setting-epochs", TrainingConfig::epochs,
                v -> c -> c.withEpochs(v), refreshers);
        row = doubleField(form, row, "settings.learningRate", "setting-lr", TrainingConfig::learningRate,
                v -> c -> c.withLearningRate(v), refreshers);
        row = scheduleField(form, row, refreshers);
        row = doubleField(form, row, "settings.momentum", "setting-momentum", TrainingConfig::momentum,
                v -> c -> c.withMomentum(v), refreshers);
        row = doubleField(form, row, "settings.weightDecay", "setting-wd", TrainingConfig::weightDecay,
                v -> c -> c.withWeightDecay(v), refreshers);
        row = intField(form, row, "settings.batchSize", "setting-batch", TrainingConfig::batchSize,
                v -> c -> c.withBatchSize(v), refreshers);
        row = intField(form, row, "settings.resize", "setting-resize", TrainingConfig::resize,
                v -> c -> c.withResize(v), refreshers);
        row = limitField(form, row, "settings.trainLimit", "setting-train-limit", TrainingConfig::trainLimit,
                v -> c -> c.withLimits(v, c.testLimit()), refreshers);
        row = limitField(form, row, "settings.testLimit", "setting-test-limit", TrainingConfig::testLimit,
                v -> c -> c.withLimits(c.trainLimit(), v), refreshers);
        row = intField(form, row, "settings.seed", "setting-seed", c -> (int) c.seed(),
                v -> c -> c.withSeed(v), refreshers);
        // Right under the fields, where the student just typed.
        Label problem = Labels.shownWhenSet(vm.settingsProblemProperty(), "settings-problem");
        problem.setId("settings-problem");
        problem.setWrapText(true);
        form.add(problem, 0, row++, 2, 1);
        row = deviceField(form, row, devices);
        Label device = new Label();
        device.setId("setting-device");
        device.setWrapText(true);
        device.getStyleClass().add("muted");
        device.textProperty().bind(Bindings.createStringBinding(() -> vm.deviceProperty().get().isEmpty()
                ? texts.get("settings.deviceStarting") : texts.fmt("settings.deviceNow", vm.deviceProperty().get()),
                vm.deviceProperty()));
        form.add(device, 0, row++, 2, 1);
        Label deviceNote = Labels.shownWhenSet(devices.noteProperty(), "settings-note");
        deviceNote.setId("setting-device-note");
        deviceNote.setWrapText(true);
        form.add(deviceNote, 0, row, 2, 1);
        Label limitsHint = new Label(texts.get("settings.limitsHint"));
        limitsHint.getStyleClass().add("muted");
        limitsHint.setWrapText(true);
        // Its whole height, however narrow the column: the last line must not be cut off.
        limitsHint.setMinHeight(Region.USE_PREF_SIZE);
        Button recipe = new Button(texts.get("settings.recipe"));
        recipe.setId("setting-recipe");
        recipe.setOnAction(e -> vm.applyRecipe(TrainingViewModel.recipeFor(spec.get())));
        refreshFields = () -> refreshers.forEach(Runnable::run);
        vm.configProperty().addListener((o, a, b) -> refreshFields.run());
        refreshFields.run();

        VBox left = new VBox(10, new DataPanel(texts, data, () -> vm.getConfig().resize()), new Separator(),
                settingsTitle, form, limitsHint, recipe);
        left.setPadding(new Insets(10));
        left.setPrefWidth(330);
        ScrollPane leftScroll = new ScrollPane(left);
        leftScroll.setFitToWidth(true);
        leftScroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        leftScroll.setMinWidth(300);
        leftScroll.setPrefWidth(340);

        // ---- controls
        Button start = new Button(texts.get("train.start"));
        start.setId("train-start");
        start.getStyleClass().addAll("success");
        start.disableProperty().bind(vm.canStartProperty().not());
        start.setOnAction(e -> vm.start(spec.get()));
        Button pause = new Button();
        pause.setId("train-pause");
        pause.textProperty().bind(Bindings.when(vm.phaseProperty().isEqualTo(TrainingViewModel.Phase.PAUSED))
                .then(texts.get("train.resume")).otherwise(texts.get("train.pause")));
        pause.disableProperty().bind(vm.phaseProperty().isNotEqualTo(TrainingViewModel.Phase.RUNNING)
                .and(vm.phaseProperty().isNotEqualTo(TrainingViewModel.Phase.PAUSED)));
        pause.setOnAction(e -> vm.togglePause());
        Button stop = new Button(texts.get("train.stop"));
        stop.setId("train-stop");
        stop.getStyleClass().add("danger");
        stop.disableProperty().bind(pause.disableProperty());
        stop.setOnAction(e -> vm.stop());
        progress.setId("train-progress");
        progress.progressProperty().bind(vm.progressProperty());
        progress.setPrefWidth(260);
        Label progressText = new Label();
        progressText.setId("train-progress-text");
        progressText.textProperty().bind(vm.progressTextProperty());
        LabelSlot progressSlot = new LabelSlot(progressText, 120);
        HBox.setHgrow(progressSlot, Priority.ALWAYS);
        for (Button b : new Button[]{start, pause, stop}) {
            b.setMinWidth(Region.USE_PREF_SIZE); // "▶ Start", never "▶ …"
        }
        progress.setMinWidth(60);
        HBox controls = new HBox(8, start, pause, stop, progress, progressSlot);
        controls.setAlignment(Pos.CENTER_LEFT);
        // Before Start: why the editor's network cannot train, or what would differ from it.
        Label networkProblem = Labels.shownWhenSet(vm.networkProblemProperty(), "settings-problem");
        networkProblem.setId("train-network-problem");
        networkProblem.setWrapText(true);
        Label networkNote = new Label();
        networkNote.setId("train-network-note");
        networkNote.setWrapText(true);
        networkNote.textProperty().bind(vm.networkNoteProperty());
        networkNote.getStyleClass().add("network-note");
        Button useInput = new Button();
        useInput.setId("train-use-network-input");
        useInput.setMinWidth(Region.USE_PREF_SIZE);
        useInput.textProperty().bind(Bindings.createStringBinding(() -> vm.editorNetworkProperty().get() == null
                        || !vm.editorNetworkProperty().get().input().isSpatial() ? ""
                        : texts.fmt("network.useInput", vm.editorNetworkProperty().get().input().height()),
                vm.editorNetworkProperty()));
        useInput.setOnAction(e -> vm.useEditorInput());
        // A VBox, so the wrapped note gets the height of all its lines (an HBox would cut it off).
        networkNote.setMinHeight(Region.USE_PREF_SIZE);
        VBox noteBox = new VBox(6, networkNote, useInput);
        noteBox.getStyleClass().add("network-note-box");
        noteBox.visibleProperty().bind(vm.networkNoteProperty().isNotEmpty());
        noteBox.managedProperty().bind(noteBox.visibleProperty());

        // ---- file actions + debug
        Button saveCkpt = fileButton("train.saveCheckpoint", "train-save-checkpoint", "checkpoint.zip",
                texts.get("file.checkpoint"), "*.zip", true, vm::saveCheckpoint);
        Button loadCkpt = fileButton("train.loadCheckpoint", "train-load-checkpoint", null,
                texts.get("file.checkpoint"), "*.zip", false, vm::loadCheckpoint);
        loadCkpt.disableProperty().bind(vm.phaseProperty().isNotEqualTo(TrainingViewModel.Phase.IDLE));
        Button npz = fileButton("train.exportNpz", "train-export-npz", "model.npz", texts.get("file.npz"), "*.npz",
                true, vm::exportNpz);
        Button png = fileButton("train.exportPng", "train-export-png", "training.png", texts.get("file.png"), "*.png",
                true, this::exportPng);
        Button csv = fileButton("train.exportCsv", "train-export-csv", "metrics.csv", texts.get("file.csv"), "*.csv",
                true, vm::exportCsv);
        saveCkpt.disableProperty().bind(vm.currentProperty().isNull());
        npz.disableProperty().bind(vm.currentProperty().isNull());
        Label pulse = new Label();
        pulse.setId("pulse-label");
        pulse.getStyleClass().add("muted");
        pulse.textProperty().bind(Bindings.createStringBinding(
                () -> texts.fmt("debug.pulse", pulses.maxGapMillis()), pulses.maxGapMillisProperty()));
        pulse.setTooltip(new Tooltip(texts.get("debug.pulseTip")));
        // A developer's gauge: only with -Dalexnet.debug=true.
        pulse.setVisible(DEBUG);
        pulse.setManaged(DEBUG);
        for (Button b : new Button[]{saveCkpt, loadCkpt, npz, png, csv}) {
            b.setMinWidth(Region.USE_PREF_SIZE);
        }
        // Wraps onto a second line in a narrow window instead of cutting the buttons' words.
        javafx.scene.layout.FlowPane files = new javafx.scene.layout.FlowPane(6, 6, saveCkpt, loadCkpt, npz, png, csv,
                pulse);
        files.setAlignment(Pos.CENTER_LEFT);
        files.setMinHeight(Region.USE_PREF_SIZE);

        // ---- messages
        Label error = new Label();
        error.setId("train-error");
        error.setWrapText(true);
        error.textProperty().bind(vm.errorProperty());
        Button dismiss = new Button("×");
        dismiss.getStyleClass().add("flat");
        dismiss.setOnAction(e -> vm.clearError());
        HBox errorBox = new HBox(8, error, dismiss);
        HBox.setHgrow(error, Priority.ALWAYS);
        errorBox.getStyleClass().add("error-banner");
        errorBox.visibleProperty().bind(vm.errorProperty().isNotEmpty());
        errorBox.managedProperty().bind(errorBox.visibleProperty());
        Label notice = Labels.shownWhenSet(vm.noticeProperty(), "muted");
        notice.setId("train-notice");

        // ---- chart, runs, log
        chart = new RunChart(texts, vm.runs());
        chart.setMinHeight(260);
        runList.setId("run-list");
        runList.setItems(vm.runs());
        runList.setCellFactory(l -> new RunCell());
        runList.setPlaceholder(new Label(texts.get("runs.empty")));
        runList.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> {
            if (b != null) {
                vm.select(b);
            }
        });
        log.setId("train-log");
        log.setEditable(false);
        log.getStyleClass().add("mono");
        vm.log().addListener((ListChangeListener<String>) c -> {
            while (c.next()) {
                for (String line : c.getAddedSubList()) {
                    log.appendText(line + "\n");
                }
            }
        });
        Label runsTitle = new Label(texts.get("runs.title"));
        runsTitle.getStyleClass().add("section-title");
        VBox runsBox = new VBox(4, runsTitle, runList);
        VBox.setVgrow(runList, Priority.ALWAYS);
        Label logTitle = new Label(texts.get("log.title"));
        logTitle.getStyleClass().add("section-title");
        VBox logBox = new VBox(4, logTitle, log);
        VBox.setVgrow(log, Priority.ALWAYS);
        SplitPane bottom = new SplitPane(runsBox, logBox);
        bottom.setDividerPositions(0.5);
        SplitPane centerSplit = new SplitPane(chart, bottom);
        centerSplit.setOrientation(Orientation.VERTICAL);
        centerSplit.setDividerPositions(0.62);
        VBox.setVgrow(centerSplit, Priority.ALWAYS);
        VBox center = new VBox(8, controls, networkProblem, noteBox, errorBox, notice, files, centerSplit);
        center.setPadding(new Insets(10));

        SplitPane main = new SplitPane(leftScroll, center);
        main.setDividerPositions(0.25);
        SplitPane.setResizableWithParent(leftScroll, false);
        setCenter(main);

        // Progress, speed and time left move at least every second, also within a long batch.
        javafx.animation.Timeline ticks = new javafx.animation.Timeline(new javafx.animation.KeyFrame(
                javafx.util.Duration.millis(500), e -> vm.tick()));
        ticks.setCycleCount(javafx.animation.Animation.INDEFINITE);
        vm.phaseProperty().addListener((o, was, now) -> {
            if (now == TrainingViewModel.Phase.RUNNING) {
                ticks.play();
            } else {
                ticks.stop();
            }
        });
        // Measure the UI thread while a run is going; keep the number afterwards.
        vm.phaseProperty().addListener((o, was, now) -> {
            if (now == TrainingViewModel.Phase.IDLE) {
                pulses.stop();
                if (Boolean.getBoolean("alexnet.pulseLog")) {
                    System.err.printf(Locale.ROOT, "ui: longest frame gap while training %.1f ms over %d frames%n",
                            pulses.maxGapMillis(), pulses.frames());
                    System.err.println("ui: gaps over 50 ms: " + pulses.longGaps());
                }
            } else if (was == TrainingViewModel.Phase.IDLE) {
                pulses.start();
            }
        });
    }

    public PulseMonitor pulseMonitor() {
        return pulses;
    }

    public RunChart chart() {
        return chart;
    }

    private Button fileButton(String key, String id, String initialName, String filterName, String pattern,
                              boolean save, Consumer<Path> action) {
        Button b = new Button(texts.get(key));
        b.setId(id);
        b.setOnAction(e -> {
            FileChooser c = new FileChooser();
            c.setTitle(texts.get(key));
            c.getExtensionFilters().add(new FileChooser.ExtensionFilter(filterName, pattern));
            if (initialName != null) {
                c.setInitialFileName(initialName);
            }
            File f = save ? c.showSaveDialog(getScene().getWindow()) : c.showOpenDialog(getScene().getWindow());
            if (f != null) {
                action.accept(f.toPath());
            }
        });
        return b;
    }

    /** The chart as PNG: snapshot here, encoding on the background thread. */
    public void exportPng(Path file) {
        var image = FxImages.snapshot(chart);
        background.execute(() -> {
            try {
                FxImages.writePng(image, file);
                Platform.runLater(() -> vm.clearError());
            } catch (java.io.IOException e) {
                System.err.println("PNG export failed: " + e.getMessage());
            }
        });
    }

    private int intField(GridPane form, int row, String key, String id,
                         java.util.function.ToIntFunction<TrainingConfig> get,
                         java.util.function.IntFunction<UnaryOperator<TrainingConfig>> set,
                         java.util.List<Runnable> refreshers) {
        return numberField(form, row, key, id, c -> Integer.toString(get.applyAsInt(c)),
                text -> set.apply(Integer.parseInt(text.replace(",", "").replace("_", ""))), refreshers);
    }

    /** An image count where 0 means every image: shown as "all", and "all" or an empty field means 0. */
    private int limitField(GridPane form, int row, String key, String id,
                           java.util.function.ToIntFunction<TrainingConfig> get,
                           java.util.function.IntFunction<UnaryOperator<TrainingConfig>> set,
                           java.util.List<Runnable> refreshers) {
        String all = texts.get("settings.all");
        return numberField(form, row, key, id, c -> get.applyAsInt(c) == 0 ? all : Integer.toString(get.applyAsInt(c)),
                text -> set.apply(text.isEmpty() || text.equalsIgnoreCase(all) || text.equalsIgnoreCase("all") ? 0
                        : Integer.parseInt(text.replace(",", "").replace("_", ""))), refreshers);
    }

    private int doubleField(GridPane form, int row, String key, String id,
                            java.util.function.ToDoubleFunction<TrainingConfig> get,
                            java.util.function.DoubleFunction<UnaryOperator<TrainingConfig>> set,
                            java.util.List<Runnable> refreshers) {
        return numberField(form, row, key, id, c -> trim(get.applyAsDouble(c)),
                text -> set.apply(Double.parseDouble(text.replace(',', '.'))), refreshers);
    }

    /**
     * A settings field: shows the config's value unless the student is typing in it, and on Enter
     * or focus loss parses the text (a {@link NumberFormatException} refuses it) and tries the edit.
     */
    private int numberField(GridPane form, int row, String key, String id,
                            java.util.function.Function<TrainingConfig, String> shown,
                            java.util.function.Function<String, UnaryOperator<TrainingConfig>> parse,
                            java.util.List<Runnable> refreshers) {
        TextField f = field(form, row, key, id);
        refreshers.add(() -> {
            if (!f.isFocused()) {
                f.setText(shown.apply(vm.getConfig()));
            }
            f.pseudoClassStateChanged(INVALID, false);
        });
        Runnable commit = () -> {
            try {
                boolean ok = vm.trySettings(parse.apply(f.getText().trim()));
                f.pseudoClassStateChanged(INVALID, !ok);
                if (ok) {
                    f.setText(shown.apply(vm.getConfig())); // as the setting reads now ("all", not "")
                }
            } catch (NumberFormatException ex) {
                f.pseudoClassStateChanged(INVALID, true);
                vm.rejectSettingText(key, f.getText());
            }
        };
        commitOnEnterOrBlur(f, commit);
        return row + 1;
    }

    /** Constant (the book's) or cosine; a choice box, so there is nothing to validate. */
    private int scheduleField(GridPane form, int row, java.util.List<Runnable> refreshers) {
        ComboBox<LearningRateSchedule> box = new ComboBox<>(
                javafx.collections.FXCollections.observableArrayList(LearningRateSchedule.values()));
        box.setId("setting-schedule");
        box.setConverter(labels(s -> texts.get("schedule." + s.name().toLowerCase(Locale.ROOT))));
        box.setMaxWidth(130);
        refreshers.add(() -> box.setValue(vm.getConfig().schedule()));
        box.setOnAction(e -> {
            if (box.getValue() != null && box.getValue() != vm.getConfig().schedule()) {
                vm.trySettings(c -> c.withSchedule(box.getValue()));
            }
        });
        label(form, row, "settings.schedule", box);
        form.add(box, 1, row);
        return row + 1;
    }

    /** Automatic / CPU / GPU, saved, applied from the next run. */
    private int deviceField(GridPane form, int row, DeviceSettings devices) {
        ComboBox<DeviceChoice> box = new ComboBox<>(javafx.collections.FXCollections.observableArrayList(
                devices.options()));
        box.setId("setting-device-choice");
        box.setConverter(labels(devices::label));
        box.setMaxWidth(170);
        box.setTooltip(new javafx.scene.control.Tooltip(texts.get("device.autoTip")));
        box.setValue(devices.selectedProperty().get());
        box.setDisable(!devices.canChoose());
        devices.selectedProperty().addListener((o, a, b) -> box.setValue(b));
        box.setOnAction(e -> devices.choose(box.getValue()));
        label(form, row, "settings.device", box);
        form.add(box, 1, row);
        return row + 1;
    }

    private static <T> javafx.util.StringConverter<T> labels(java.util.function.Function<T, String> text) {
        return new javafx.util.StringConverter<>() {
            @Override
            public String toString(T t) {
                return t == null ? "" : text.apply(t);
            }

            @Override
            public T fromString(String s) {
                return null;
            }
        };
    }

    /** The setting's name in column 0, with its tooltip (key + "Tip") on both name and control. */
    private void label(GridPane form, int row, String key, javafx.scene.control.Control control) {
        Label name = new Label(texts.get(key));
        name.setMinWidth(Region.USE_PREF_SIZE);
        String tip = texts.get(key + "Tip");
        if (!tip.equals(key + "Tip")) {
            Tooltip t = new Tooltip(tip);
            t.setWrapText(true);
            t.setMaxWidth(360);
            control.setTooltip(t);
            name.setTooltip(t);
        }
        form.add(name, 0, row);
    }

    private static void commitOnEnterOrBlur(TextField f, Runnable commit) {
        f.setOnAction(e -> commit.run());
        f.focusedProperty().addListener((o, a, focused) -> {
            if (!focused) {
                commit.run();
            }
        });
    }

    private static final javafx.css.PseudoClass INVALID = javafx.css.PseudoClass.getPseudoClass("invalid");

    private TextField field(GridPane form, int row, String key, String id) {
        TextField f = new TextField();
        f.setId(id);
        f.setPrefColumnCount(8);
        f.setMaxWidth(130);
        label(form, row, key, f);
        form.add(f, 1, row);
        return f;
    }

    static String trim(double v) {
        if (v == 0) {
            return "0";
        }
        String s = String.format(Locale.ROOT, "%.6g", v);
        if (s.contains("e")) {
            return s.replaceAll("0+e", "e").replace(".e", "e");
        }
        return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
    }

    /**
     * A run: show/hide box, colour swatch, settings and final numbers. The cell's nodes are built once
     * and re-bound to each item: the list's first cells are made as the first run starts, and
     * building a graphic (with its tooltips, each a popup window with a scene) per update cost
     * tens of ms of that frame.
     */
    private final class RunCell extends ListCell<Run> {
        private final CheckBox visible = new CheckBox();
        private final Rectangle swatch = new Rectangle(14, 14);
        private final Label text = new Label();
        private final Button remove = new Button("×");
        private final HBox box = new HBox(6, visible, swatch, text, remove);
        private Run bound;

        RunCell() {
            visible.getStyleClass().add("run-visible");
            visible.setTooltip(runTips[0]);
            // Wrap the summary at the list's width, so that × stays in view without a scroll bar.
            setPrefWidth(0);
            text.setWrapText(true);
            text.setMinWidth(0);
            text.setMaxWidth(Double.MAX_VALUE);
            HBox.setHgrow(text, Priority.ALWAYS);
            remove.getStyleClass().addAll("flat", "run-remove");
            remove.setTooltip(runTips[1]);
            remove.setOnAction(e -> {
                if (getItem() != null) {
                    vm.removeRun(getItem());
                }
            });
            // The current run cannot be removed while it trains.
            remove.disableProperty().bind(Bindings.createBooleanBinding(
                    () -> vm.getPhase() != TrainingViewModel.Phase.IDLE && vm.getCurrent() == getItem(),
                    vm.phaseProperty(), vm.currentProperty(), itemProperty()));
            box.setAlignment(Pos.CENTER_LEFT);
            setText(null);
        }

        /** As tall as the summary wrapped at the list's width (the skin would ask the box for one line). */
        @Override
        protected double computePrefHeight(double width) {
            if (getGraphic() == null || width <= 0) {
                return super.computePrefHeight(width);
            }
            double inner = width - snappedLeftInset() - snappedRightInset();
            return snappedTopInset() + box.prefHeight(inner) + snappedBottomInset();
        }

        @Override
        protected void updateItem(Run run, boolean empty) {
            super.updateItem(run, empty);
            if (bound != null && bound != run) {
                visible.selectedProperty().unbindBidirectional(bound.visibleProperty());
                text.textProperty().unbind();
                bound = null;
            }
            if (empty || run == null) {
                setGraphic(null);
                return;
            }
            if (bound == null) {
                visible.selectedProperty().bindBidirectional(run.visibleProperty());
                text.textProperty().bind(run.summaryProperty());
                swatch.setStyle("-fx-fill: " + RunChart.colour(run) + ";");
                bound = run;
            }
            setGraphic(box);
        }
    }
}
