package org.alexnetstudio.ui.explain;

import java.util.ArrayList;
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
import org.alexnetstudio.model.NetworkSpec;
import org.alexnetstudio.model.Shape;
import org.alexnetstudio.train.Network;
import org.alexnetstudio.train.explain.ActivationMaximisation;
import org.alexnetstudio.train.explain.ExplainLayers;
import org.alexnetstudio.train.explain.Progress;
import org.alexnetstudio.ui.shared.Run;
import org.alexnetstudio.ui.shared.Texts;
import org.alexnetstudio.viz.ArgbImage;
import org.alexnetstudio.viz.HeatmapImages;

/**
 * "What does a unit want to see?" on the Filters tab: activation maximisation
 * ({@link ActivationMaximisation}) of one conv filter, of a layer's first filters, or of every output
 * class, on {@code background} with progress; each finished picture joins the grid at once.
 */
public final class ActivationMaxViewModel {

    /** Filters drawn by "first filters". */
    public static final int FIRST_FILTERS = 16;

    /** One picture of the grid and what it shows. */
    public record Tile(ArgbImage image, String caption) {
    }

    private final Texts texts;
    private final Executor background;
    private final Executor ui;
    private final ReadOnlyObjectWrapper<Run> run = new ReadOnlyObjectWrapper<>(this, "run");
    private final ObservableList<Integer> convLayers = FXCollections.observableArrayList();
    private final ObservableList<Integer> convLayersView = FXCollections.unmodifiableObservableList(convLayers);
    private final ReadOnlyIntegerWrapper conv = new ReadOnlyIntegerWrapper(this, "conv", -1);
    private final ReadOnlyIntegerWrapper filters = new ReadOnlyIntegerWrapper(this, "filters", 0);
    private final ReadOnlyIntegerWrapper filter = new ReadOnlyIntegerWrapper(this, "filter", 0);
    private final ReadOnlyIntegerWrapper steps = new ReadOnlyIntegerWrapper(this, "steps", 200);
    private final ReadOnlyObjectWrapper<ActivationMaximisation.Start> start =
            new ReadOnlyObjectWrapper<>(this, "start", ActivationMaximisation.Start.NOISE);
    private final ObservableList<Tile> tiles = FXCollections.observableArrayList();
    private final ObservableList<Tile> tilesView = FXCollections.unmodifiableObservableList(tiles);
    private final ReadOnlyStringWrapper title = new ReadOnlyStringWrapper(this, "title", "");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy", false);
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(this, "progress", 0);
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");
    private volatile long generation;
    private Network adopted;
    private volatile boolean cancelRequested;

    public ActivationMaxViewModel(Texts texts, Executor background, Executor ui) {
        this.texts = texts;
        this.background = background;
        this.ui = ui;
        status.set(texts.get("actmax.noRun"));
    }

    public ReadOnlyObjectProperty<Run> runProperty() { return run.getReadOnlyProperty(); }
    public ObservableList<Integer> convLayers() { return convLayersView; }
    public ReadOnlyIntegerProperty convProperty() { return conv.getReadOnlyProperty(); }
    /** Filters (output channels) of the chosen conv layer. */
    public ReadOnlyIntegerProperty filtersProperty() { return filters.getReadOnlyProperty(); }
    public ReadOnlyIntegerProperty filterProperty() { return filter.getReadOnlyProperty(); }
    public ReadOnlyIntegerProperty stepsProperty() { return steps.getReadOnlyProperty(); }
    public ReadOnlyObjectProperty<ActivationMaximisation.Start> startProperty() { return start.getReadOnlyProperty(); }
    /** The grid: one picture per unit, in the order they finish. */
    public ObservableList<Tile> tiles() { return tilesView; }
    /** What the grid shows. */
    public ReadOnlyStringProperty titleProperty() { return title.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty busyProperty() { return busy.getReadOnlyProperty(); }
    public ReadOnlyDoubleProperty progressProperty() { return progress.getReadOnlyProperty(); }
    public ReadOnlyStringProperty statusProperty() { return status.getReadOnlyProperty(); }

    /** The run whose network to visualise; work in flight stops, the grid empties when the network changes. */
    public void setRun(Run r) {
        run.set(r);
        adopt(network());
    }

    /** A run's network exists once its training starts: its layers are read when it is another one. */
    private void adopt(Network net) {
        if (net == adopted) {
            return;
        }
        adopted = net;
        generation++;
        busy.set(false);
        tiles.clear();
        title.set("");
        NetworkSpec spec = net == null ? null : net.spec();
        convLayers.setAll(spec == null ? List.of() : ExplainLayers.convLayers(spec));
        chooseLayer(spec == null ? -1 : ExplainLayers.lastConv(spec));
        status.set(texts.get(net == null ? "actmax.noRun" : "actmax.ready"));
    }

    public void chooseLayer(int convLayer) {
        Network net = network();
        if (net == null || !convLayers.contains(convLayer)) {
            conv.set(-1);
            filters.set(0);
            return;
        }
        conv.set(convLayer);
        Shape out = net.analysis().layers().get(ExplainLayers.filterLayer(net.spec(), convLayer)).output();
        filters.set(out.channels());
        filter.set(Math.min(filter.get(), out.channels() - 1));
    }

    public void chooseFilter(int f) {
        filter.set(Math.max(0, Math.min(filters.get() - 1, f)));
    }

    public void setSteps(int n) {
        steps.set(Math.max(1, n));
    }

    public void setStart(ActivationMaximisation.Start s) {
        start.set(s);
    }

    /** The chosen filter alone. */
    public void visualiseFilter() {
        adopt(network());
        if (conv.get() >= 0) {
            runUnits(texts.fmt("actmax.titleFilter", filter.get(), conv.get()), List.of(filter.get()), false);
        }
    }

    /** The chosen layer's first filters (at most {@link #FIRST_FILTERS}). */
    public void visualiseFilters() {
        adopt(network());
        if (conv.get() >= 0) {
            List<Integer> units = new ArrayList<>();
            for (int f = 0; f < Math.min(FIRST_FILTERS, filters.get()); f++) {
                units.add(f);
            }
            runUnits(texts.fmt("actmax.titleFilters", units.size(), filters.get(), conv.get()), units, false);
        }
    }

    /** Every output class. */
    public void visualiseClasses() {
        adopt(network());
        Network net = network();
        if (net != null && net.classes() > 0) {
            List<Integer> units = new ArrayList<>();
            for (int c = 0; c < net.classes(); c++) {
                units.add(c);
            }
            runUnits(texts.get("actmax.titleClasses"), units, true);
        }
    }

    public void cancel() {
        cancelRequested = true;
    }

    private Network network() {
        Run r = run.get();
        return r == null ? null : r.network();
    }

    private void runUnits(String what, List<Integer> units, boolean classes) {
        Network net = network();
        if (net == null || !net.spec().input().isSpatial() || net.classes() == 0) {
            status.set(texts.get("actmax.noRun"));
            return;
        }
        long gen = ++generation;
        cancelRequested = false;
        tiles.clear();
        title.set(what);
        busy.set(true);
        progress.set(0);
        Shape in = net.spec().input();
        int layer = conv.get();
        ActivationMaximisation.Settings settings = ActivationMaximisation.Settings.defaults(in.height())
                .withSteps(steps.get()).withStart(start.get());
        background.execute(() -> {
            try {
                for (int u = 0; u < units.size(); u++) {
                    int unit = units.get(u);
                    int index = u;
                    Progress p = new Progress() {
                        @Override
                        public void report(int done, int total) {
                            if (done % 10 == 0 || done == total) {
                                post(gen, () -> {
                                    progress.set((index + (double) done / total) / units.size());
                                    status.set(texts.fmt("actmax.progress", index + 1, units.size(), done, total));
                                });
                            }
                        }

                        @Override
                        public boolean cancelled() {
                            return generation != gen || cancelRequested;
                        }
                    };
                    ActivationMaximisation.Result r = classes
                            ? ActivationMaximisation.forClass(net, unit, settings, p)
                            : ActivationMaximisation.forFilter(net, layer, unit, settings, p);
                    ArgbImage image = HeatmapImages.stretched(r.image(), in.channels(), in.height(), in.width());
                    String caption = classes
                            ? texts.fmt("actmax.classCaption", texts.className(unit), r.startObjective(), r.objective())
                            : texts.fmt("actmax.filterCaption", unit, r.startObjective(), r.objective());
                    post(gen, () -> tiles.add(new Tile(image, caption)));
                }
                post(gen, () -> {
                    busy.set(false);
                    progress.set(1);
                    status.set(texts.fmt("actmax.done", units.size(), settings.steps()));
                });
            } catch (CancellationException e) {
                ui.execute(() -> {
                    if (generation == gen) {
                        busy.set(false);
                        status.set(texts.get("actmax.cancelled"));
                    }
                });
            } catch (RuntimeException e) {
                String text = e.getMessage() == null ? e.toString() : e.getMessage();
                ui.execute(() -> {
                    if (generation == gen) {
                        busy.set(false);
                        status.set(texts.fmt("explain.failed", text));
                    }
                });
            }
        });
    }

    private void post(long gen, Runnable action) {
        ui.execute(() -> {
            if (generation == gen) {
                action.run();
            }
        });
    }
}
