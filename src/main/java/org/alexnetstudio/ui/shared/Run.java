package org.alexnetstudio.ui.shared;

import java.util.ArrayList;
import java.util.List;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.alexnetstudio.data.ImageSet;
import org.alexnetstudio.model.NetworkSpec;
import org.alexnetstudio.train.EpochMetrics;
import org.alexnetstudio.train.EpochResult;
import org.alexnetstudio.train.FinalMetrics;
import org.alexnetstudio.train.Network;
import org.alexnetstudio.train.TrainingConfig;
import org.alexnetstudio.train.TrainingSession;

/**
 * One training run as the window keeps it: its settings, curves, results and network. Lives on the
 * JavaFX thread; the training view model fills it from coalesced listener events (its setters are for
 * that view model only; the other tabs read). In ui.shared so that the tabs that show a run and the
 * training tabs that create them do not depend on each other.
 */
public final class Run {

    /** Where a run stands. */
    public enum Status { STARTING, RUNNING, PAUSED, FINISHED, STOPPED, FAILED }

    /** A chart point: x in epochs (fractional), y a loss or an accuracy. */
    public record Point(double epoch, double value) {
    }

    private final int number;
    private final NetworkSpec spec;
    private final TrainingConfig config;
    private final String dataDescription;
    private final ImageSet testSet;
    private final ObservableList<Point> trainLoss = FXCollections.observableArrayList();
    private final ObservableList<Point> trainAccuracy = FXCollections.observableArrayList();
    private final ObservableList<Point> testAccuracy = FXCollections.observableArrayList();
    private final List<EpochMetrics> epochs = new ArrayList<>();
    /** Every conv layer's weights: before training, then after each epoch (bounded). */
    private final FilterHistory filterHistory;
    private final BooleanProperty visible = new SimpleBooleanProperty(this, "visible", true);
    private final ReadOnlyObjectWrapper<Status> status = new ReadOnlyObjectWrapper<>(this, "status", Status.STARTING);
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper(this, "summary", "");
    private final ReadOnlyObjectWrapper<EpochResult> lastEpoch = new ReadOnlyObjectWrapper<>(this, "lastEpoch");
    private FinalMetrics result;
    private String error;
    private String device = "";
    private TrainingSession session;
    private Network loadedNetwork;
    private java.nio.file.Path autosaveFile;
    /** Finished epochs when the weights were last saved (checkpoint or .npz); -1 when never. */
    private int savedEpochs = -1;

    public Run(int number, NetworkSpec spec, TrainingConfig config, String dataDescription, ImageSet testSet) {
        this(number, spec, config, dataDescription, testSet, new FilterHistory());
    }

    /** A run whose filter history has its own memory budget. */
    public Run(int number, NetworkSpec spec, TrainingConfig config, String dataDescription, ImageSet testSet,
               FilterHistory filterHistory) {
        this.filterHistory = filterHistory;
        this.number = number;
        this.spec = spec;
        this.config = config;
        this.dataDescription = dataDescription;
        this.testSet = testSet;
    }

    public int number() { return number; }
    public NetworkSpec spec() { return spec; }
    public TrainingConfig config() { return config; }
    public String dataDescription() { return dataDescription; }
    /** The test images the run evaluates on (indices in results refer to it); null for a loaded checkpoint. */
    public ImageSet testSet() { return testSet; }
    public ObservableList<Point> trainLoss() { return trainLoss; }
    public ObservableList<Point> trainAccuracy() { return trainAccuracy; }
    public ObservableList<Point> testAccuracy() { return testAccuracy; }
    public List<EpochMetrics> epochs() { return epochs; }
    public FilterHistory filterHistory() { return filterHistory; }
    public BooleanProperty visibleProperty() { return visible; }
    public ReadOnlyObjectProperty<Status> statusProperty() { return status.getReadOnlyProperty(); }
    public Status status() { return status.get(); }
    public ReadOnlyStringProperty summaryProperty() { return summary.getReadOnlyProperty(); }
    public ReadOnlyObjectProperty<EpochResult> lastEpochProperty() { return lastEpoch.getReadOnlyProperty(); }
    public EpochResult lastEpoch() { return lastEpoch.get(); }
    public FinalMetrics result() { return result; }
    public String error() { return error; }
    public String device() { return device; }
    public TrainingSession session() { return session; }

    /** The network to predict with: the session's, or the loaded checkpoint's; null before it is built. */
    public Network network() {
        if (loadedNetwork != null) {
            return loadedNetwork;
        }
        return session == null ? null : session.network();
    }

    /** The run's automatic checkpoint (null when autosave is off or nothing was written yet). */
    public java.nio.file.Path autosaveFile() { return autosaveFile; }

    /**
     * Whether closing the window would lose trained weights: a run trained in this window (not a
     * loaded checkpoint) that is still going, or whose finished epochs were never saved.
     */
    public boolean needsSaving() {
        if (session == null) {
            return false;
        }
        Status s = status();
        if (s == Status.RUNNING || s == Status.PAUSED || s == Status.STARTING) {
            return session.network() != null;
        }
        return !epochs.isEmpty() && savedEpochs < epochs.size();
    }

    public void setSession(TrainingSession s) { session = s; }
    public void setAutosaveFile(java.nio.file.Path f) { autosaveFile = f; }
    public void markSaved() { savedEpochs = epochs.size(); }
    public void setLoadedNetwork(Network n) { loadedNetwork = n; }
    public void setStatus(Status s) { status.set(s); }
    public void setSummary(String s) { summary.set(s); }
    public void setLastEpoch(EpochResult r) { lastEpoch.set(r); }
    public void setResult(FinalMetrics m) { result = m; }
    public void setError(String e) { error = e; }
    public void setDevice(String d) { device = d; }
}
