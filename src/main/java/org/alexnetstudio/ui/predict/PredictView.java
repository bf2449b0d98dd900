package org.alexnetstudio.ui.predict;

import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.SnapshotParameters;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.chart.BarChart;
import javafx.scene.chart.CategoryAxis;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.image.ImageView;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import javafx.stage.FileChooser;
import org.alexnetstudio.ui.shared.FxImages;
import org.alexnetstudio.ui.shared.Texts;

/** The Predict tab: draw white on black (or open a picture), see what the network says. */
public final class PredictView extends BorderPane {

    public static final int CANVAS = 280;

    private final PredictViewModel vm;
    private final Canvas canvas = new Canvas(CANVAS, CANVAS);
    private final Slider brush = new Slider(6, 40, 18);
    private double lastX = Double.NaN;
    private double lastY;

    public PredictView(Texts texts, PredictViewModel vm) {
        this.vm = vm;
        setId("predict-view");
        canvas.setId("predict-canvas");
        clearCanvas();
        canvas.setOnMousePressed(e -> {
            lastX = e.getX();
            lastY = e.getY();
            stroke(e.getX(), e.getY());
        });
        canvas.setOnMouseDragged(e -> stroke(e.getX(), e.getY()));
        canvas.setOnMouseReleased(e -> {
            lastX = Double.NaN;
            predictDrawing();
        });
        Label brushLabel = new Label(texts.get("predict.brush"));
        brush.setId("predict-brush");
        Button clear = new Button(texts.get("predict.clear"));
        clear.setId("predict-clear");
        clear.setOnAction(e -> {
            clearCanvas();
            vm.clear();
        });
        Button open = new Button(texts.get("predict.open"));
        open.setId("predict-open");
        open.setOnAction(e -> {
            FileChooser c = new FileChooser();
            c.setTitle(texts.get("predict.open"));
            c.getExtensionFilters().addAll(
                    new FileChooser.ExtensionFilter(texts.get("file.images"), "*.png", "*.jpg", "*.jpeg", "*.gif", "*.bmp"),
                    new FileChooser.ExtensionFilter(texts.get("file.all"), "*"));
            var f = c.showOpenDialog(getScene().getWindow());
            if (f != null) {
                vm.predictFile(f.toPath());
            }
        });
        Label hint = new Label(texts.get("predict.hint"));
        hint.getStyleClass().add("muted");
        hint.setWrapText(true);
        hint.setMaxWidth(CANVAS);
        HBox tools = new HBox(8, brushLabel, brush);
        tools.setAlignment(Pos.CENTER_LEFT);
        HBox buttons = new HBox(8, clear, open);
        Label drawTitle = new Label(texts.get("predict.drawTitle"));
        drawTitle.getStyleClass().add("section-title");
        VBox left = new VBox(10, drawTitle, canvas, tools, buttons, hint);
        left.setPadding(new Insets(12));

        Label seesTitle = new Label(texts.get("predict.sees"));
        seesTitle.getStyleClass().add("section-title");
        ImageView sees = new ImageView();
        sees.setId("predict-network-view");
        sees.setSmooth(false);
        sees.setFitWidth(168);
        sees.setFitHeight(168);
        vm.networkViewProperty().addListener((o, a, b) -> sees.setImage(b == null ? null : FxImages.toFx(b)));
        Label verdict = new Label();
        verdict.setId("predict-verdict");
        verdict.getStyleClass().add("section-title");
        verdict.textProperty().bind(vm.verdictProperty());
        verdict.setWrapText(true);
        Label error = new Label();
        error.getStyleClass().add("inline-error");
        error.textProperty().bind(vm.errorProperty());
        error.setWrapText(true);
        CategoryAxis x = new CategoryAxis();
        NumberAxis y = new NumberAxis(0, 1, 0.25);
        y.setLabel(texts.get("predict.probability"));
        BarChart<String, Number> chart = new BarChart<>(x, y);
        chart.setId("predict-chart");
        chart.setAnimated(false);
        chart.setLegendVisible(false);
        chart.setPrefSize(620, 360);
        vm.probabilitiesProperty().addListener((o, a, p) -> {
            chart.getData().clear();
            if (p != null) {
                XYChart.Series<String, Number> s = new XYChart.Series<>();
                for (int c = 0; c < p.length; c++) {
                    s.getData().add(new XYChart.Data<>(texts.className(c), p[c]));
                }
                chart.getData().add(s);
            }
        });
        Button why = new Button(texts.get("predict.why"));
        why.setId("predict-why");
        why.setTooltip(new javafx.scene.control.Tooltip(texts.get("predict.whyTip")));
        why.setOnAction(e -> vm.explain());
        why.disableProperty().bind(vm.probabilitiesProperty().isNull());
        HBox verdictRow = new HBox(12, verdict, why);
        verdictRow.setAlignment(Pos.CENTER_LEFT);
        VBox right = new VBox(10, seesTitle, sees, verdictRow, error, chart);
        right.setPadding(new Insets(12));
        setLeft(left);
        setCenter(right);
    }

    public Canvas canvas() {
        return canvas;
    }

    private void clearCanvas() {
        GraphicsContext g = canvas.getGraphicsContext2D();
        g.setFill(Color.BLACK);
        g.fillRect(0, 0, CANVAS, CANVAS);
    }

    private void stroke(double x, double y) {
        GraphicsContext g = canvas.getGraphicsContext2D();
        g.setStroke(Color.WHITE);
        g.setLineWidth(brush.getValue());
        g.setLineCap(javafx.scene.shape.StrokeLineCap.ROUND);
        if (!Double.isNaN(lastX)) {
            g.strokeLine(lastX, lastY, x, y);
        }
        double r = brush.getValue() / 2;
        g.setFill(Color.WHITE);
        g.fillOval(x - r, y - r, 2 * r, 2 * r);
        lastX = x;
        lastY = y;
    }

    /** Sends the canvas to the view model (also called after each stroke). */
    public void predictDrawing() {
        SnapshotParameters p = new SnapshotParameters();
        p.setFill(Color.BLACK);
        WritableImage img = canvas.snapshot(p, null);
        int w = (int) img.getWidth();
        int h = (int) img.getHeight();
        int[] argb = new int[w * h];
        img.getPixelReader().getPixels(0, 0, w, h, PixelFormat.getIntArgbInstance(), argb, 0, w);
        vm.predictDrawing(argb, w, h);
    }
}
