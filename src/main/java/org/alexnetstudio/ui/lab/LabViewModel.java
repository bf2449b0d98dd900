package org.alexnetstudio.ui.lab;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.value.ObservableValue;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.ObservableSet;
import org.alexnetstudio.model.LayerReport;
import org.alexnetstudio.model.NetworkAnalysis;
import org.alexnetstudio.model.NetworkSpec;
import org.alexnetstudio.model.TrainingMemory;
import org.alexnetstudio.train.TrainingConfig;

/**
 * The Lab's state and commands: the exercise shown, which are done, the last check's verdict as
 * texts, exercise 4's answers and memory table, and the runs the checks read. The checks themselves
 * are {@link LabChecks}; this class feeds them the app's state and turns verdicts into the UI
 * language. Views only bind. Lives on the JavaFX thread; progress is saved in a {@link LabStore}.
 */
public final class LabViewModel {

    /** One line of a verdict: done (✓) or missing (✗). */
    public record Line(boolean done, String text) {
    }

    /** A layer exercise 4 can pick, with whether it is picked for memory and for computation. */
    public record PickRow(int index, String label, boolean memory, boolean compute) {
    }

    /** One row of exercise 4's memory table, formatted. */
    public record MemoryRow(String layer, String parameterState, String activationState, String total) {
    }

    /** One row of exercise 3's table, formatted. */
    public record BatchLine(String run, String batch, String accuracy, String speed, String counted, String peak) {
    }

    private final LabTexts texts;
    private final LabStore store;
    private final ObservableValue<NetworkSpec> editor;
    private final ObservableValue<TrainingConfig> config;

    private final ObservableList<RunRecord> records = FXCollections.observableArrayList();
    private final ObservableSet<Exercise> done = FXCollections.observableSet(EnumSet.noneOf(Exercise.class));
    private final Map<Exercise, Verdict> verdicts = new EnumMap<>(Exercise.class);
    private final ReadOnlyObjectWrapper<Exercise> shown = new ReadOnlyObjectWrapper<>(this, "shown");
    private final ReadOnlyObjectWrapper<Verdict> verdict = new ReadOnlyObjectWrapper<>(this, "verdict");
    private final ReadOnlyIntegerWrapper doneCount = new ReadOnlyIntegerWrapper(this, "doneCount");
    private final ReadOnlyBooleanWrapper open = new ReadOnlyBooleanWrapper(this, "open");
    private final ReadOnlyStringWrapper progress = new ReadOnlyStringWrapper(this, "progress");
    private final ReadOnlyStringWrapper heading = new ReadOnlyStringWrapper(this, "heading");
    private final ReadOnlyStringWrapper quote = new ReadOnlyStringWrapper(this, "quote");
    private final ReadOnlyStringWrapper citation = new ReadOnlyStringWrapper(this, "citation");
    private final ReadOnlyStringWrapper steps = new ReadOnlyStringWrapper(this, "steps");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status");
    private final ReadOnlyBooleanWrapper passed = new ReadOnlyBooleanWrapper(this, "passed");
    private final ReadOnlyStringWrapper discussion = new ReadOnlyStringWrapper(this, "discussion", "");
    private final ReadOnlyStringWrapper earlierNote = new ReadOnlyStringWrapper(this, "earlierNote", "");
    private final ReadOnlyStringWrapper memoryTitle = new ReadOnlyStringWrapper(this, "memoryTitle", "");
    private final ReadOnlyStringWrapper memoryTotal = new ReadOnlyStringWrapper(this, "memoryTotal", "");
    private final ReadOnlyStringWrapper gpuNote = new ReadOnlyStringWrapper(this, "gpuNote", "");
    private final ObservableList<Line> findings = FXCollections.observableArrayList();
    private final ObservableList<PickRow> pickRows = FXCollections.observableArrayList();
    private final ObservableList<MemoryRow> memoryRows = FXCollections.observableArrayList();
    private final ObservableList<BatchLine> batchLines = FXCollections.observableArrayList();
    // Kept once: FX's unmodifiable views listen weakly, so a fresh wrapper per call can be collected.
    private final ObservableSet<Exercise> doneView = FXCollections.unmodifiableObservableSet(done);
    private final ObservableList<Line> findingsView = FXCollections.unmodifiableObservableList(findings);
    private final ObservableList<PickRow> pickRowsView = FXCollections.unmodifiableObservableList(pickRows);
    private final ObservableList<MemoryRow> memoryRowsView = FXCollections.unmodifiableObservableList(memoryRows);
    private final ObservableList<BatchLine> batchLinesView = FXCollections.unmodifiableObservableList(batchLines);
    private final ObservableList<RunRecord> recordsView = FXCollections.unmodifiableObservableList(records);
    private Picks picks;

    /**
     * @param editor  the network in the editor
     * @param config  the Train tab's settings (batch size and momentum for exercise 4's memory count)
     */
    public LabViewModel(LabTexts texts, LabStore store, ObservableValue<NetworkSpec> editor,
                        ObservableValue<TrainingConfig> config) {
        this.texts = texts;
        this.store = store;
        this.editor = editor;
        this.config = config;
        records.setAll(store.runs());
        done.addAll(store.done());
        picks = store.picks();
        open.set(store.open());
        // Exercise 4's list and table follow every edit, but only while someone looks at them.
        editor.addListener((o, a, b) -> costsChanged());
        config.addListener((o, a, b) -> costsChanged());
        updateProgress();
        updateEarlierNote();
        select(store.shown());
    }

    // ---- read-only state -----------------------------------------------------------------------

    public LabTexts texts() { return texts; }
    public ReadOnlyObjectProperty<Exercise> shownProperty() { return shown.getReadOnlyProperty(); }
    public Exercise getShown() { return shown.get(); }
    /** The last check of the exercise shown; null before its first check. */
    public ReadOnlyObjectProperty<Verdict> verdictProperty() { return verdict.getReadOnlyProperty(); }
    public Verdict getVerdict() { return verdict.get(); }
    public boolean isDone(Exercise e) { return done.contains(e); }
    /** The exercises passed at least once (they stay done). */
    public ObservableSet<Exercise> done() { return doneView; }
    public ReadOnlyIntegerProperty doneCountProperty() { return doneCount.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty openProperty() { return open.getReadOnlyProperty(); }
    public ReadOnlyStringProperty progressProperty() { return progress.getReadOnlyProperty(); }
    public ReadOnlyStringProperty headingProperty() { return heading.getReadOnlyProperty(); }
    public ReadOnlyStringProperty quoteProperty() { return quote.getReadOnlyProperty(); }
    public ReadOnlyStringProperty citationProperty() { return citation.getReadOnlyProperty(); }
    public ReadOnlyStringProperty stepsProperty() { return steps.getReadOnlyProperty(); }
    /** Done / what is missing / not checked yet. */
    public ReadOnlyStringProperty statusProperty() { return status.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty passedProperty() { return passed.getReadOnlyProperty(); }
    public ReadOnlyStringProperty discussionProperty() { return discussion.getReadOnlyProperty(); }
    public ReadOnlyStringProperty earlierNoteProperty() { return earlierNote.getReadOnlyProperty(); }
    public ObservableList<Line> findings() { return findingsView; }
    public ObservableList<PickRow> pickRows() { return pickRowsView; }
    public ObservableList<MemoryRow> memoryRows() { return memoryRowsView; }
    public ReadOnlyStringProperty memoryTitleProperty() { return memoryTitle.getReadOnlyProperty(); }
    public ReadOnlyStringProperty memoryTotalProperty() { return memoryTotal.getReadOnlyProperty(); }
    public ReadOnlyStringProperty gpuNoteProperty() { return gpuNote.getReadOnlyProperty(); }
    public ObservableList<BatchLine> batchLines() { return batchLinesView; }
    /** The runs the checks read: earlier sessions' first, then this session's, oldest first. */
    public ObservableList<RunRecord> records() { return recordsView; }
    public Picks picks() { return picks; }

    // ---- commands ------------------------------------------------------------------------------

    public void select(Exercise e) {
        shown.set(e);
        store.setShown(e);
        heading.set(texts.fmt("lab.exercise", e.number(), texts.get(e.key() + ".title")));
        quote.set(texts.get(e.key() + ".quote"));
        citation.set(texts.get(e.key() + ".cite") + " · CC BY-SA 4.0");
        steps.set(texts.get(e.key() + ".steps"));
        costsChanged();
        if (!verdicts.containsKey(e) && done.contains(e)) {
            // A done exercise shows its discussion again (after a restart: from the kept runs).
            verdicts.put(e, LabChecks.check(e, input()));
        }
        show(verdicts.get(e));
    }

    public void next() {
        select(Exercise.ofNumber(getShown().number() + 1));
    }

    public void previous() {
        select(Exercise.ofNumber(getShown().number() - 1));
    }

    /** Checks the exercise shown against the app's state now. */
    public Verdict check() {
        Exercise e = getShown();
        Verdict v = LabChecks.check(e, input());
        verdicts.put(e, v);
        if (v.passed() && done.add(e)) {
            store.setDone(done);
            updateProgress();
        }
        show(v);
        return v;
    }

    public void setOpen(boolean value) {
        open.set(value);
        store.setOpen(value);
        costsChanged();
    }

    /** Exercise 4: picks or unpicks layer {@code index} as dominating memory or computation. */
    public void setPicked(boolean forMemory, int index, boolean picked) {
        picks = picks.with(forMemory, index, picked, Networks.fingerprint(editor.getValue()));
        store.setPicks(picks);
        refreshCosts();
    }

    /** Forgets done exercises, answers and earlier sessions' runs; this session's runs stay. */
    public void reset() {
        store.clear();
        records.removeIf(RunRecord::earlier);
        store.setRuns(records);
        done.clear();
        verdicts.clear();
        picks = Picks.NONE;
        updateProgress();
        updateEarlierNote();
        refreshCosts();
        select(Exercise.EPOCHS);
    }

    /** A run ended (called by the run recorder): the checks read it from now on. */
    public void addRecord(RunRecord r) {
        records.removeIf(x -> x.id().equals(r.id()));
        records.add(r);
        store.setRuns(records);
    }

    /** A run was removed from the run list. */
    public void removeRecord(String id) {
        if (records.removeIf(x -> x.id().equals(id))) {
            store.setRuns(records);
        }
    }

    // ---- derived -------------------------------------------------------------------------------

    private LabChecks.LabInput input() {
        TrainingConfig c = config.getValue();
        long gpu = records.isEmpty() ? -1 : records.get(records.size() - 1).gpuPeakBytes();
        return new LabChecks.LabInput(editor.getValue(), List.copyOf(records), picks, c.batchSize(),
                c.momentum() > 0, gpu);
    }

    private void show(Verdict v) {
        verdict.set(v);
        findings.clear();
        batchLines.clear();
        if (v == null) {
            status.set(texts.get("lab.notChecked"));
            passed.set(false);
            discussion.set("");
            return;
        }
        for (Finding f : v.findings()) {
            findings.add(new Line(f.done(), format(f.text())));
        }
        passed.set(v.passed());
        status.set(v.passed() ? texts.get("lab.passed") : texts.fmt("lab.missing", v.missing()));
        List<String> paragraphs = new ArrayList<>();
        for (Msg m : v.discussion()) {
            paragraphs.add(format(m));
        }
        discussion.set(String.join("\n\n", paragraphs));
        for (BatchRow r : v.batches()) {
            batchLines.add(new BatchLine("#" + r.run(), Integer.toString(r.batchSize()),
                    String.format(texts.locale(), "%.3f (%d)", r.testAccuracy(), r.epochs()),
                    Double.isFinite(r.examplesPerSec()) ? String.format(texts.locale(), "%,.0f", r.examplesPerSec()) : "—",
                    LabChecks.mb(r.estimateBytes()), r.peakRssBytes() > 0 ? LabChecks.mb(r.peakRssBytes()) : "—"));
        }
    }

    /** A message in the UI language; {@link Msg} arguments are formatted first. */
    String format(Msg m) {
        Object[] args = m.args().stream().map(a -> a instanceof Msg inner ? format(inner) : a).toArray();
        return texts.fmt(m.key(), args);
    }

    private void updateProgress() {
        doneCount.set(done.size());
        progress.set(texts.fmt("lab.progress", done.size(), Exercise.values().length));
    }

    private void updateEarlierNote() {
        long n = records.stream().filter(RunRecord::earlier).count();
        earlierNote.set(n == 0 ? "" : texts.fmt("lab.earlier", n));
    }

    private void costsChanged() {
        if (open.get() && getShown() == Exercise.COSTS) {
            refreshCosts();
        }
    }

    /** Exercise 4's pick list and memory table for the network in the editor. */
    private void refreshCosts() {
        NetworkSpec spec = editor.getValue();
        NetworkAnalysis a = spec.analyze();
        Picks p = picks.forNetwork(Networks.fingerprint(spec));
        List<PickRow> rows = new ArrayList<>();
        for (LayerReport r : a.layers()) {
            if (r.known() && (r.parameters() > 0 || r.macs() > 0)) {
                rows.add(new PickRow(r.index(), LabChecks.label(r) + "  → " + r.output(),
                        p.memory().contains(r.index()), p.compute().contains(r.index())));
            }
        }
        pickRows.setAll(rows);
        TrainingConfig c = config.getValue();
        List<MemoryRow> mem = new ArrayList<>();
        if (a.isValid()) {
            TrainingMemory m = TrainingMemory.of(a, c.batchSize(), c.momentum() > 0);
            for (TrainingMemory.Layer l : m.layers()) {
                if (l.totalBytes() > 0) {
                    mem.add(new MemoryRow(l.layer().kind() + " #" + l.index(), LabChecks.mb(l.parameterStateBytes()),
                            LabChecks.mb(l.activationStateBytes()), LabChecks.mb(l.totalBytes())));
                }
            }
            memoryTotal.set(texts.fmt("e4.d.training", m.batchSize(), LabChecks.mb(m.weightBytes()),
                    LabChecks.mb(m.weightGradientBytes()), LabChecks.mb(m.momentumBytes()),
                    LabChecks.mb(m.activationBytes()), LabChecks.mb(m.activationGradientBytes()),
                    LabChecks.mb(m.totalBytes())));
        } else {
            memoryTotal.set("");
        }
        memoryRows.setAll(mem);
        memoryTitle.set(texts.fmt("e4.table.title", c.batchSize()));
        long gpu = records.isEmpty() ? -1 : records.get(records.size() - 1).gpuPeakBytes();
        gpuNote.set(gpu > 0 ? texts.fmt("e4.gpu", org.alexnetstudio.ui.Units.megabytes(texts.locale(), gpu)) : texts.get("e4.gpu.none"));
    }

    /** For tests: the exercises done, as saved. */
    Set<Exercise> savedDone() {
        return store.done();
    }
}
