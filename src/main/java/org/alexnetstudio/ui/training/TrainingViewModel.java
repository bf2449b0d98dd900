package org.alexnetstudio.ui.training;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.alexnetstudio.data.FashionMnistData;
import org.alexnetstudio.model.NetworkSpec;
import org.alexnetstudio.model.Preset;
import org.alexnetstudio.model.Presets;
import org.alexnetstudio.model.TrainingRecipe;
import org.alexnetstudio.train.BatchProgress;
import org.alexnetstudio.train.Checkpoint;
import org.alexnetstudio.train.CheckpointException;
import org.alexnetstudio.train.ConvWeights;
import org.alexnetstudio.train.EpochResult;
import org.alexnetstudio.train.FashionMnistTrainingData;
import org.alexnetstudio.train.FinalMetrics;
import org.alexnetstudio.train.Network;
import org.alexnetstudio.train.Npz;
import org.alexnetstudio.train.SessionInfo;
import org.alexnetstudio.train.TrainingConfig;
import org.alexnetstudio.train.TrainingListener;
import org.alexnetstudio.train.TrainingSession;
import org.alexnetstudio.ui.shared.Run;
import org.alexnetstudio.ui.shared.Texts;

/**
 * The Train tab's state and commands: settings, start/pause/stop, progress, the log, the kept runs
 * and checkpoints. Training runs on {@code training}; listener events are queued and drained on
 * {@code ui} in one go (one pending drain at a time), so a burst of events costs the UI thread one
 * task. File work runs on {@code background}. Must be used on the {@code ui} thread; tests pass
 * {@code Runnable::run} executors to run everything synchronously.
 */
public final class TrainingViewModel {

    private static final boolean TRACE = Boolean.getBoolean("alexnet.pulseLog");

    /** What the buttons can do now. */
    public enum Phase { IDLE, RUNNING, PAUSED, STOPPING }

    /** Fashion-MNIST's images are grey: one input channel. */
    static final int FASHION_MNIST_CHANNELS = 1;

    private final Texts texts;
    private final Executor training;
    private final Executor ui;
    private final Executor background;

    private final ReadOnlyObjectWrapper<TrainingConfig> config = new ReadOnlyObjectWrapper<>(this, "config");
    private final ReadOnlyObjectWrapper<FashionMnistData> data = new ReadOnlyObjectWrapper<>(this, "data");
    private final ReadOnlyObjectWrapper<Phase> phase = new ReadOnlyObjectWrapper<>(this, "phase", Phase.IDLE);
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(this, "progress", 0);
    private final ReadOnlyStringWrapper progressText = new ReadOnlyStringWrapper(this, "progressText", "");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error", "");
    private final ReadOnlyStringWrapper notice = new ReadOnlyStringWrapper(this, "notice", "");
    private final ReadOnlyStringWrapper device = new ReadOnlyStringWrapper(this, "device", "");
    private final ReadOnlyStringWrapper settingsProblem = new ReadOnlyStringWrapper(this, "settingsProblem", "");
    private final ReadOnlyBooleanWrapper canStart = new ReadOnlyBooleanWrapper(this, "canStart");
    private final ReadOnlyObjectWrapper<NetworkSpec> editorNetwork = new ReadOnlyObjectWrapper<>(this, "editorNetwork");
    private final ReadOnlyStringWrapper networkProblem = new ReadOnlyStringWrapper(this, "networkProblem", "");
    private final ReadOnlyStringWrapper networkNote = new ReadOnlyStringWrapper(this, "networkNote", "");
    private final ReadOnlyObjectWrapper<Run> current = new ReadOnlyObjectWrapper<>(this, "current");
    private final ObservableList<String> log = FXCollections.observableArrayList();
    private final ObservableList<Run> runs = FXCollections.observableArrayList();
    // Kept once: FX's unmodifiable views listen weakly, so a fresh wrapper per call can be collected.
    private final ObservableList<String> logView;
    private final ObservableList<Run> runsView;

    private final ConcurrentLinkedQueue<Runnable> pending = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private TrainingSession session;
    private Bridge bridge;
    private java.util.function.LongSupplier clock = System::nanoTime;
    private int runCounter;
    private int drains;
    private Consumer<Run> onEpoch = r -> { };
    private CompletableFuture<?> engineReady = CompletableFuture.completedFuture(null);
    private Autosave autosave;

    public TrainingViewModel(Texts texts, Executor training, Executor ui, Executor background) {
        this.texts = texts;
        this.training = training;
        this.ui = ui;
        logView = FXCollections.unmodifiableObservableList(log);
        runsView = FXCollections.unmodifiableObservableList(runs);
        this.background = background;
        config.set(TrainingConfig.fromRecipe(TrainingRecipe.book(224)));
        canStart.bind(data.isNotNull().and(phase.isEqualTo(Phase.IDLE)).and(networkProblem.isEmpty()));
        config.addListener((o, a, b) -> updateNetworkNote());
    }

    // ---- read-only state -----------------------------------------------------------------------

    public Texts texts() { return texts; }
    public ReadOnlyObjectProperty<TrainingConfig> configProperty() { return config.getReadOnlyProperty(); }
    public TrainingConfig getConfig() { return config.get(); }
    public ReadOnlyObjectProperty<FashionMnistData> dataProperty() { return data.getReadOnlyProperty(); }
    public ReadOnlyObjectProperty<Phase> phaseProperty() { return phase.getReadOnlyProperty(); }
    public Phase getPhase() { return phase.get(); }
    /** 0..1 over the whole run. */
    public ReadOnlyDoubleProperty progressProperty() { return progress.getReadOnlyProperty(); }
    public ReadOnlyStringProperty progressTextProperty() { return progressText.getReadOnlyProperty(); }
    /** The last error, as a message for the student; empty when none. */
    public ReadOnlyStringProperty errorProperty() { return error.getReadOnlyProperty(); }
    public String getError() { return error.get(); }
    /** A passing note (saved, exported); empty when none. */
    public ReadOnlyStringProperty noticeProperty() { return notice.getReadOnlyProperty(); }
    public ReadOnlyStringProperty deviceProperty() { return device.getReadOnlyProperty(); }
    /** Why the last settings edit was refused (the settings kept their value); empty when none. */
    public ReadOnlyStringProperty settingsProblemProperty() { return settingsProblem.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty canStartProperty() { return canStart.getReadOnlyProperty(); }
    /** The network in the editor (the Network tab), which Start trains; null until told. */
    public ReadOnlyObjectProperty<NetworkSpec> editorNetworkProperty() { return editorNetwork.getReadOnlyProperty(); }
    /** Why the editor's network cannot be trained here (Start stays disabled); empty when it can. */
    public ReadOnlyStringProperty networkProblemProperty() { return networkProblem.getReadOnlyProperty(); }
    /**
     * What Start would train differently from what the Network tab shows (another input size),
     * with the parameter counts of both; empty when they agree.
     */
    public ReadOnlyStringProperty networkNoteProperty() { return networkNote.getReadOnlyProperty(); }
    public ReadOnlyObjectProperty<Run> currentProperty() { return current.getReadOnlyProperty(); }
    public Run getCurrent() { return current.get(); }
    /** The same lines the CLI prints. */
    public ObservableList<String> log() { return logView; }
    public ObservableList<Run> runs() { return runsView; }
    /** How many times queued listener events were drained on the UI thread (coalescing shows as drains ≤ events). */
    public int drainCount() { return drains; }

    /** Called on the UI thread after each epoch of the current run (the Filters and Mistakes tabs refresh). */
    public void setOnEpoch(Consumer<Run> onEpoch) {
        this.onEpoch = onEpoch;
    }

    // ---- settings ------------------------------------------------------------------------------

    public void setData(FashionMnistData d) {
        data.set(d);
    }

    public void updateConfig(UnaryOperator<TrainingConfig> change) {
        config.set(change.apply(config.get()));
    }

    /**
     * A student's edit: applied when the settings stay usable; otherwise the settings keep their
     * value and {@link #settingsProblemProperty()} says why (the engine's own check, so the panel and
     * Start agree).
     *
     * @return whether the edit was applied
     */
    public boolean trySettings(UnaryOperator<TrainingConfig> change) {
        TrainingConfig candidate = change.apply(config.get());
        List<String> problems = candidate.problems(texts.locale());
        if (!problems.isEmpty()) {
            settingsProblem.set(String.join("\n", problems));
            return false;
        }
        settingsProblem.set("");
        config.set(candidate);
        return true;
    }

    /** A settings field whose text is not a number: say so, keep the settings. */
    public void rejectSettingText(String settingKey, String text) {
        settingsProblem.set(texts.fmt("settings.notANumber", texts.get(settingKey), text.trim()));
    }

    /** Fills the settings from a recipe, keeping seed and subset sizes. */
    public void applyRecipe(TrainingRecipe r) {
        TrainingConfig old = config.get();
        config.set(TrainingConfig.fromRecipe(r).withSeed(old.seed()).withLimits(old.trainLimit(), old.testLimit()));
        settingsProblem.set("");
    }

    /**
     * The network in the editor changed. The settings follow it: a preset brings its recipe (seed and
     * subset sizes kept), a changed input size becomes the input resize, and anything else leaves the
     * student's settings alone.
     *
     * @param problem  why it cannot be trained here (the editor's reason), or null when it can
     */
    public void setEditorNetwork(NetworkSpec spec, String problem) {
        NetworkSpec old = editorNetwork.get();
        editorNetwork.set(spec);
        String why = problem == null ? "" : problem;
        if (why.isEmpty() && spec != null && spec.input().channels() != FASHION_MNIST_CHANNELS) {
            why = texts.fmt("network.channels", spec.input().channels());
        }
        networkProblem.set(why);
        if (spec != null && !spec.equals(old)) {
            if (old == null || presetOf(spec).isPresent()) {
                applyRecipe(recipeFor(spec));
            } else if (spec.input().isSpatial() && spec.input().height() != config.get().resize()
                    && (!old.input().isSpatial() || old.input().height() != spec.input().height())) {
                config.set(config.get().withResize(spec.input().height()));
            }
        }
        updateNetworkNote();
    }

    /** Sets the input resize to the editor's input size (the note's one-click answer). */
    public void useEditorInput() {
        NetworkSpec spec = editorNetwork.get();
        if (spec != null && spec.input().isSpatial()) {
            trySettings(c -> c.withResize(spec.input().height()));
        }
    }

    /** The spec Start trains: the editor's network with its input resized to the settings' size. */
    static NetworkSpec trainedSpec(NetworkSpec spec, TrainingConfig c) {
        return spec.input().isSpatial() ? spec.withResize(c.resize()) : spec;
    }

    private void updateNetworkNote() {
        NetworkSpec spec = editorNetwork.get();
        TrainingConfig c = config.get();
        if (spec == null || c == null || !spec.input().isSpatial() || spec.input().height() == c.resize()) {
            networkNote.set("");
            return;
        }
        NetworkSpec trained = trainedSpec(spec, c);
        var shown = spec.analyze();
        var then = trained.analyze();
        var loc = texts.locale();
        String shownParams = shown.isValid() ? String.format(loc, "%,d", shown.totalParameters()) : "?";
        networkNote.set(then.isValid()
                ? texts.fmt("network.differs", spec.input(), shownParams, c.resize(), trained.input(),
                        String.format(loc, "%,d", then.totalParameters()))
                : texts.fmt("network.differsInvalid", spec.input(), shownParams, c.resize(), trained.input()));
    }

    /** The preset whose network this is, for its recipe. */
    public static Optional<Preset> presetOf(NetworkSpec spec) {
        return Presets.all().stream().filter(p -> p.spec().equals(spec)).findFirst();
    }

    /** The recipe of the spec's preset, or the book's recipe at the spec's own input size. */
    public static TrainingRecipe recipeFor(NetworkSpec spec) {
        return presetOf(spec).map(Preset::recipe).orElseGet(() -> TrainingRecipe.book(
                spec.input().isSpatial() ? spec.input().height() : 28));
    }

    /**
     * Runs start only after this completes (the app passes EngineBootstrap.startAsync()): a run
     * that touches ND4J while another thread is still loading its natives can deadlock in class
     * initialisation.
     */
    public void setEngineReady(CompletableFuture<?> ready) {
        engineReady = ready;
    }

    public void setDevice(String d) {
        device.set(d);
    }

    /**
     * Writes each run's checkpoint to {@code a}'s folder after every epoch (null: off, as in tests
     * that do not ask for it), and says when runs kept from an earlier session are there.
     */
    public void setAutosave(Autosave a) {
        autosave = a;
        if (a != null) {
            a.prune();
            int kept = a.kept().size();
            if (kept > 0) {
                notice.set(texts.fmt(kept == 1 ? "autosave.keptOne" : "autosave.kept", kept, a.folder()));
            }
        }
    }

    public Autosave autosave() {
        return autosave;
    }

    /** Runs whose trained weights would be lost if the window closed now (see {@link Run#needsSaving()}). */
    public List<Run> runsNeedingSave() {
        return runs.stream().filter(Run::needsSaving).toList();
    }

    /**
     * Closing with "stop and keep": stops the run and writes every run that needs saving to its
     * automatic checkpoint (the latest weights; a finished run's file is already up to date).
     * Completes on the UI thread's side once every file is written; the files stay for the next start.
     *
     * @return the kept files
     */
    public CompletableFuture<List<Path>> keepAll() {
        stop();
        List<Run> todo = runsNeedingSave();
        CompletableFuture<List<Path>> done = new CompletableFuture<>();
        if (autosave == null) {
            done.complete(List.of());
            return done;
        }
        background.execute(() -> {
            List<Path> written = new java.util.ArrayList<>();
            try {
                for (Run r : todo) {
                    Path f = autosaveFileOf(r);
                    boolean upToDate = r.status() == Run.Status.FINISHED && java.nio.file.Files.exists(f);
                    if (!upToDate) {
                        r.session().saveCheckpoint(f);
                    }
                    written.add(f);
                }
                done.complete(written);
            } catch (IOException | RuntimeException e) {
                done.completeExceptionally(e);
            }
        });
        return done;
    }

    /** Closing with "discard": stops the run and removes the automatic checkpoints of unsaved runs. */
    public void discardAll() {
        stop();
        if (autosave != null) {
            for (Run r : runsNeedingSave()) {
                autosave.remove(r.autosaveFile());
            }
        }
    }

    /**
     * Closing with "save": stops the run and saves each run that needs it, into {@code file} when
     * there is one, else into {@code folder} as run-N.zip. Completes once every file is written.
     */
    public CompletableFuture<List<Path>> saveAll(Path target) {
        stop();
        List<Run> todo = runsNeedingSave();
        CompletableFuture<List<Path>> done = new CompletableFuture<>();
        background.execute(() -> {
            List<Path> written = new java.util.ArrayList<>();
            try {
                for (Run r : todo) {
                    Path f = todo.size() == 1 ? target : target.resolve("run-" + r.number() + ".zip");
                    r.session().saveCheckpoint(f);
                    written.add(f);
                    post(() -> savedAs(r));
                }
                done.complete(written);
            } catch (IOException | RuntimeException e) {
                done.completeExceptionally(e);
            }
        });
        return done;
    }

    private Path autosaveFileOf(Run r) {
        if (r.autosaveFile() == null) {
            r.setAutosaveFile(autosave.newFile(r.number(), java.time.LocalDateTime.now()));
        }
        return r.autosaveFile();
    }

    /** The run's weights are in a file the student chose: its automatic checkpoint is no longer needed. */
    private void savedAs(Run r) {
        r.markSaved();
        if (autosave != null && r.status() != Run.Status.RUNNING && r.status() != Run.Status.PAUSED) {
            autosave.remove(r.autosaveFile());
        }
    }

    /** After an epoch: the run's automatic checkpoint, on the file thread. */
    private void autosave(Run run) {
        TrainingSession s = run.session();
        if (autosave == null || s == null) {
            return;
        }
        Path f = autosaveFileOf(run);
        background.execute(() -> {
            try {
                s.saveCheckpoint(f);
            } catch (IOException | RuntimeException e) {
                post(() -> log.add(texts.fmt("autosave.failed", f, message(e))));
            }
        });
    }

    // ---- commands ------------------------------------------------------------------------------

    /** Starts a new run of {@code spec} with the current settings; earlier runs stay for comparison. */
    public Optional<Run> start(NetworkSpec spec) {
        if (!canStart.get()) {
            return Optional.empty();
        }

        TrainingConfig cfg = config.get();
        List<String> problems = cfg.problems(texts.locale());
        if (!problems.isEmpty()) {
            error.set(String.join("\n", problems));
            return Optional.empty();
        }
        FashionMnistTrainingData trainingData = new FashionMnistTrainingData(data.get(), cfg.trainLimit(),
                cfg.testLimit(), cfg.seed());
        Run run = new Run(++runCounter, spec, cfg, trainingData.description(), trainingData.test());
        run.setSummary(texts.fmt("run.starting", run.number()));
        runs.add(run);
        current.set(run);
        error.set("");
        notice.set("");
        progress.set(0);
        progressText.set(texts.get("progress.starting"));
        phase.set(Phase.RUNNING);
        Bridge b = new Bridge(run);
        bridge = b;
        TrainingSession s = new TrainingSession(spec, trainingData, cfg, b);
        session = s;
        run.setSession(s);
        engineReady.thenComposeAsync(ready -> s.start(Runnable::run), training)
                .whenComplete((m, e) -> post(() -> ended(run, e)));
        return Optional.of(run);
    }

    public void pause() {
        if (session != null && phase.get() == Phase.RUNNING) {
            session.pause();
            phase.set(Phase.PAUSED);
            current.get().setStatus(Run.Status.PAUSED);
            current.get().setSummary(summary(current.get(), null));
            progressText.set(texts.get("progress.paused") + "  " + progressText.get());
        }
    }

    public void resume() {
        if (session != null && phase.get() == Phase.PAUSED) {
            ProgressEstimate e = bridge == null ? null : bridge.estimate;
            if (e != null) {
                e.gap(); // the time paused is not training time
            }
            session.resume();
            phase.set(Phase.RUNNING);
            current.get().setStatus(Run.Status.RUNNING);
            current.get().setSummary(summary(current.get(), null));
        }
    }

    public void togglePause() {
        if (phase.get() == Phase.PAUSED) {
            resume();
        } else {
            pause();
        }
    }

    public void stop() {
        if (session != null && (phase.get() == Phase.RUNNING || phase.get() == Phase.PAUSED)) {
            phase.set(Phase.STOPPING);
            session.stop();
        }
    }

    public void removeRun(Run run) {
        if (run != current.get() || phase.get() == Phase.IDLE) {
            runs.remove(run);
            if (autosave != null) {
                autosave.remove(run.autosaveFile()); // discarded
            }
            if (run == current.get()) {
                current.set(runs.isEmpty() ? null : runs.get(runs.size() - 1));
            }
        }
    }

    public void select(Run run) {
        if (phase.get() == Phase.IDLE && runs.contains(run)) {
            current.set(run);
        }
    }

    /** Saves the current run's weights, momentum and history (consistent even while training). */
    public void saveCheckpoint(Path file) {
        Run run = current.get();
        if (run == null || run.session() == null || run.network() == null) {
            error.set(texts.get("error.noModel"));
            return;
        }
        TrainingSession s = run.session();
        background.execute(() -> {
            try {
                s.saveCheckpoint(file);
                post(() -> {
                    savedAs(run);
                    notice.set(texts.fmt("notice.saved", file.getFileName()));
                });
            } catch (IOException | RuntimeException e) {
                post(() -> error.set(texts.fmt("error.save", file.getFileName(), message(e))));
            }
        });
    }

    /** Loads a checkpoint as a new run (its curves per epoch, its weights for Predict and Filters). */
    public void loadCheckpoint(Path file) {
        if (phase.get() != Phase.IDLE) {
            return;
        }
        background.execute(() -> {
            try {
                Checkpoint c = Checkpoint.load(file);
                Network net = c.buildNetwork();
                List<ConvWeights> weights = net.convWeights();
                post(() -> addLoaded(file, c, net, weights));
            } catch (CheckpointException | RuntimeException e) {
                post(() -> error.set(texts.fmt("error.load", file.getFileName(), message(e))));
            }
        });
    }

    private void addLoaded(Path file, Checkpoint c, Network net, List<ConvWeights> weights) {
        Run run = new Run(++runCounter, c.spec(), c.config(), c.dataDescription(), null);
        run.setLoadedNetwork(net);
        for (var m : c.history()) {
            run.epochs().add(m);
            run.trainLoss().add(new Run.Point(m.epoch(), m.trainLoss()));
            run.trainAccuracy().add(new Run.Point(m.epoch(), m.trainAccuracy()));
            run.testAccuracy().add(new Run.Point(m.epoch(), m.testAccuracy()));
        }
        run.filterHistory().add(c.epochsCompleted(), weights);
        run.setStatus(Run.Status.FINISHED);
        run.setSummary(texts.fmt("run.loaded", run.number(), file.getFileName(), c.epochsCompleted(),
                c.history().isEmpty() ? "—" : fmt3(c.history().get(c.history().size() - 1).testAccuracy())));
        runs.add(run);
        current.set(run);
        notice.set(texts.fmt("notice.loaded", file.getFileName()));
        onEpoch.accept(run);
    }

    /** Writes the current run's weights as a PyTorch state_dict (.npz). */
    public void exportNpz(Path file) {
        Run run = current.get();
        Network net = run == null ? null : run.network();
        if (net == null) {
            error.set(texts.get("error.noModel"));
            return;
        }
        background.execute(() -> {
            try {
                Npz.export(net, file);
                post(() -> notice.set(texts.fmt("notice.exported", file.getFileName())));
            } catch (IOException | RuntimeException e) {
                post(() -> error.set(texts.fmt("error.save", file.getFileName(), message(e))));
            }
        });
    }

    /** Writes every run's curves as CSV. */
    public void exportCsv(Path file) {
        String csv = MetricsCsv.of(List.copyOf(runs));
        background.execute(() -> {
            try {
                org.alexnetstudio.data.AtomicFiles.writeText(file, csv);
                post(() -> notice.set(texts.fmt("notice.exported", file.getFileName())));
            } catch (IOException | RuntimeException e) {
                post(() -> error.set(texts.fmt("error.save", file.getFileName(), message(e))));
            }
        });
    }

    /** A passing note from the window (e.g. while closing). */
    public void showNotice(String text) {
        notice.set(text);
    }

    public void clearError() {
        error.set("");
    }

    // ---- events from the training thread -------------------------------------------------------

    /** Queues work for the UI thread; at most one drain is scheduled at a time. */
    private void post(Runnable r) {
        pending.add(r);
        if (drainScheduled.compareAndSet(false, true)) {
            ui.execute(this::drain);
        }
    }

    private void drain() {
        drainScheduled.set(false);
        drains++;
        Runnable r;
        while ((r = pending.poll()) != null) {
            long t0 = System.nanoTime();
            r.run();
            long ms = (System.nanoTime() - t0) / 1_000_000;
            if (ms > 20 && TRACE) {
                System.err.println("ui: event handling took " + ms + " ms");
            }
        }
    }

    /** Runs on the training thread: copies what is needed, then posts. */
    private final class Bridge implements TrainingListener {
        /** Progress text and bar at most this often from the steps (a drain per step would cost frames). */
        private static final long STEP_POST_NANOS = 200_000_000L;
        private final Run run;
        private volatile ProgressEstimate estimate;
        private long lastPost;

        Bridge(Run run) {
            this.run = run;
        }

        @Override
        public void started(SessionInfo info) {
            estimate = new ProgressEstimate(run.config().epochs(), run.config().batchSize(), info.trainSize(),
                    info.testSize());
            List<ConvWeights> initial = run.session().convWeights();
            post(() -> onStarted(run, info, initial));
        }

        @Override
        public void stepDone(int epoch, int batch, int batches) {
            ProgressEstimate e = estimate;
            if (e == null) {
                return;
            }
            long now = clock.getAsLong();
            e.step(epoch, batch, batches, now);
            if (now - lastPost >= STEP_POST_NANOS || batch == batches) {
                lastPost = now;
                post(() -> tick(run));
            }
        }

        @Override
        public void batchProgress(BatchProgress p) {
            post(() -> onProgress(run, p));
        }

        @Override
        public void epochEnd(EpochResult r) {
            post(() -> onEpochEnd(run, r));
        }

        @Override
        public void finished(FinalMetrics m) {
            post(() -> onFinished(run, m));
        }

        @Override
        public void failed(String message) {
            post(() -> onFailed(run, message));
        }
    }

    private void onStarted(Run run, SessionInfo info, List<ConvWeights> initialFilters) {
        run.setDevice(info.device());
        run.setStatus(phase.get() == Phase.PAUSED ? Run.Status.PAUSED : Run.Status.RUNNING);
        if (device.get().isEmpty()) {
            device.set(info.backend());
        }
        log.add(info.backend());
        log.add(info.dataset() + ": " + info.trainSize() + " / " + info.testSize());
        log.add(info.specSummary());
        log.add("training on " + info.device());
        run.filterHistory().add(0, initialFilters);
        if (run == current.get()) {
            // The network is built: say so at once, not only at the first chart point.
            String text = texts.fmt("progress.firstBatch", info.firstEpoch(), run.config().epochs(), info.device());
            progressText.set(phase.get() == Phase.PAUSED ? texts.get("progress.paused") + "  " + text : text);
        }
        run.setSummary(summary(run, null));
    }

    /** The clock of the progress estimate (tests pass their own). */
    void setClock(java.util.function.LongSupplier clock) {
        this.clock = clock;
    }

    /**
     * Progress bar, examples/sec and time left, from the current run's last step extrapolated to
     * now: called after steps and every second by the view, so they move even when a batch takes
     * longer than a second.
     */
    public void tick() {
        Run run = current.get();
        if (run != null) {
            tick(run);
        }
    }

    private void tick(Run run) {
        ProgressEstimate e = bridge == null || bridge.run != run ? null : bridge.estimate;
        ProgressEstimate.Snapshot s = e == null ? null : e.snapshot();
        // Only while the run trains: after finished() the "Done" line stays until the next run.
        if (s == null || run != current.get() || phase.get() != Phase.RUNNING || run.status() != Run.Status.RUNNING) {
            return;
        }
        long now = clock.getAsLong();
        progress.set(s.fraction(now));
        String speed = s.speedKnown() ? texts.fmt("progress.speed", s.examplesPerSec(), eta(s.eta(now)))
                : texts.get("progress.measuring");
        progressText.set(texts.fmt("progress.step", s.epoch(), s.epochs(), s.batch(), s.batches(), speed));
    }

    private void onProgress(Run run, BatchProgress p) {
        run.trainLoss().add(new Run.Point(p.epochFraction(), p.trainLoss()));
        run.trainAccuracy().add(new Run.Point(p.epochFraction(), p.trainAccuracy()));
        if (run != current.get() || phase.get() == Phase.IDLE) {
            return;
        }
        ProgressEstimate e = bridge == null || bridge.run != run ? null : bridge.estimate;
        if (e != null && e.snapshot() != null && e.snapshot().speedKnown()) {
            tick(run); // the steps' own measure: the numbers do not jump between two ways of counting
            return;
        }
        TrainingConfig c = run.config();
        progress.set(Math.min(1, p.epochFraction() / c.epochs()));
        String text = texts.fmt("progress.text", p.epoch(), p.epochs(), p.batch(), p.batches(),
                p.examplesPerSec(), eta(p.eta()));
        progressText.set(phase.get() == Phase.PAUSED ? texts.get("progress.paused") + "  " + text : text);
    }

    private void onEpochEnd(Run run, EpochResult r) {
        run.testAccuracy().add(new Run.Point(r.epoch(), r.testAccuracy()));
        run.epochs().add(r.metrics());
        run.filterHistory().add(r.epoch(), r.convWeights());
        run.setLastEpoch(r);
        log.add(r.metrics().line());
        run.setSummary(summary(run, null));
        autosave(run);
        long t0 = System.nanoTime();
        onEpoch.accept(run);
        if (TRACE) {
            System.err.println("ui: epoch views refreshed in " + (System.nanoTime() - t0) / 1_000_000 + " ms");
        }
    }

    private void onFinished(Run run, FinalMetrics m) {
        run.setResult(m);
        run.setStatus(m.stopped() ? Run.Status.STOPPED : Run.Status.FINISHED);
        if (m.stopped()) {
            log.add(texts.plural("log.stopped", m.epochsCompleted()));
        }
        if (m.epochsCompleted() > 0 || !m.stopped()) {
            log.add(m.lossLine());
        }
        log.add(m.speedLine());
        run.setSummary(summary(run, m));
        if (!m.stopped()) {
            progress.set(1);
        }
        progressText.set(m.stopped() ? texts.plural("progress.stopped", m.epochsCompleted())
                : texts.fmt("progress.done", m.examplesPerSec(), m.device()));
    }

    private void onFailed(Run run, String message) {
        run.setError(message);
        run.setStatus(Run.Status.FAILED);
        error.set(texts.fmt("error.training", message));
        log.add(texts.fmt("log.failed", message));
        run.setSummary(summary(run, null));
        progressText.set(texts.plural("progress.failed", run.epochs().size()));
    }

    /** The run's future completed (after finished/failed were posted, so they ran first). */
    private void ended(Run run, Throwable e) {
        if (e != null && run.status() != Run.Status.FAILED) {
            // Failures the listener did not report (e.g. the thread was interrupted).
            onFailed(run, message(e));
        }
        if (session == run.session()) {
            phase.set(Phase.IDLE);
        }
    }

    private String summary(Run run, FinalMetrics m) {
        TrainingConfig c = run.config();
        String settings = settingsText(texts, c);
        String numbers;
        if (m != null && m.epochsCompleted() > 0) {
            numbers = m.lossLine();
        } else if (!run.epochs().isEmpty()) {
            numbers = run.epochs().get(run.epochs().size() - 1).line();
        } else {
            numbers = "";
        }
        String status = texts.get("status." + run.status().name().toLowerCase(Locale.ROOT));
        return texts.fmt("run.summary", run.number(), status, settings, numbers).trim();
    }

    /** A run's settings as the run list shows them: the whole recipe. */
    static String settingsText(Texts texts, TrainingConfig c) {
        // Momentum and weight decay only when used: the book's plain SGD stays short.
        String extras = (c.momentum() > 0 ? texts.fmt("run.momentum", TrainingView.trim(c.momentum())) : "")
                + (c.weightDecay() > 0 ? texts.fmt("run.weightDecay", TrainingView.trim(c.weightDecay())) : "");
        return texts.fmt("run.settings", TrainingView.trim(c.learningRate()), c.batchSize(), c.resize(), c.epochs(),
                texts.get("schedule." + c.schedule().name().toLowerCase(Locale.ROOT)), extras);
    }

    static String eta(Duration d) {
        long s = Math.max(0, d.toSeconds());
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }

    private static String fmt3(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }

    static String message(Throwable e) {
        Throwable t = e;
        while ((t instanceof java.util.concurrent.CompletionException
                || t instanceof java.util.concurrent.ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }
}
