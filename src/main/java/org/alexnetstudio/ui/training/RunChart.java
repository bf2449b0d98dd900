package org.alexnetstudio.ui.training;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.shape.Line;
import javafx.scene.control.Label;

/**
 * The book's Animator: train loss, train acc and test acc against epochs, one colour per run and
 * one dash pattern per curve (solid loss, dashed train acc, dash-dot test acc, as d2l draws them).
 * No symbols and no animation; points are appended as the runs' lists grow.
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
        x.setForceZeroInRange(false);
        y.setForceZeroInRange(false);
        chart.setAnimated(false);
        chart.setCreateSymbols(false);
        chart.setLegendVisible(false);
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
        });
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
