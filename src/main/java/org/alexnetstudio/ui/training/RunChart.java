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
 * No symbols and no animation; points are appended as the runs' lists grow. The axes are set here,
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

    public RunChart(Texts texts, ObservableList<Run> runs) {
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
        // Nothing on the plot takes clicks, and picking under a resting mouse pointer tests each dashed
        // curve's stroke outline after every change (up to 50 ms a frame in the software pipeline).
        chart.setMouseTransparent(true);
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
            Label label = new Label(texts.get(keys[k]), l);
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
            for (Run.Point p : sources.get(k)) {
                s.getData().add(new XYChart.Data<>(p.epoch(), p.value()));
            }
            sources.get(k).addListener((ListChangeListener<Run.Point>) c -> {
                while (c.next()) {
                    if (c.wasAdded()) {
                        for (Run.Point p : c.getAddedSubList()) {
                            s.getData().add(new XYChart.Data<>(p.epoch(), p.value()));
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
