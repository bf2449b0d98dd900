package org.alexnetstudio.ui;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.OptionalDouble;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.alexnetstudio.data.AtomicFiles;
import org.alexnetstudio.data.DataException;
import org.alexnetstudio.data.FileErrors;
import org.alexnetstudio.model.Fix;
import org.alexnetstudio.model.LayerReport;
import org.alexnetstudio.model.LayerSpec;
import org.alexnetstudio.model.NetworkAnalysis;
import org.alexnetstudio.model.NetworkSpec;
import org.alexnetstudio.model.Shape;

/**
 * The Network tab's state and commands: the spec being edited, its analysis as table rows and
 * totals, selection, undo/redo, the document (file, dirty flag, title) and validity for training.
 * Everything is read-only to views; they change it only through the command methods. Must be used
 * on one thread (the JavaFX thread in the app); file work runs on {@code background} and comes
 * back through {@code ui}.
 */
public final class StudioViewModel {

    /** Fashion-MNIST's class count: what a network must output to be trained here. */
    public static final int CLASSES = 10;
    /** Fashion-MNIST's training set, the default data size for the epoch estimate. */
    public static final int TRAINING_IMAGES = 60_000;

    /**
     * A one-click fix as the banner offers it: its label says when more fixes will follow
     * (the fix repairs its layer, but a later layer still does not fit).
     */
    public record FixChoice(Fix fix, String label, boolean completes) {
    }

    /** Something the student should be told in a dialog: a title and a message, both translated. */
    public record Problem(String title, String message) {
    }

    private final I18n i18n;
    private final SpecFormats formats;
    private final Executor background;
    private final Executor ui;

    private final ReadOnlyObjectWrapper<NetworkSpec> spec = new ReadOnlyObjectWrapper<>(this, "spec");
    private final ReadOnlyObjectWrapper<NetworkAnalysis> analysis = new ReadOnlyObjectWrapper<>(this, "analysis");
    private final ObservableList<LayerRow> rows = FXCollections.observableArrayList();
    private final ObservableList<LayerRow> rowsView = FXCollections.unmodifiableObservableList(rows);
    private final ReadOnlyIntegerWrapper selectedIndex = new ReadOnlyIntegerWrapper(this, "selectedIndex", -1);
    private final ReadOnlyObjectWrapper<LayerSpec> selectedLayer = new ReadOnlyObjectWrapper<>(this, "selectedLayer");
    private final ReadOnlyObjectWrapper<Path> file = new ReadOnlyObjectWrapper<>(this, "file");
    private final ReadOnlyBooleanWrapper dirty = new ReadOnlyBooleanWrapper(this, "dirty");
    private final ReadOnlyStringWrapper title = new ReadOnlyStringWrapper(this, "title");
    private final ReadOnlyBooleanWrapper canUndo = new ReadOnlyBooleanWrapper(this, "canUndo");
    private final ReadOnlyBooleanWrapper canRedo = new ReadOnlyBooleanWrapper(this, "canRedo");
    private final ReadOnlyStringWrapper undoText = new ReadOnlyStringWrapper(this, "undoText");
    private final ReadOnlyStringWrapper redoText = new ReadOnlyStringWrapper(this, "redoText");
    private final ReadOnlyBooleanWrapper trainable = new ReadOnlyBooleanWrapper(this, "trainable");
    private final ReadOnlyStringWrapper trainReason = new ReadOnlyStringWrapper(this, "trainReason");
    private final ReadOnlyObjectWrapper<LayerReport> firstError = new ReadOnlyObjectWrapper<>(this, "firstError");
    private final ReadOnlyStringWrapper inputError = new ReadOnlyStringWrapper(this, "inputError", "");
    private final ReadOnlyStringWrapper totalParameters = new ReadOnlyStringWrapper(this, "totalParameters");
    private final ReadOnlyStringWrapper weightSize = new ReadOnlyStringWrapper(this, "weightSize");
    private final ReadOnlyStringWrapper totalMacs = new ReadOnlyStringWrapper(this, "totalMacs");
    private final ReadOnlyStringWrapper activationMemory = new ReadOnlyStringWrapper(this, "activationMemory");
    private final ReadOnlyStringWrapper epochTime = new ReadOnlyStringWrapper(this, "epochTime");
    private final ReadOnlyLongWrapper lastUpdateNanos = new ReadOnlyLongWrapper(this, "lastUpdateNanos");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy");

    private List<FixChoice> fixChoices = List.of();
    private final Deque<Edit> undoStack = new ArrayDeque<>();
    private final Deque<Edit> redoStack = new ArrayDeque<>();
    private NetworkSpec savedSpec;
    private EpochTimeEstimator estimator = EpochTimeEstimator.uncalibrated();
    private int epochImages = TRAINING_IMAGES;
    private Consumer<Problem> onProblem = p -> { };
    private Consumer<Path> onSaved = p -> { };

    public StudioViewModel(I18n i18n, SpecFormats formats, Executor background, Executor ui, NetworkSpec initial) {
        this.i18n = i18n;
        this.formats = formats;
        this.background = background;
        this.ui = ui;
        dirty.addListener((o, a, b) -> updateTitle());
        file.addListener((o, a, b) -> updateTitle());
        updateTitle();
        loadDocument(initial, null);
    }

    // ---- read-only state -------------------------------------------------------------------

    public I18n i18n() { return i18n; }
    public NetworkSpec getSpec() { return spec.get(); }
    public ReadOnlyObjectProperty<NetworkSpec> specProperty() { return spec.getReadOnlyProperty(); }
    public NetworkAnalysis getAnalysis() { return analysis.get(); }
    public ReadOnlyObjectProperty<NetworkAnalysis> analysisProperty() { return analysis.getReadOnlyProperty(); }
    /** One row per layer, replaced row by row on every edit (unchanged rows stay the same object). */
    public ObservableList<LayerRow> rows() { return rowsView; }
    public int getSelectedIndex() { return selectedIndex.get(); }
    public ReadOnlyIntegerProperty selectedIndexProperty() { return selectedIndex.getReadOnlyProperty(); }
    public LayerSpec getSelectedLayer() { return selectedLayer.get(); }
    public ReadOnlyObjectProperty<LayerSpec> selectedLayerProperty() { return selectedLayer.getReadOnlyProperty(); }
    public Path getFile() { return file.get(); }
    public ReadOnlyObjectProperty<Path> fileProperty() { return file.getReadOnlyProperty(); }
    public boolean isDirty() { return dirty.get(); }
    public ReadOnlyBooleanProperty dirtyProperty() { return dirty.getReadOnlyProperty(); }
    public String getTitle() { return title.get(); }
    public ReadOnlyStringProperty titleProperty() { return title.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty canUndoProperty() { return canUndo.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty canRedoProperty() { return canRedo.getReadOnlyProperty(); }
    /** The description of the edit Undo would revert, empty when none. */
    public String getUndoText() { return undoText.get(); }
    public ReadOnlyStringProperty undoTextProperty() { return undoText.getReadOnlyProperty(); }
    public String getRedoText() { return redoText.get(); }
    public ReadOnlyStringProperty redoTextProperty() { return redoText.getReadOnlyProperty(); }
    /** True when the network can be trained on Fashion-MNIST: every shape known, 10 class scores out. */
    public boolean isTrainable() { return trainable.get(); }
    public ReadOnlyBooleanProperty trainableProperty() { return trainable.getReadOnlyProperty(); }
    /** Why Train is disabled (or what it will do when enabled). */
    public String getTrainReason() { return trainReason.get(); }
    public ReadOnlyStringProperty trainReasonProperty() { return trainReason.getReadOnlyProperty(); }
    public LayerReport getFirstError() { return firstError.get(); }
    /** The first error's fixes, those after which the whole network is valid first (updated with the analysis). */
    public List<FixChoice> getFixChoices() { return fixChoices; }
    public ReadOnlyObjectProperty<LayerReport> firstErrorProperty() { return firstError.getReadOnlyProperty(); }
    /** The input-shape error, empty when the input is fine. */
    public ReadOnlyStringProperty inputErrorProperty() { return inputError.getReadOnlyProperty(); }
    public ReadOnlyStringProperty totalParametersProperty() { return totalParameters.getReadOnlyProperty(); }
    public ReadOnlyStringProperty weightSizeProperty() { return weightSize.getReadOnlyProperty(); }
    public ReadOnlyStringProperty totalMacsProperty() { return totalMacs.getReadOnlyProperty(); }
    public ReadOnlyStringProperty activationMemoryProperty() { return activationMemory.getReadOnlyProperty(); }
    public String getEpochTime() { return epochTime.get(); }
    public ReadOnlyStringProperty epochTimeProperty() { return epochTime.getReadOnlyProperty(); }
    /** How long the last analysis and row update took, in nanoseconds. */
    public ReadOnlyLongProperty lastUpdateNanosProperty() { return lastUpdateNanos.getReadOnlyProperty(); }
    /** True while a file is read or written in the background. */
    public ReadOnlyBooleanProperty busyProperty() { return busy.getReadOnlyProperty(); }
    public int getEpochImages() { return epochImages; }

    public void setOnProblem(Consumer<Problem> onProblem) {
        this.onProblem = onProblem;
    }

    /** Called after a successful save or open with the file, e.g. to remember it as recent. */
    public void setOnFileUsed(Consumer<Path> onSaved) {
        this.onSaved = onSaved;
    }

    /** Swaps the epoch-time estimator (e.g. for a calibrated one) and refreshes the totals. */
    public void setEpochTimeEstimator(EpochTimeEstimator estimator) {
        this.estimator = estimator;
        updateTotals(getAnalysis());
    }

    public void setEpochImages(int images) {
        this.epochImages = images;
        updateTotals(getAnalysis());
    }

    // ---- selection ----------------------------------------------------------------------------

    /** Selects the layer at {@code index}, or nothing for -1 (out-of-range values are clamped). */
    public void select(int index) {
        int n = getSpec().layers().size();
        int i = n == 0 ? -1 : Math.max(-1, Math.min(index, n - 1));
        selectedIndex.set(i);
        selectedLayer.set(i < 0 ? null : getSpec().layers().get(i));
    }

    // ---- edits ---------------------------------------------------------------------------------

    /** Adds a layer after the selected one (at the end when nothing is selected) and selects it. */
    public void addLayer(LayerSpec layer) {
        int sel = getSelectedIndex();
        insertLayer(sel < 0 ? getSpec().layers().size() : sel + 1, layer);
    }

    public void insertLayer(int index, LayerSpec layer) {
        int at = Math.max(0, Math.min(index, getSpec().layers().size()));
        perform(new Edit(i18n.fmt("edit.add", layer.kind(), at), getSpec(), getSpec().inserted(at, layer),
                getSelectedIndex(), at, null));
    }

    public void deleteSelected() {
        int i = getSelectedIndex();
        if (i < 0) {
            return;
        }
        NetworkSpec after = getSpec().removed(i);
        int sel = after.layers().isEmpty() ? -1 : Math.min(i, after.layers().size() - 1);
        perform(new Edit(i18n.fmt("edit.delete", getSpec().layers().get(i).kind(), i), getSpec(), after, i, sel, null));
    }

    public void duplicateSelected() {
        int i = getSelectedIndex();
        if (i < 0) {
            return;
        }
        LayerSpec layer = getSpec().layers().get(i);
        perform(new Edit(i18n.fmt("edit.duplicate", layer.kind(), i), getSpec(), getSpec().inserted(i + 1, layer),
                i, i + 1, null));
    }

    /** Moves the selected layer up (-1) or down (+1). */
    public void moveSelected(int delta) {
        int i = getSelectedIndex();
        if (i >= 0) {
            move(i, i + delta);
        }
    }

    /** Moves the layer at {@code from} so that it ends up at {@code to}; out-of-range moves do nothing. */
    public void move(int from, int to) {
        int n = getSpec().layers().size();
        if (from < 0 || from >= n || to < 0 || to >= n || from == to) {
            return;
        }
        perform(new Edit(i18n.fmt("edit.move", getSpec().layers().get(from).kind(), from, to), getSpec(),
                getSpec().moved(from, to), getSelectedIndex(), to, null));
    }

    /**
     * Sets one field of the layer at {@code index}. Repeated changes of the same field merge into one
     * undo step ("Change kernel of Conv2d #3 from 3 to 5"), so typing "13" is one edit, not two.
     */
    public void setField(int index, LayerField field, Object value) {
        LayerSpec old = getSpec().layers().get(index);
        LayerSpec changed = field.with(old, value);
        if (changed.equals(old)) {
            return;
        }
        String key = "field:" + index + ":" + field.name();
        NetworkSpec before = getSpec();
        int selBefore = getSelectedIndex();
        Edit top = undoStack.peek();
        if (top != null && key.equals(top.mergeKey()) && redoStack.isEmpty()) {
            before = top.before();
            selBefore = top.selectionBefore();
        }
        Object from = field.get(before.layers().get(index));
        String description = i18n.fmt("edit.changeField", i18n.get("field." + field.name()).toLowerCase(i18n.locale()),
                old.kind(), index, LayerField.display(from), LayerField.display(value));
        perform(new Edit(description, before, getSpec().withLayer(index, changed), selBefore, index, key));
    }

    /** Sets the input to channels×size×size (the book's {@code resize}). */
    public void setInput(int channels, int size) {
        Shape old = getSpec().input();
        Shape shape = Shape.chw(channels, size, size);
        if (shape.equals(old)) {
            return;
        }
        NetworkSpec before = getSpec();
        Edit top = undoStack.peek();
        if (top != null && "input".equals(top.mergeKey()) && redoStack.isEmpty()) {
            before = top.before();
        }
        perform(new Edit(i18n.fmt("edit.input", before.input(), shape), before, getSpec().withInput(shape),
                getSelectedIndex(), getSelectedIndex(), "input"));
    }

    /** Applies one of the fixes the first error offers. */
    public void applyFix(Fix fix) {
        LayerReport bad = getFirstError();
        if (bad == null || bad.error() == null || !bad.error().fixes().contains(fix)) {
            return;
        }
        int i = bad.index();
        int sel = fix.action() == Fix.Action.INSERT_BEFORE ? i + 1 : i;
        perform(new Edit(i18n.fmt("edit.fix", fix.description(i18n.locale()), bad.layer().kind(), i),
                getSpec(), getSpec().applyFix(i, fix), getSelectedIndex(), sel, null));
    }

    public void undo() {
        Edit e = undoStack.poll();
        if (e == null) {
            return;
        }
        redoStack.push(e);
        show(e.before(), e.selectionBefore());
    }

    public void redo() {
        Edit e = redoStack.poll();
        if (e == null) {
            return;
        }
        undoStack.push(e);
        show(e.after(), e.selectionAfter());
    }

    private void perform(Edit edit) {
        Edit top = undoStack.peek();
        if (edit.mergeKey() != null && top != null && edit.mergeKey().equals(top.mergeKey()) && redoStack.isEmpty()) {
            undoStack.pop();
        }
        redoStack.clear();
        if (!edit.after().equals(edit.before())) {
            undoStack.push(edit);
        }
        show(edit.after(), edit.selectionAfter());
    }

    // ---- documents -----------------------------------------------------------------------------

    /**
     * Replaces the network with a preset's, as one undoable edit (Ctrl+Z brings the previous network
     * back). In an untouched untitled document the preset becomes the document (not dirty).
     */
    public void choosePreset(NetworkSpec network, String title) {
        boolean pristine = getFile() == null && !isDirty();
        perform(new Edit(i18n.fmt("edit.preset", title), getSpec(), network, getSelectedIndex(),
                network.layers().isEmpty() ? -1 : 0, null));
        if (pristine) {
            savedSpec = network;
            dirty.set(false);
        }
    }

    /** A new document with {@code network} (New, a preset): untitled, not dirty, no history. */
    public void newDocument(NetworkSpec network) {
        loadDocument(network, null);
    }

    /** Reads a spec file in the background; on failure the current work stays and a problem is reported. */
    public void open(Path path) {
        busy.set(true);
        background.execute(() -> {
            NetworkSpec loaded;
            try {
                loaded = formats.fromJson(FileErrors.readUtf8(path));
            } catch (DataException | RuntimeException e) {
                String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                ui.execute(() -> {
                    busy.set(false);
                    onProblem.accept(new Problem(i18n.get("problem.openTitle"),
                            i18n.fmt("problem.open", path.getFileName(), reason)));
                });
                return;
            }
            ui.execute(() -> {
                busy.set(false);
                loadDocument(loaded, path);
                onSaved.accept(path);
            });
        });
    }

    /** Writes the current spec to {@code path} in the background (atomically: temp file, then move). */
    public void save(Path path) {
        NetworkSpec snapshot = getSpec();
        busy.set(true);
        background.execute(() -> {
            try {
                writeAtomically(path, formats.toJson(snapshot));
            } catch (IOException | RuntimeException e) {
                String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                ui.execute(() -> {
                    busy.set(false);
                    onProblem.accept(new Problem(i18n.get("problem.saveTitle"),
                            i18n.fmt("problem.save", path.getFileName(), reason)));
                });
                return;
            }
            ui.execute(() -> {
                busy.set(false);
                savedSpec = snapshot;
                file.set(path);
                dirty.set(!getSpec().equals(savedSpec));
                onSaved.accept(path);
            });
        });
    }

    /** The network as PyTorch {@code nn.Sequential} source. */
    public String exportCode() {
        return formats.toPyTorch(getSpec());
    }

    /** Writes the PyTorch source to {@code path} in the background. */
    public void exportCode(Path path) {
        String code = exportCode();
        background.execute(() -> {
            try {
                writeAtomically(path, code);
            } catch (IOException | RuntimeException e) {
                String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                ui.execute(() -> onProblem.accept(new Problem(i18n.get("problem.saveTitle"),
                        i18n.fmt("problem.save", path.getFileName(), reason))));
            }
        });
    }

    /**
     * What an import attempt came to: imported, or why not, with the input the code was written for
     * when only the input size is in the way.
     *
     * @param problem        empty when imported
     * @param suggestedInput the input that fits the code, or null
     */
    public record ImportOutcome(boolean imported, String problem, Shape suggestedInput) {
    }

    /**
     * Imports {@code code} as one undoable edit; when it cannot be read, says why without a dialog
     * (the import dialog stays open with the student's text) and, when its explicit in-features or
     * in-channels fit another input size, which one ("this code expects 1×224×224 input").
     */
    public ImportOutcome tryImport(String code) {
        NetworkSpec imported;
        try {
            imported = formats.fromPyTorch(code, getSpec().input());
        } catch (RuntimeException e) {
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            Shape fits = formats.fittingInput(code, getSpec().input()).orElse(null);
            if (fits != null) {
                // Not the parser's "write nn.Linear(256, …)": the code is right for another input.
                int line = e.getCause() instanceof org.alexnetstudio.model.PyTorchParseException p ? p.line() : 0;
                return new ImportOutcome(false, i18n.fmt("import.expects", fits, getSpec().input(), line), fits);
            }
            return new ImportOutcome(false, reason, null);
        }
        perform(new Edit(i18n.get("edit.import"), getSpec(), imported, getSelectedIndex(),
                imported.layers().isEmpty() ? -1 : 0, null));
        return new ImportOutcome(true, "", null);
    }

    /** Sets the input to {@code input} and imports {@code code} for it: one undoable edit. */
    public ImportOutcome importWithInput(String code, Shape input) {
        NetworkSpec imported;
        try {
            imported = formats.fromPyTorch(code, input);
        } catch (RuntimeException e) {
            return new ImportOutcome(false, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage(), null);
        }
        perform(new Edit(i18n.fmt("edit.importWithInput", input), getSpec(), imported, getSelectedIndex(),
                imported.layers().isEmpty() ? -1 : 0, null));
        return new ImportOutcome(true, "", null);
    }

    /** Replaces the network with the one in {@code code} (an undoable edit); unreadable code is reported. */
    public boolean importCode(String code) {
        NetworkSpec imported;
        try {
            imported = formats.fromPyTorch(code, getSpec().input());
        } catch (RuntimeException e) {
            onProblem.accept(new Problem(i18n.get("problem.importTitle"),
                    i18n.fmt("problem.import", e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())));
            return false;
        }
        perform(new Edit(i18n.get("edit.import"), getSpec(), imported, getSelectedIndex(),
                imported.layers().isEmpty() ? -1 : 0, null));
        return true;
    }

    private static void writeAtomically(Path path, String text) throws IOException {
        AtomicFiles.writeText(path, text);
    }

    private void loadDocument(NetworkSpec network, Path path) {
        undoStack.clear();
        redoStack.clear();
        savedSpec = network;
        file.set(path);
        show(network, network.layers().isEmpty() ? -1 : 0);
    }

    // ---- derived state -------------------------------------------------------------------------

    private void show(NetworkSpec network, int selection) {
        long t0 = System.nanoTime();
        NetworkAnalysis a = network.analyze();
        // Derived values first, so that listeners of spec and analysis see a consistent state.
        updateValidity(a);
        updateRows(a);
        updateTotals(a);
        spec.set(network);
        analysis.set(a);
        dirty.set(!network.equals(savedSpec));
        canUndo.set(!undoStack.isEmpty());
        canRedo.set(!redoStack.isEmpty());
        undoText.set(undoStack.isEmpty() ? "" : undoStack.peek().description());
        redoText.set(redoStack.isEmpty() ? "" : redoStack.peek().description());
        select(selection);
        updateTitle();
        lastUpdateNanos.set(System.nanoTime() - t0);
    }

    private void updateRows(NetworkAnalysis a) {
        List<LayerRow> fresh = new ArrayList<>(a.layers().size());
        for (LayerReport r : a.layers()) {
            fresh.add(row(r));
        }
        // Replace only what changed so the table keeps its scroll position and selection.
        if (fresh.size() == rows.size()) {
            int changed = 0;
            for (int i = 0; i < fresh.size(); i++) {
                changed += rows.get(i).equals(fresh.get(i)) ? 0 : 1;
            }
            if (changed > 3) {
                // One change event instead of one per row: the table lays out once.
                rows.setAll(fresh);
                return;
            }
        }
        for (int i = 0; i < fresh.size(); i++) {
            if (i < rows.size()) {
                if (!rows.get(i).equals(fresh.get(i))) {
                    rows.set(i, fresh.get(i));
                }
            } else {
                rows.add(fresh.get(i));
            }
        }
        if (rows.size() > fresh.size()) {
            rows.remove(fresh.size(), rows.size());
        }
    }

    private LayerRow row(LayerReport r) {
        var loc = i18n.locale();
        LayerRow.Status status = r.known() ? LayerRow.Status.OK
                : r.error() != null ? LayerRow.Status.ERROR : LayerRow.Status.UNKNOWN;
        String output = switch (status) {
            case OK -> r.output().toString();
            case ERROR -> "✗";
            case UNKNOWN -> "?";
        };
        boolean known = status == LayerRow.Status.OK;
        return new LayerRow(r.index(), r.layer().kind(), r.layer().settings(), status, output,
                known ? Units.count(loc, r.parameters()) : "?",
                known ? Units.compact(loc, r.macs()) : "?",
                known ? Units.megabytes(loc, r.activationBytes()) : "?",
                r.derivation() == null ? "" : r.derivation(), r.error(), r);
    }

    private void updateTotals(NetworkAnalysis a) {
        var loc = i18n.locale();
        boolean valid = a.isValid();
        totalParameters.set(valid ? Units.count(loc, a.totalParameters()) : "?");
        weightSize.set(valid ? Units.megabytes(loc, a.weightBytes()) : "?");
        totalMacs.set(valid ? Units.compact(loc, a.totalMacs()) : "?");
        activationMemory.set(valid ? Units.megabytes(loc, a.activationBytesPerExample()) : "?");
        OptionalDouble seconds = estimator.secondsPerEpoch(a, epochImages);
        if (seconds.isEmpty()) {
            epochTime.set("?");
        } else {
            String time = Units.duration(i18n, seconds.getAsDouble());
            OptionalDouble slower = estimator.slowerSecondsPerEpoch(a, epochImages);
            epochTime.set(slower.isPresent()
                    ? i18n.fmt("totals.epochRange", Units.durationRange(i18n, seconds.getAsDouble(), slower.getAsDouble()))
                    : i18n.fmt(estimator.isEstimate() ? "totals.epochEstimate" : "totals.epochMeasured", time));
        }
    }

    private void updateValidity(NetworkAnalysis a) {
        LayerReport bad = a.firstError().orElse(null);
        fixChoices = a.fixOutcomes().stream().map(o -> new FixChoice(o.fix(), o.completes()
                ? o.fix().description(i18n.locale())
                : i18n.fmt("error.fixMore", o.fix().description(i18n.locale()), o.nextError().index(),
                        o.nextError().layer().kind()), o.completes())).toList();
        firstError.set(bad);
        inputError.set(a.inputError() == null ? "" : a.inputError().message(i18n.locale()));
        String reason;
        if (a.inputError() != null) {
            reason = i18n.fmt("train.badInput", a.inputError().message(i18n.locale()));
        } else if (a.spec().layers().isEmpty()) {
            reason = i18n.get("train.empty");
        } else if (bad != null) {
            reason = i18n.fmt("train.badLayer", bad.layer().kind(), bad.index(), bad.error().message(i18n.locale()));
        } else {
            Shape out = a.output().orElseThrow();
            reason = out.isSpatial() || out.features() != CLASSES
                    ? i18n.fmt("train.badOutput", CLASSES, out) : null;
        }
        trainable.set(reason == null);
        trainReason.set(reason == null ? i18n.get("train.ready") : reason);
    }

    private void updateTitle() {
        Path f = file.get();
        String name = f == null ? i18n.get("title.untitled") : f.getFileName().toString();
        title.set(i18n.fmt("title.format", dirty.get() ? "*" : "", name));
    }
}
