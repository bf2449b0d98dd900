package org.alexnetstudio.ui.explain;

import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Executor;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.alexnetstudio.data.PictureInput;
import org.alexnetstudio.model.NetworkSpec;
import org.alexnetstudio.model.Shape;
import org.alexnetstudio.train.Network;
import org.alexnetstudio.train.explain.ExplainLayers;
import org.alexnetstudio.train.explain.Explainer;
import org.alexnetstudio.train.explain.Heatmaps;
import org.alexnetstudio.train.explain.Occlusion;
import org.alexnetstudio.train.explain.Progress;
import org.alexnetstudio.ui.shared.ExplainRequest;
import org.alexnetstudio.ui.shared.Run;
import org.alexnetstudio.ui.shared.Texts;
import org.alexnetstudio.viz.ArgbImage;
import org.alexnetstudio.viz.GreyImages;
import org.alexnetstudio.viz.HeatmapImages;

/**
 * The Explain tab: why the run's network gave one picture its class. For two classes side by side
 * (the one it chose and, by default, the true one: "why Bag and not Sandal?"): saliency (or
 * SmoothGrad), Grad-CAM on a chosen conv layer, and occlusion sensitivity, laid over the picture with
 * a chosen opacity. Saliency and Grad-CAM come from one backward pass per class, at once; SmoothGrad
 * and occlusion take longer, report progress and can be cancelled. Everything runs on
 * {@code background}; a newer request supersedes the one in flight.
 */
public final class ExplainViewModel {

    /** SmoothGrad's copies and noise level (Smilkov et al.: 10–20 % of the range; 25 copies is plenty). */
    public static final int SMOOTH_SAMPLES = 25;
    public static final double SMOOTH_LEVEL = 0.15;

    /** One class's row: its three maps over the picture, with captions (an image is null while computing). */
    public record Row(int cls, ArgbImage saliency, String saliencyCaption, ArgbImage gradCam, String gradCamCaption,
                      ArgbImage occlusion, String occlusionCaption) {
    }

    private final Texts texts;
    private final Executor background;
    private final Executor ui;

    private final ReadOnlyObjectWrapper<Run> run = new ReadOnlyObjectWrapper<>(this, "run");
    private final ReadOnlyObjectWrapper<ExplainRequest> request = new ReadOnlyObjectWrapper<>(this, "request");
    private final ReadOnlyStringWrapper title = new ReadOnlyStringWrapper(this, "title", "");
    private final ReadOnlyStringWrapper verdict = new ReadOnlyStringWrapper(this, "verdict", "");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    private final ReadOnlyObjectWrapper<ArgbImage> inputImage = new ReadOnlyObjectWrapper<>(this, "inputImage");
    private final ReadOnlyObjectWrapper<float[]> probabilities = new ReadOnlyObjectWrapper<>(this, "probabilities");
    private final ReadOnlyIntegerWrapper classes = new ReadOnlyIntegerWrapper(this, "classes", 0);
    private final ReadOnlyIntegerWrapper classA = new ReadOnlyIntegerWrapper(this, "classA", -1);
    private final ReadOnlyIntegerWrapper classB = new ReadOnlyIntegerWrapper(this, "classB", -1);
    private final ObservableList<Integer> convLayers = FXCollections.observableArrayList();
    private final ObservableList<Integer> convLayersView = FXCollections.unmodifiableObservableList(convLayers);
    private final ReadOnlyIntegerWrapper conv = new ReadOnlyIntegerWrapper(this, "conv", -1);
    private final ReadOnlyDoubleWrapper opacity = new ReadOnlyDoubleWrapper(this, "opacity", 0.5);
    private final ReadOnlyBooleanWrapper smoothGrad = new ReadOnlyBooleanWrapper(this, "smoothGrad", false);
    private final ReadOnlyIntegerWrapper patch = new ReadOnlyIntegerWrapper(this, "patch", 4);
    private final ReadOnlyIntegerWrapper stride = new ReadOnlyIntegerWrapper(this, "stride", 2);
    private final ReadOnlyObjectWrapper<Row> rowA = new ReadOnlyObjectWrapper<>(this, "rowA");
    private final ReadOnlyObjectWrapper<Row> rowB = new ReadOnlyObjectWrapper<>(this, "rowB");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy", false);
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(this, "progress", 0);
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");

    /** What was computed for the current picture (UI thread only). */
    private float[] input;
    private int size;
    private Explainer explainer;
    /** The network whose layers and classes the choices were made for. */
    private Network adopted;
    private final java.util.Map<Integer, Explainer.Gradients> gradients = new java.util.HashMap<>();
    private final java.util.Map<Integer, float[]> smooth = new java.util.HashMap<>();
    private Occlusion.Result occlusion;
    private boolean classAChosen;
    private boolean classBChosen;
    /** Incremented by every new piece of work; older work sees it changed and stops. */
    private volatile long generation;
    private volatile boolean cancelRequested;

    public ExplainViewModel(Texts texts, Executor background, Executor ui) {
        this.texts = texts;
        this.background = background;
        this.ui = ui;
        message.set(texts.get("explain.empty"));
    }

    public ReadOnlyObjectProperty<Run> runProperty() { return run.getReadOnlyProperty(); }
    public ReadOnlyObjectProperty<ExplainRequest> requestProperty() { return request.getReadOnlyProperty(); }
    public ReadOnlyStringProperty titleProperty() { return title.getReadOnlyProperty(); }
    /** "predicted Bag (87.0 %) · true Sandal". */
    public ReadOnlyStringProperty verdictProperty() { return verdict.getReadOnlyProperty(); }
    /** Why nothing is shown (no picture yet, no network, …); empty when maps are shown. */
    public ReadOnlyStringProperty messageProperty() { return message.getReadOnlyProperty(); }
    public ReadOnlyObjectProperty<ArgbImage> inputImageProperty() { return inputImage.getReadOnlyProperty(); }
    public ReadOnlyObjectProperty<float[]> probabilitiesProperty() { return probabilities.getReadOnlyProperty(); }
    /** How many classes the network scores (the class choosers' items). */
    public ReadOnlyIntegerProperty classesProperty() { return classes.getReadOnlyProperty(); }
    public ReadOnlyIntegerProperty classAProperty() { return classA.getReadOnlyProperty(); }
    /** The compared class, −1 for none. */
    public ReadOnlyIntegerProperty classBProperty() { return classB.getReadOnlyProperty(); }
    /** Indices of the network's conv layers (Grad-CAM's choices). */
    public ObservableList<Integer> convLayers() { return convLayersView; }
    /** Grad-CAM's conv layer, −1 when the network has none. */
    public ReadOnlyIntegerProperty convProperty() { return conv.getReadOnlyProperty(); }
    public ReadOnlyDoubleProperty opacityProperty() { return opacity.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty smoothGradProperty() { return smoothGrad.getReadOnlyProperty(); }
    public ReadOnlyIntegerProperty patchProperty() { return patch.getReadOnlyProperty(); }
    public ReadOnlyIntegerProperty strideProperty() { return stride.getReadOnlyProperty(); }
    public ReadOnlyObjectProperty<Row> rowAProperty() { return rowA.getReadOnlyProperty(); }
    public ReadOnlyObjectProperty<Row> rowBProperty() { return rowB.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty busyProperty() { return busy.getReadOnlyProperty(); }
    /** The long part in flight (SmoothGrad, occlusion), 0..1. */
    public ReadOnlyDoubleProperty progressProperty() { return progress.getReadOnlyProperty(); }
    public ReadOnlyStringProperty statusProperty() { return status.getReadOnlyProperty(); }

    /** The run whose network explains (the current run); the picture shown is explained again. */
    public void setRun(Run r) {
        run.set(r);
        start(true);
    }

    /**
     * The choices that depend on the network (its conv layers, classes, a patch for its input size),
     * made again when the network is another one: a run's network exists only once its training starts.
     */
    private void adopt(Network net) {
        if (net == adopted) {
            return;
        }
        adopted = net;
        NetworkSpec spec = net == null ? null : net.spec();
        convLayers.setAll(spec == null ? List.of() : ExplainLayers.convLayers(spec));
        conv.set(spec == null ? -1 : ExplainLayers.lastConv(spec));
        classes.set(net == null ? 0 : net.classes());
        if (spec != null && spec.input().isSpatial()) {
            int p = Explainer.defaultPatch(spec.input().height());
            patch.set(p);
            stride.set(Explainer.defaultStride(p));
        }
    }

    /** After an epoch: the same network has new weights, so the picture is explained again. */
    public void refresh() {
        start(true);
    }

    /** Explains a picture: the network's choice against its true class (or its second choice). */
    public void show(ExplainRequest r) {
        request.set(r);
        classAChosen = false;
        classBChosen = false;
        start(true);
    }

    /** The first row's class. */
    public void chooseClassA(int c) {
        if (c == classA.get() && classAChosen) {
            return;
        }
        classA.set(c);
        classAChosen = true;
        start(false);
    }

    /** The second row's class, −1 for none. */
    public void chooseClassB(int c) {
        if (c == classB.get() && classBChosen) {
            return;
        }
        classB.set(c);
        classBChosen = true;
        start(false);
    }

    /** Grad-CAM's conv layer (an index of {@link #convLayers()}). */
    public void chooseLayer(int convLayer) {
        if (convLayer == conv.get() || !convLayers.contains(convLayer)) {
            return;
        }
        conv.set(convLayer);
        gradients.clear();
        start(false);
    }

    /** The maps' share of each pixel, 0..1: only redraws. */
    public void setOpacity(double a) {
        opacity.set(Math.max(0, Math.min(1, a)));
        render();
    }

    public void setSmoothGrad(boolean on) {
        if (on == smoothGrad.get()) {
            return;
        }
        smoothGrad.set(on);
        start(false);
    }

    /** Occlusion's patch side and stride in input pixels (at least 1 each). */
    public void setOcclusion(int patchSide, int step) {
        int p = Math.max(1, patchSide);
        int s = Math.max(1, step);
        if (p == patch.get() && s == stride.get()) {
            return;
        }
        patch.set(p);
        stride.set(s);
        occlusion = null;
        start(false);
    }

    /** Stops SmoothGrad or occlusion; what was computed stays. */
    public void cancel() {
        cancelRequested = true;
    }

    private Network network() {
        Run r = run.get();
        return r == null ? null : r.network();
    }

    /**
     * Starts the work for the current picture, classes and settings; {@code fresh}: the picture or the
     * network changed, so nothing computed before still holds.
     */
    private void start(boolean fresh) {
        long gen = ++generation;
        cancelRequested = false;
        ExplainRequest r = request.get();
        Network net = network();
        if (net != adopted) {
            adopt(net);
            fresh = true;
        }
        if (fresh) {
            gradients.clear();
            smooth.clear();
            occlusion = null;
            input = null;
            explainer = null;
            probabilities.set(null);
            rowA.set(null);
            rowB.set(null);
        }
        if (r == null || net == null) {
            busy.set(false);
            inputImage.set(r == null ? null : GreyImages.fromBytes(r.item(), 0, PictureInput.ITEM, PictureInput.ITEM));
            title.set(r == null ? "" : r.title());
            verdict.set("");
            message.set(texts.get(r == null ? "explain.empty" : "explain.noNetwork"));
            return;
        }
        Shape in = net.spec().input();
        if (!in.isSpatial() || in.channels() != 1 || in.height() != in.width() || net.classes() == 0) {
            busy.set(false);
            message.set(texts.fmt("explain.unsupported", in));
            return;
        }
        if (explainer == null) {
            explainer = new Explainer(net);
            size = in.height();
            input = PictureInput.networkInput(r.item(), size);
        }
        title.set(r.title());
        inputImage.set(GreyImages.fromFloats(input, 0, size, size));
        message.set("");
        Explainer ex = explainer;
        float[] x = input;
        int camLayer = conv.get() < 0 ? -1 : ExplainLayers.camLayer(net.spec(), conv.get());
        boolean wantSmooth = smoothGrad.get();
        boolean wantOcclusion = occlusion == null;
        int p = patch.get();
        int s = stride.get();
        boolean chosenA = classAChosen;
        boolean chosenB = classBChosen;
        int a0 = classA.get();
        int b0 = classB.get();
        int trueLabel = r.trueLabel();
        java.util.Set<Integer> haveGradients = new java.util.HashSet<>(gradients.keySet());
        java.util.Set<Integer> haveSmooth = new java.util.HashSet<>(smooth.keySet());
        busy.set(true);
        progress.set(0);
        status.set(texts.get("explain.computing"));
        render();
        Progress tracker = new Progress() {
            @Override
            public void report(int done, int total) {
            }

            @Override
            public boolean cancelled() {
                return generation != gen || cancelRequested; // read across threads: a late stop costs one step
            }
        };
        background.execute(() -> {
            try {
                float[] probs = ex.network().predict(x, 1)[0];
                int predicted = argmax(probs, -1);
                int a = chosenA ? a0 : predicted;
                int b = chosenB ? b0 : trueLabel >= 0 && trueLabel != a && trueLabel < probs.length ? trueLabel
                        : argmax(probs, a);
                java.util.Map<Integer, Explainer.Gradients> fresh2 = new java.util.HashMap<>();
                for (int c : new int[]{a, b}) {
                    if (c >= 0 && !haveGradients.contains(c) && !fresh2.containsKey(c)) {
                        fresh2.put(c, ex.gradients(x, c, camLayer));
                    }
                }
                post(gen, () -> {
                    probabilities.set(probs);
                    classA.set(a);
                    classB.set(b);
                    gradients.putAll(fresh2);
                    verdict.set(trueLabel >= 0
                            ? texts.fmt("explain.verdictTrue", texts.className(predicted), probs[predicted] * 100,
                                    texts.className(trueLabel))
                            : texts.fmt("explain.verdict", texts.className(predicted), probs[predicted] * 100));
                    render();
                });
                if (wantSmooth) {
                    for (int c : new int[]{a, b}) {
                        if (c < 0 || haveSmooth.contains(c)) {
                            continue;
                        }
                        String what = texts.fmt("explain.smoothProgress", texts.className(c));
                        float[] m = ex.smoothGrad(x, c, SMOOTH_SAMPLES, SMOOTH_LEVEL, 1,
                                reporting(gen, what, tracker));
                        post(gen, () -> {
                            smooth.put(c, m);
                            render();
                        });
                    }
                }
                if (wantOcclusion) {
                    Occlusion.Result o = ex.occlusion(x, p, s, reporting(gen, texts.get("explain.occlusionProgress"),
                            tracker));
                    post(gen, () -> {
                        occlusion = o;
                        render();
                    });
                }
                post(gen, () -> {
                    busy.set(false);
                    progress.set(1);
                    status.set("");
                });
            } catch (CancellationException e) {
                ui.execute(() -> {
                    if (generation == gen) {
                        busy.set(false);
                        status.set(texts.get("explain.cancelled"));
                        render();
                    }
                });
            } catch (RuntimeException e) {
                String text = e.getMessage() == null ? e.toString() : e.getMessage();
                ui.execute(() -> {
                    if (generation == gen) {
                        busy.set(false);
                        status.set("");
                        message.set(texts.fmt("explain.failed", text));
                    }
                });
            }
        });
    }

    /** A Progress that shows "what done/total" and the fraction, and stops with {@code tracker}. */
    private Progress reporting(long gen, String what, Progress tracker) {
        return new Progress() {
            @Override
            public void report(int done, int total) {
                post(gen, () -> {
                    progress.set(total == 0 ? 0 : (double) done / total);
                    status.set(texts.fmt("explain.progress", what, done, total));
                });
            }

            @Override
            public boolean cancelled() {
                return tracker.cancelled();
            }
        };
    }

    private void post(long gen, Runnable action) {
        ui.execute(() -> {
            if (generation == gen) {
                action.run();
            }
        });
    }

    /** The rows from what has been computed, at the current opacity. */
    private void render() {
        if (input == null) {
            rowA.set(null);
            rowB.set(null);
            return;
        }
        rowA.set(row(classA.get()));
        rowB.set(classB.get() < 0 ? null : row(classB.get()));
    }

    private Row row(int c) {
        if (c < 0) {
            return null;
        }
        String name = texts.className(c);
        Explainer.Gradients g = gradients.get(c);
        float[] sal = smoothGrad.get() ? smooth.get(c) : g == null ? null : g.saliency();
        ArgbImage salImage = sal == null ? null : overlay(Heatmaps.normalise(sal), false);
        String salCaption = sal == null ? texts.get("explain.computing")
                : texts.fmt(smoothGrad.get() ? "explain.smoothCaption" : "explain.saliencyCaption", name,
                        Heatmaps.max(sal), SMOOTH_SAMPLES);
        ArgbImage camImage = null;
        String camCaption;
        if (conv.get() < 0) {
            camCaption = texts.get("explain.noConv");
        } else if (g == null || g.gradCam() == null) {
            camCaption = texts.get("explain.computing");
        } else {
            camImage = overlay(Heatmaps.normalise(g.gradCam()), false);
            camCaption = Heatmaps.max(g.gradCam()) == 0 ? texts.fmt("explain.gradCamZero", name, conv.get())
                    : texts.fmt("explain.gradCamCaption", name, g.camLayer(), conv.get(), g.camH(), g.camW(),
                            Heatmaps.max(g.gradCam()));
        }
        ArgbImage occImage = null;
        String occCaption;
        if (occlusion == null) {
            occCaption = texts.get("explain.computing");
        } else {
            float[] m = occlusion.map(c);
            occImage = overlay(Heatmaps.normaliseSigned(m), true);
            occCaption = occlusionCaption(texts, name, occlusion.patch(), occlusion.stride(), occlusion.original()[c], m);
        }
        return new Row(c, salImage, salCaption, camImage, camCaption, occImage, occCaption);
    }

    /**
     * The occlusion map's caption: the class's probability, the patch, and how far hiding a part moves it
     * (a drop, and a rise where hiding a part helps the class: blue on the map).
     */
    static String occlusionCaption(Texts texts, String name, int patch, int stride, float probability, float[] drops) {
        float most = 0;
        float least = 0;
        for (float v : drops) {
            most = Math.max(most, v);
            least = Math.min(least, v);
        }
        return -least * 100 >= 0.05f
                ? texts.fmt("explain.occlusionCaptionBoth", name, patch, stride, probability * 100, most * 100, -least * 100)
                : texts.fmt("explain.occlusionCaption", name, patch, stride, probability * 100, most * 100);
    }

    private ArgbImage overlay(float[] map, boolean signed) {
        return HeatmapImages.overlay(input, 1, map, size, size, signed, opacity.get());
    }

    /** The most probable class other than {@code except} (−1: none excepted). */
    private static int argmax(float[] p, int except) {
        int best = -1;
        for (int c = 0; c < p.length; c++) {
            if (c != except && (best < 0 || p[c] > p[best])) {
                best = c;
            }
        }
        return best;
    }
}
