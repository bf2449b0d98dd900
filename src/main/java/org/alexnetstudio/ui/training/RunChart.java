package org.alexnetstudio.ui.training;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Label;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.shape.Line;
import org.alexnetstudio.ui.shared.Run;
import org.alexnetstudio.ui.shared.Texts;

/**
 * The book's Animator: train loss, train acc and test acc against epochs, one colour per run and
 * one dash pattern per curve (solid loss, dashed train acc, dash-dot test acc, as d2l draws them).
 * Each test accuracy is a marker (a run stopped after one epoch still shows its result) with a
 * tooltip of the epoch's numbers; the curves themselves have no symbols and take no mouse events
 * (picking tests each dashed stroke's outline under a resting pointer: up to 50 ms a frame in the
 * software pipeline), so only the few markers are hit-tested. No animation; points are appended as
 * the runs' lists grow. The axes are set here,
 * not auto-ranged: auto-ranging re-formats and measures every tick label on every new point (tens
 * of ms on a slow laptop), while these ranges change only when a run's data outgrows them
 * (x: 0 to the longest visible run's epochs; y: 0 to 1, or higher while a loss is above 1).
 */
public final class RunChart extends BorderPane {

    static final String[] RUN_COLOURS = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b",
        "#e377c2", "#17becf"};
    static final String[] DASHES = {"", "-fx-stroke-dash-array: 8 5;", "-fx-stroke-dash-array: 10 4 2 4;"};

    private final NumberAxis x = new NumberAxis();
    private final NumberAxis y = new NumberAxis();
    private final LineChart<Number, Number> chart = new LineChart<>(x, y);
    private final Map<Run, List<XYChart.Series<Number, Number>>> seriesByRun = new HashMap<>();
    private final Texts texts;
    private static final String MARKER = "test-acc-marker";
    /** One tooltip for every marker: a popup per marker would cost tens of ms each to build. */
    private final javafx.scene.control.Tooltip markerTip = new javafx.scene.control.Tooltip();

    public RunChart(Texts texts, ObservableList<Run> runs) {
        this.texts = texts;
        markerTip.setId("chart-marker-tooltip");
        markerTip.setShowDelay(javafx.util.Duration.millis(150));
        x.setLabel(texts.get("chart.epoch"));
        x.setAutoRanging(false);
        y.setAutoRanging(false);
        x.setLowerBound(0);
        y.setLowerBound(0);
        x.setMinorTickVisible(false);
        y.setMinorTickVisible(false);
        setRanges(1, 1);
        chart.setAnimated(false);
        chart.setCreateSymbols(false);
        chart.setLegendVisible(false);
        // Only the markers take the mouse: grid lines (dashed paths) and curves are left out of picking.
        for (String grid : new String[]{".chart-horizontal-grid-lines", ".chart-vertical-grid-lines",
            ".chart-alternative-row-fill", ".chart-alternative-column-fill", ".chart-vertical-zero-line",
            ".chart-horizontal-zero-line"}) {
            chart.lookupAll(grid).forEach(n -> n.setMouseTransparent(true));
        }
        chart.setId("training-chart");
        chart.getStyleClass().add("training-chart");
        setCenter(chart);
        setBottom(legend(texts));
        for (Run r : runs) {
            add(r);
        }
        runs.addListener((ListChangeListener<Run>) c -> {
            while (c.next()) {
                c.getRemoved().forEach(this::remove);
                c.getAddedSubList().forEach(this::add);
            }
        });
    }

    public LineChart<Number, Number> chart() {
        return chart;
    }

    /** Points on the chart (all runs, all curves). */
    public int pointCount() {
        return chart.getData().stream().mapToInt(s -> s.getData().size()).sum();
    }

    static String colour(Run r) {
        return RUN_COLOURS[(r.number() - 1) % RUN_COLOURS.length];
    }

    private FlowPane legend(Texts texts) {
        FlowPane p = new FlowPane(18, 4);
        p.getStyleClass().add("chart-legend");
        String[] keys = {"chart.trainLoss", "chart.trainAcc", "chart.testAcc"};
        for (int k = 0; k < 3; k++) {
            Line l = new Line(0, 0, 30, 0);
            l.setStyle("-fx-stroke: #444; -fx-stroke-width: 2;" + DASHES[k]);
            javafx.scene.Node graphic = l;
            if (k == 2) {
                javafx.scene.layout.Region dot = new javafx.scene.layout.Region();
                dot.setStyle("-fx-background-color: #444, white; -fx-background-insets: 0, 2;"
                        + " -fx-background-radius: 6px; -fx-padding: 5px;");
                dot.setMaxSize(javafx.scene.layout.Region.USE_PREF_SIZE, javafx.scene.layout.Region.USE_PREF_SIZE);
                javafx.scene.layout.StackPane both = new javafx.scene.layout.StackPane(l, dot);
                graphic = both;
            }
            Label label = new Label(texts.get(keys[k]), graphic);
            p.getChildren().add(label);
        }
        return p;
    }

    private void add(Run r) {
        List<ObservableList<Run.Point>> sources = List.of(r.trainLoss(), r.trainAccuracy(), r.testAccuracy());
        List<XYChart.Series<Number, Number>> made = new java.util.ArrayList<>();
        for (int k = 0; k < 3; k++) {
            XYChart.Series<Number, Number> s = new XYChart.Series<>();
            s.setName(r.number() + ":" + k);
            boolean markers = k == 2;
            for (Run.Point p : sources.get(k)) {
                s.getData().add(point(r, p, markers));
            }
            sources.get(k).addListener((ListChangeListener<Run.Point>) c -> {
                while (c.next()) {
                    if (c.wasAdded()) {
                        for (Run.Point p : c.getAddedSubList()) {
                            s.getData().add(point(r, p, markers));
                        }
                    }
                }
                if (r.visibleProperty().get()) {
                    updateRanges();
                }
            });
            made.add(s);
        }
        seriesByRun.put(r, made);
        if (r.visibleProperty().get()) {
            show(r, made);
        }
        r.visibleProperty().addListener((o, was, now) -> {
            if (now) {
                show(r, made);
            } else {
                chart.getData().removeAll(made);
            }
            updateRanges();
        });
        updateRanges();
    }

    /** A chart point; a test accuracy gets a marker in the run's colour with the epoch's numbers as tooltip. */
    private XYChart.Data<Number, Number> point(Run r, Run.Point p, boolean marker) {
        XYChart.Data<Number, Number> d = new XYChart.Data<>(p.epoch(), p.value());
        if (marker) {
            javafx.scene.layout.Region m = new javafx.scene.layout.Region();
            m.getProperties().put(MARKER, Boolean.TRUE); // the chart resets the style classes of its symbols
            m.setStyle("-fx-background-color: " + colour(r) + ", white; -fx-background-insets: 0, 2;"
                    + " -fx-background-radius: 6px; -fx-padding: 5px;");
            int epoch = (int) Math.round(p.epoch());
            // The shared tooltip takes the numbers of the marker the pointer is on.
            m.setOnMouseEntered(e -> markerTip.setText(markerText(r, epoch, p.value())));
            javafx.scene.control.Tooltip.install(m, markerTip);
            d.setNode(m);
        }
        return d;
    }

    /** "Run 2, epoch 3: test acc 0.871 · train acc 0.880 · train loss 0.334". */
    String markerText(Run r, int epoch, double testAccuracy) {
        for (var m : r.epochs()) {
            if (m.epoch() == epoch) {
                return texts.fmt("chart.markerTip", r.number(), epoch, m.testAccuracy(), m.trainAccuracy(), m.trainLoss());
            }
        }
        return texts.fmt("chart.markerTipTest", r.number(), epoch, testAccuracy);
    }

    /** Markers on the plot (one per test accuracy of each visible run). */
    int markerCount() {
        return (int) chart.getData().stream().flatMap(s -> s.getData().stream())
                .filter(d -> d.getNode() != null && d.getNode().getProperties().containsKey(MARKER)).count();
    }

    /** Ranges that hold every visible run: its planned epochs, and its largest value. */
    private void updateRanges() {
        double epochs = 1;
        double top = 1;
        for (Map.Entry<Run, List<XYChart.Series<Number, Number>>> e : seriesByRun.entrySet()) {
            if (!e.getKey().visibleProperty().get()) {
                continue;
            }
            epochs = Math.max(epochs, e.getKey().config().epochs());
            for (XYChart.Series<Number, Number> s : e.getValue()) {
                for (XYChart.Data<Number, Number> d : s.getData()) {
                    double v = d.getYValue().doubleValue();
                    if (Double.isFinite(v)) {
                        top = Math.max(top, v);
                    }
                    epochs = Math.max(epochs, Math.ceil(d.getXValue().doubleValue()));
                }
            }
        }
        setRanges(epochs, top);
    }

    private void setRanges(double epochs, double top) {
        // y in steps of 0.1 up to 1, then of 0.5: a loss of 2.3 (ln 10, an untrained net) fits in 2.5.
        double upper = top <= 1 ? 1 : Math.ceil(top * 2) / 2;
        double xTick = epochs <= 10 ? 1 : Math.ceil(epochs / 10);
        // Setting an unchanged value fires nothing, so the axes re-layout only when a range moves.
        x.setUpperBound(epochs);
        x.setTickUnit(xTick);
        y.setUpperBound(Math.min(upper, 1e6));
        y.setTickUnit(upper <= 1 ? 0.1 : upper <= 5 ? 0.5 : Math.ceil(upper / 10));
    }

    double xUpperBound() {
        return x.getUpperBound();
    }

    double yUpperBound() {
        return y.getUpperBound();
    }

    private void show(Run r, List<XYChart.Series<Number, Number>> made) {
        for (int k = 0; k < made.size(); k++) {
            XYChart.Series<Number, Number> s = made.get(k);
            if (!chart.getData().contains(s)) {
                chart.getData().add(s);
                s.getNode().setStyle("-fx-stroke: " + colour(r) + "; -fx-stroke-width: 2;" + DASHES[k]);
                s.getNode().setMouseTransparent(true); // no hit tests of dashed outlines (see class comment)
            }
        }
    }

    private void remove(Run r) {
        List<XYChart.Series<Number, Number>> made = seriesByRun.remove(r);
        if (made != null) {
            chart.getData().removeAll(made);
        }
    }
}
