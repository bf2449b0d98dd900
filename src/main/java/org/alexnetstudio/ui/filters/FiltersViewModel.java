package org.alexnetstudio.ui.filters;

import java.util.List;
import java.util.concurrent.Executor;
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
import org.alexnetstudio.model.Shape;
import org.alexnetstudio.train.ConvWeights;
import org.alexnetstudio.train.FeatureMap;
import org.alexnetstudio.train.Network;
import org.alexnetstudio.ui.shared.FilterHistory;
import org.alexnetstudio.ui.shared.Run;
import org.alexnetstudio.ui.shared.Texts;
import org.alexnetstudio.viz.ArgbImage;
import org.alexnetstudio.viz.Colormap;
import org.alexnetstudio.viz.FeatureMapImages;
import org.alexnetstudio.viz.GreyImages;
import org.alexnetstudio.viz.KernelImages;

/**
 * The Filters tab: a run's conv kernels as tiles, every conv layer replayable epoch by epoch from
 * the run's {@link FilterHistory}, and a test image's feature maps through every layer; network
 * calls run on {@code background}.
 */
public final class FiltersViewModel {

    /** One row of the feature-map view: a layer and its first channels as tiles. */
    public record LayerMaps(int layerIndex, String kind, Shape shape, List<ArgbImage> tiles) {
    }

    /** At most this many channels per layer in the feature-map view. */
    public static final int MAPS_PER_LAYER = 16;

    private final Texts texts;
    private final Executor background;
    private final Executor ui;

    private final ReadOnlyObjectWrapper<Run> run = new ReadOnlyObjectWrapper<>(this, "run");
    private final ObservableList<Integer> layers = FXCollections.observableArrayList(); // spec indices of conv layers
    private final ReadOnlyIntegerWrapper layerChoice = new ReadOnlyIntegerWrapper(this, "layerChoice", 0); // position in layers
    private final ReadOnlyIntegerWrapper inChannel = new ReadOnlyIntegerWrapper(this, "inChannel", KernelImages.MEAN_OF_INPUTS);
    private final ReadOnlyIntegerWrapper inChannels = new ReadOnlyIntegerWrapper(this, "inChannels", 1);
    private final ReadOnlyObjectWrapper<Colormap> colormap = new ReadOnlyObjectWrapper<>(this, "colormap", Colormap.GREY);
    private final ReadOnlyIntegerWrapper historySize = new ReadOnlyIntegerWrapper(this, "historySize", 0);
    private final ReadOnlyIntegerWrapper epochShown = new ReadOnlyIntegerWrapper(this, "epochShown", 0);
    private final ObservableList<ArgbImage> tiles = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper caption = new ReadOnlyStringWrapper(this, "caption", "");
    private final ObservableList<LayerMaps> featureMaps = FXCollections.observableArrayList();
    // Kept once: FX's unmodifiable views listen weakly, so a fresh wrapper per call can be collected.
    private final ObservableList<Integer> layersView;
    private final ObservableList<ArgbImage> tilesView;
    private final ObservableList<LayerMaps> featureMapsView;
    private final ReadOnlyIntegerWrapper imageIndex = new ReadOnlyIntegerWrapper(this, "imageIndex", 0);
    private final ReadOnlyObjectWrapper<ArgbImage> inputImage = new ReadOnlyObjectWrapper<>(this, "inputImage");
    private final ReadOnlyStringWrapper imageCaption = new ReadOnlyStringWrapper(this, "imageCaption", "");
    private final ReadOnlyStringWrapper historyNote = new ReadOnlyStringWrapper(this, "historyNote", "");
    private boolean followLatest = true;

    public FiltersViewModel(Texts texts, Executor background, Executor ui) {
        this.texts = texts;
        this.background = background;
        this.ui = ui;
        layersView = FXCollections.unmodifiableObservableList(layers);
        tilesView = FXCollections.unmodifiableObservableList(tiles);
        featureMapsView = FXCollections.unmodifiableObservableList(featureMaps);
    }

    public ReadOnlyObjectProperty<Run> runProperty() { return run.getReadOnlyProperty(); }
    /** Spec indices of the conv layers (the chooser's items). */
    public ObservableList<Integer> layers() { return layersView; }
    public ReadOnlyIntegerProperty layerChoiceProperty() { return layerChoice.getReadOnlyProperty(); }
    public ReadOnlyIntegerProperty inChannelProperty() { return inChannel.getReadOnlyProperty(); }
    public ReadOnlyIntegerProperty inChannelsProperty() { return inChannels.getReadOnlyProperty(); }
    public ReadOnlyObjectProperty<Colormap> colormapProperty() { return colormap.getReadOnlyProperty(); }
    /** Kept snapshots of the chosen conv layer: before training, then one per epoch. */
    public ReadOnlyIntegerProperty historySizeProperty() { return historySize.getReadOnlyProperty(); }
    public ReadOnlyIntegerProperty epochShownProperty() { return epochShown.getReadOnlyProperty(); }
    public ObservableList<ArgbImage> tiles() { return tilesView; }
    public ReadOnlyStringProperty captionProperty() { return caption.getReadOnlyProperty(); }
    /** Which epochs of the chosen layer were not kept (memory limit); empty when all were. */
    public ReadOnlyStringProperty historyNoteProperty() { return historyNote.getReadOnlyProperty(); }
    public ObservableList<LayerMaps> featureMaps() { return featureMapsView; }
    public ReadOnlyIntegerProperty imageIndexProperty() { return imageIndex.getReadOnlyProperty(); }
    public ReadOnlyObjectProperty<ArgbImage> inputImageProperty() { return inputImage.getReadOnlyProperty(); }
    public ReadOnlyStringProperty imageCaptionProperty() { return imageCaption.getReadOnlyProperty(); }

    /** Shows a run (or nothing); the first conv layer, latest epoch. */
    public void setRun(Run r) {
        run.set(r);
        layerChoice.set(0);
        inChannel.set(KernelImages.MEAN_OF_INPUTS);
        followLatest = true;
        featureMaps.clear();
        refresh();
    }

    /** After an epoch of the shown run: new snapshot, and follow it unless the student went back. */
    public void refresh() {
        Run r = run.get();
        layers.setAll(r == null ? List.<Integer>of() : convLayers(r));
        if (layerChoice.get() >= layers.size()) {
            layerChoice.set(0);
        }
        int history = snapshots().size();
        historySize.set(history);
        if (followLatest || epochShown.get() >= history) {
            epochShown.set(Math.max(0, history - 1));
        }
        render();
        if (r != null && !featureMaps.isEmpty()) {
            showImage(imageIndex.get());
        }
    }

    private static List<Integer> convLayers(Run r) {
        List<Integer> out = new java.util.ArrayList<>();
        var specLayers = r.spec().layers();
        for (int i = 0; i < specLayers.size(); i++) {
            if (specLayers.get(i) instanceof org.alexnetstudio.model.Conv2d) {
                out.add(i);
            }
        }
        return out;
    }

    /** The chosen layer's kept snapshots, oldest first. */
    private List<FilterHistory.Snapshot> snapshots() {
        Run r = run.get();
        if (r == null || layerChoice.get() >= layers.size()) {
            return List.of();
        }
        return r.filterHistory().of(layers.get(layerChoice.get()));
    }

    /** Another conv layer, at the same epoch when it was kept (else the nearest earlier one). */
    public void chooseLayer(int position) {
        if (position < 0 || position >= layers.size()) {
            return;
        }
        List<FilterHistory.Snapshot> before = snapshots();
        int epoch = before.isEmpty() ? Integer.MAX_VALUE
                : before.get(Math.min(epochShown.get(), before.size() - 1)).epoch();
        layerChoice.set(position);
        inChannel.set(KernelImages.MEAN_OF_INPUTS);
        List<FilterHistory.Snapshot> now = snapshots();
        historySize.set(now.size());
        int index = now.size() - 1;
        if (!followLatest) {
            while (index > 0 && now.get(index).epoch() > epoch) {
                index--;
            }
        }
        epochShown.set(Math.max(0, index));
        render();
    }

    /** An input channel of the kernels, or {@link KernelImages#MEAN_OF_INPUTS}. */
    public void chooseInChannel(int channel) {
        inChannel.set(channel);
        render();
    }

    public void setColormap(Colormap map) {
        colormap.set(map);
        render();
    }

    /** Replays the chosen layer's snapshot {@code index} (0 = the oldest kept, usually before training). */
    public void showEpoch(int index) {
        int max = Math.max(0, historySize.get() - 1);
        int i = Math.max(0, Math.min(max, index));
        epochShown.set(i);
        followLatest = i == max;
        render();
    }

    private void render() {
        FilterHistory.Snapshot shown = snapshotShown();
        ConvWeights w = shown == null ? null : shown.weights();
        historyNote.set(noteFor(run.get()));
        if (w == null) {
            tiles.clear();
            inChannels.set(1);
            caption.set(run.get() == null ? texts.get("filters.noRun") : texts.get("filters.waiting"));
            return;
        }
        inChannels.set(w.inChannels());
        int ch = inChannel.get() >= w.inChannels() ? KernelImages.MEAN_OF_INPUTS : inChannel.get();
        tiles.setAll(KernelImages.tiles(w.values(), w.outChannels(), w.inChannels(), w.kernelH(), w.kernelW(), ch,
                colormap.get()));
        String when = shown.epoch() == 0 ? texts.get("filters.initial") : texts.fmt("filters.afterEpoch", shown.epoch());
        // The table's numbering (#0 is the first layer), and the scale of the colour map in use.
        caption.set(texts.fmt("filters.caption", w.outChannels(), w.kernelH(), w.kernelW(), w.layerIndex(),
                w.inChannels(), when, texts.get(colormap.get() == Colormap.GREY ? "filters.scaleGrey"
                        : "filters.scaleDiverging")));
    }

    /** Says which epochs a deeper layer lost to the memory limit; empty for the first layer or when none. */
    private String noteFor(Run r) {
        if (r == null || layerChoice.get() == 0 || r.filterHistory().droppedEpochs().isEmpty()) {
            return "";
        }
        return texts.fmt("filters.dropped", ranges(r.filterHistory().droppedEpochs()),
                r.filterHistory().budgetBytes() >> 20);
    }

    /** 1, 2, 3, 5 → "1–3, 5". */
    static String ranges(java.util.SortedSet<Integer> epochs) {
        StringBuilder sb = new StringBuilder();
        Integer start = null;
        Integer prev = null;
        for (int e : epochs) {
            if (prev != null && e == prev + 1) {
                prev = e;
                continue;
            }
            if (start != null) {
                sb.append(sb.length() > 0 ? ", " : "").append(start).append(start.equals(prev) ? "" : "–" + prev);
            }
            start = e;
            prev = e;
        }
        if (start != null) {
            sb.append(sb.length() > 0 ? ", " : "").append(start).append(start.equals(prev) ? "" : "–" + prev);
        }
        return sb.toString();
    }

    private FilterHistory.Snapshot snapshotShown() {
        List<FilterHistory.Snapshot> h = snapshots();
        return h.isEmpty() ? null : h.get(Math.min(epochShown.get(), h.size() - 1));
    }

    /** The weights on screen, or null. */
    public ConvWeights weightsShown() {
        FilterHistory.Snapshot s = snapshotShown();
        return s == null ? null : s.weights();
    }

    /** The tiles on screen as one PNG-ready grid. */
    public ArgbImage grid(int scale) {
        return KernelImages.grid(tiles.toArray(ArgbImage[]::new), 12, scale, 1, 0xFFFFFFFF);
    }

    // ---- feature maps --------------------------------------------------------------------------

    /** Runs test image {@code index} through every layer of the run's network. */
    public void showImage(int index) {
        Run r = run.get();
        ImageSet test = r == null ? null : r.testSet();
        Network net = r == null ? null : r.network();
        if (test == null || net == null || test.size() == 0) {
            imageCaption.set(texts.get("maps.noImages"));
            return;
        }
        int i = Math.floorMod(index, test.size());
        imageIndex.set(i);
        int resize = r.config().resize();
        int px = test.rows() * test.cols();
        float[] input = new float[resize * resize];
        Resize.bilinear(test.pixels(), i * px, test.rows(), test.cols(), resize, input, 0);
        inputImage.set(GreyImages.fromFloats(input, 0, resize, resize));
        imageCaption.set(texts.fmt("maps.caption", i, texts.className(test.label(i)), resize, resize));
        background.execute(() -> {
            List<FeatureMap> maps;
            try {
                maps = net.featureMaps(input);
            } catch (RuntimeException e) {
                ui.execute(() -> imageCaption.set(e.getMessage()));
                return;
            }
            List<LayerMaps> rows = new java.util.ArrayList<>();
            for (FeatureMap m : maps) {
                Shape s = m.shape();
                List<ArgbImage> t = s.isSpatial()
                        ? List.of(FeatureMapImages.channels(m.values(), s.channels(), s.height(), s.width(),
                                MAPS_PER_LAYER, Colormap.GREY))
                        : List.of(FeatureMapImages.vector(m.values(), Colormap.GREY));
                rows.add(new LayerMaps(m.layerIndex(), m.kind(), s, t));
            }
            ui.execute(() -> featureMaps.setAll(rows));
        });
    }
}
