package org.alexnetstudio.ui.predict;

import java.nio.file.Path;
import java.util.concurrent.Executor;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import org.alexnetstudio.data.DataException;
import org.alexnetstudio.data.PictureInput;
import org.alexnetstudio.train.Network;
import org.alexnetstudio.ui.shared.Run;
import org.alexnetstudio.ui.shared.Texts;
import org.alexnetstudio.viz.ArgbImage;
import org.alexnetstudio.viz.GreyImages;

/**
 * The Predict tab: a drawing or a picture becomes a 28×28 white-on-black item like Fashion-MNIST,
 * is resized the way the run's network was trained, and the network's class probabilities come
 * back. Reading files and predicting run on {@code background}.
 */
public final class PredictViewModel {

    private final Texts texts;
    private final Executor background;
    private final Executor ui;
    private final ReadOnlyObjectWrapper<Run> run = new ReadOnlyObjectWrapper<>(this, "run");
    private final ReadOnlyObjectWrapper<ArgbImage> networkView = new ReadOnlyObjectWrapper<>(this, "networkView");
    private final ReadOnlyObjectWrapper<float[]> probabilities = new ReadOnlyObjectWrapper<>(this, "probabilities");
    private final ReadOnlyStringWrapper verdict = new ReadOnlyStringWrapper(this, "verdict", "");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error", "");
    private byte[] item;
    private String itemTitle = "";
    private long generation;
    private java.util.function.Consumer<org.alexnetstudio.ui.shared.ExplainRequest> onExplain = r -> { };

    public PredictViewModel(Texts texts, Executor background, Executor ui) {
        this.texts = texts;
        this.background = background;
        this.ui = ui;
        verdict.set(texts.get("predict.noModel"));
    }

    public ReadOnlyObjectProperty<Run> runProperty() { return run.getReadOnlyProperty(); }
    /** The image as the network sees it: grey, resized to the run's input size. */
    public ReadOnlyObjectProperty<ArgbImage> networkViewProperty() { return networkView.getReadOnlyProperty(); }
    public ReadOnlyObjectProperty<float[]> probabilitiesProperty() { return probabilities.getReadOnlyProperty(); }
    public ReadOnlyStringProperty verdictProperty() { return verdict.getReadOnlyProperty(); }
    public ReadOnlyStringProperty errorProperty() { return error.getReadOnlyProperty(); }

    public void setRun(Run r) {
        run.set(r);
        if (item != null) {
            predict(item, itemTitle);
        } else {
            verdict.set(texts.get(r == null || r.network() == null ? "predict.noModel" : "predict.draw"));
        }
    }

    /** A drawing's pixels (ARGB, any size; white strokes on black). */
    public void predictDrawing(int[] argb, int width, int height) {
        predict(PictureInput.item(argb, width, height));
    }

    /** Where "Why?" sends the picture shown (the Explain tab). */
    public void setOnExplain(java.util.function.Consumer<org.alexnetstudio.ui.shared.ExplainRequest> action) {
        onExplain = action == null ? r -> { } : action;
    }

    /** "Why?": the picture on screen (a drawing or a file) to the Explain tab; nothing without one. */
    public void explain() {
        if (item != null) {
            onExplain.accept(new org.alexnetstudio.ui.shared.ExplainRequest(item, itemTitle, -1));
        }
    }

    public void predictFile(Path file) {
        background.execute(() -> {
            try {
                byte[] px = PictureInput.read(file);
                String name = file.getFileName().toString();
                ui.execute(() -> {
                    error.set("");
                    predict(px, name);
                });
            } catch (DataException e) {
                String m = e.getMessage(); // names the file and says what is wrong with it
                ui.execute(() -> error.set(m));
            } catch (RuntimeException e) {
                String m = e.getMessage() == null ? e.toString() : e.getMessage();
                ui.execute(() -> error.set(texts.fmt("predict.openFailed", file.getFileName(), m)));
            }
        });
    }

    /** A 28×28 unsigned-byte item, white on black (a drawing). */
    public void predict(byte[] pixels28) {
        predict(pixels28, texts.get("predict.drawing"));
    }

    /** A 28×28 unsigned-byte item, white on black, and what it is (for the Explain tab's title). */
    public void predict(byte[] pixels28, String title) {
        item = pixels28;
        itemTitle = title;
        Run r = run.get();
        int resize = r == null ? PictureInput.ITEM : r.config().resize();
        float[] input = PictureInput.networkInput(pixels28, resize);
        networkView.set(GreyImages.fromFloats(input, 0, resize, resize));
        Network net = r == null ? null : r.network();
        if (net == null) {
            probabilities.set(null);
            verdict.set(texts.get("predict.noModel"));
            return;
        }
        long mine = ++generation;
        background.execute(() -> {
            try {
                float[] p = net.predict(input, 1)[0];
                ui.execute(() -> {
                    if (mine == generation) {
                        show(p);
                    }
                });
            } catch (RuntimeException e) {
                String m = e.getMessage() == null ? e.toString() : e.getMessage();
                ui.execute(() -> error.set(m));
            }
        });
    }

    private void show(float[] p) {
        probabilities.set(p);
        int best = 0;
        for (int k = 1; k < p.length; k++) {
            if (p[k] > p[best]) {
                best = k;
            }
        }
        verdict.set(texts.fmt("predict.verdict", texts.className(best), p[best] * 100));
    }

    public void clear() {
        item = null;
        generation++;
        probabilities.set(null);
        networkView.set(null);
        verdict.set(texts.get(run.get() == null || run.get().network() == null ? "predict.noModel" : "predict.draw"));
    }
}
