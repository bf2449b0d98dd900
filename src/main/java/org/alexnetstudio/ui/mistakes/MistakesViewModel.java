package org.alexnetstudio.ui.mistakes;

import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Executor;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.alexnetstudio.data.ImageSet;
import org.alexnetstudio.data.Resize;
import org.alexnetstudio.train.EpochResult;
import org.alexnetstudio.train.Misclassified;
import org.alexnetstudio.train.Network;
import org.alexnetstudio.ui.shared.Run;
import org.alexnetstudio.ui.shared.Texts;
import org.alexnetstudio.viz.ArgbImage;
import org.alexnetstudio.viz.GreyImages;

/**
 * The Mistakes tab: the test images the latest epoch got wrong (filterable by true and predicted
 * class, sorted by confidence), the confusion matrix and per-class accuracy. Selecting an image
 * asks the network for its class probabilities on {@code background}.
 */
public final class MistakesViewModel {

    /** Any class, for the filters. */
    public static final int ANY = -1;

    private final Texts texts;
    private final Executor background;
    private final Executor ui;

    private final ReadOnlyObjectWrapper<Run> run = new ReadOnlyObjectWrapper<>(this, "run");
    private final ReadOnlyObjectWrapper<EpochResult> result = new ReadOnlyObjectWrapper<>(this, "result");
    private final ObservableList<Misclassified> shown = FXCollections.observableArrayList();
    // Kept once: FX's unmodifiable views listen weakly, so a fresh wrapper per call can be collected.
    private final ObservableList<Misclassified> shownView;
    private final ReadOnlyIntegerWrapper trueFilter = new ReadOnlyIntegerWrapper(this, "trueFilter", ANY);
    private final ReadOnlyIntegerWrapper predictedFilter = new ReadOnlyIntegerWrapper(this, "predictedFilter", ANY);
    private final ReadOnlyBooleanWrapper mostConfidentFirst = new ReadOnlyBooleanWrapper(this, "mostConfidentFirst", true);
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper(this, "summary", "");
    private final ReadOnlyObjectWrapper<Misclassified> selected = new ReadOnlyObjectWrapper<>(this, "selected");
    private final ReadOnlyObjectWrapper<float[]> probabilities = new ReadOnlyObjectWrapper<>(this, "probabilities");
    private final ReadOnlyObjectWrapper<ArgbImage> selectedImage = new ReadOnlyObjectWrapper<>(this, "selectedImage");
    private java.util.function.Consumer<org.alexnetstudio.ui.shared.ExplainRequest> onExplain = r -> { };

    public MistakesViewModel(Texts texts, Executor background, Executor ui) {
        this.texts = texts;
        this.background = background;
        this.ui = ui;
        shownView = FXCollections.unmodifiableObservableList(shown);
        summary.set(texts.get("mistakes.none"));
    }

    public ReadOnlyObjectProperty<Run> runProperty() { return run.getReadOnlyProperty(); }
    public ReadOnlyObjectProperty<EpochResult> resultProperty() { return result.getReadOnlyProperty(); }
    public EpochResult getResult() { return result.get(); }
    /** The gallery: misclassified test images after filtering and sorting. */
    public ObservableList<Misclassified> shown() { return shownView; }
    public ReadOnlyIntegerProperty trueFilterProperty() { return trueFilter.getReadOnlyProperty(); }
    public ReadOnlyIntegerProperty predictedFilterProperty() { return predictedFilter.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty mostConfidentFirstProperty() { return mostConfidentFirst.getReadOnlyProperty(); }
    public ReadOnlyStringProperty summaryProperty() { return summary.getReadOnlyProperty(); }
    public ReadOnlyObjectProperty<Misclassified> selectedProperty() { return selected.getReadOnlyProperty(); }
    /** The selected image's class probabilities (null until computed). */
    public ReadOnlyObjectProperty<float[]> probabilitiesProperty() { return probabilities.getReadOnlyProperty(); }
    public ReadOnlyObjectProperty<ArgbImage> selectedImageProperty() { return selectedImage.getReadOnlyProperty(); }

    public void setRun(Run r) {
        run.set(r);
        refresh();
    }

    /** After an epoch: the latest result of the shown run. */
    public void refresh() {
        Run r = run.get();
        result.set(r == null ? null : r.lastEpoch());
        selected.set(null);
        probabilities.set(null);
        selectedImage.set(null);
        apply();
    }

    public void filterTrue(int label) {
        trueFilter.set(label);
        apply();
    }

    public void filterPredicted(int label) {
        predictedFilter.set(label);
        apply();
    }

    /** A confusion-matrix cell: the images of class {@code actual} predicted as {@code predicted}. */
    public void openCell(int actual, int predicted) {
        trueFilter.set(actual);
        predictedFilter.set(predicted);
        apply();
    }

    public void sortMostConfidentFirst(boolean first) {
        mostConfidentFirst.set(first);
        apply();
    }

    /** Every misclassified test image of the result (unfiltered). */
    public int misclassifiedCount() {
        EpochResult r = result.get();
        return r == null ? 0 : r.misclassified().size();
    }

    /** Test images in the result (the confusion matrix's total). */
    public int testCount() {
        EpochResult r = result.get();
        if (r == null) {
            return 0;
        }
        int n = 0;
        for (int[] row : r.confusion()) {
            for (int v : row) {
                n += v;
            }
        }
        return n;
    }

    private void apply() {
        EpochResult r = result.get();
        if (r == null) {
            shown.clear();
            summary.set(texts.get(run.get() == null ? "mistakes.none" : "mistakes.waiting"));
            return;
        }
        Comparator<Misclassified> order = Comparator.comparingDouble(Misclassified::confidence);
        if (mostConfidentFirst.get()) {
            order = order.reversed();
        }
        List<Misclassified> list = r.misclassified().stream()
                .filter(m -> trueFilter.get() == ANY || m.trueLabel() == trueFilter.get())
                .filter(m -> predictedFilter.get() == ANY || m.predicted() == predictedFilter.get())
                .sorted(order.thenComparingInt(Misclassified::index))
                .toList();
        shown.setAll(list);
        summary.set(texts.fmt("mistakes.summary", r.epoch(), misclassifiedCount(), testCount(), r.testAccuracy(),
                list.size()));
    }

    /** The 28×28 test image behind a gallery entry. */
    public ArgbImage image(Misclassified m) {
        ImageSet test = run.get() == null ? null : run.get().testSet();
        if (test == null) {
            return new ArgbImage(0, 0, new int[0]);
        }
        int px = test.rows() * test.cols();
        return GreyImages.fromBytes(test.pixels(), m.index() * px, test.cols(), test.rows());
    }

    /** Where "Why?" sends an image (the Explain tab). */
    public void setOnExplain(java.util.function.Consumer<org.alexnetstudio.ui.shared.ExplainRequest> action) {
        onExplain = action == null ? r -> { } : action;
    }

    /** "Why?": selects the image and asks for its explanation (predicted against true class). */
    public void explain(Misclassified m) {
        Run r = run.get();
        if (m == null || r == null || r.testSet() == null) {
            return;
        }
        select(m);
        ImageSet test = r.testSet();
        int px = test.rows() * test.cols();
        byte[] item = java.util.Arrays.copyOfRange(test.pixels(), m.index() * px, (m.index() + 1) * px);
        onExplain.accept(new org.alexnetstudio.ui.shared.ExplainRequest(item,
                texts.fmt("explain.testImage", m.index()),
                m.trueLabel()));
    }

    /** Shows one image's class probabilities from the run's current network. */
    public void select(Misclassified m) {
        selected.set(m);
        probabilities.set(null);
        Run r = run.get();
        if (m == null || r == null || r.testSet() == null || r.network() == null) {
            selectedImage.set(null);
            return;
        }
        ImageSet test = r.testSet();
        int resize = r.config().resize();
        float[] input = new float[resize * resize];
        Resize.bilinear(test.pixels(), m.index() * test.rows() * test.cols(), test.rows(), test.cols(), resize,
                input, 0);
        selectedImage.set(GreyImages.fromFloats(input, 0, resize, resize));
        Network net = r.network();
        background.execute(() -> {
            float[] p = net.predict(input, 1)[0];
            ui.execute(() -> {
                if (selected.get() == m) {
                    probabilities.set(p);
                }
            });
        });
    }
}
