package org.alexnetstudio.ui.mistakes;

import java.util.Locale;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.chart.BarChart;
import javafx.scene.chart.CategoryAxis;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SplitPane;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.image.ImageView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;
import org.alexnetstudio.train.EpochResult;
import org.alexnetstudio.train.Misclassified;
import org.alexnetstudio.ui.shared.FxImages;
import org.alexnetstudio.ui.shared.Texts;

/** The Mistakes tab: gallery with filters, the confusion matrix, per-class accuracy, and probabilities. */
public final class MistakesView extends BorderPane {

    private final Texts texts;
    private final MistakesViewModel vm;
    // Virtualised: only the visible cells exist, so thousands of mistakes cost nothing to show.
    private final org.controlsfx.control.GridView<Misclassified> gallery = new org.controlsfx.control.GridView<>();
    private boolean matrixDirty;
    private final GridPane matrix = new GridPane();
    private final GridPane perClass = new GridPane();
    private final BarChart<String, Number> probs;
    private final ImageView selectedView = new ImageView();
    private final Label selectedCaption = new Label();

    public MistakesView(Texts texts, MistakesViewModel vm) {
        this.texts = texts;
        this.vm = vm;
        setId("mistakes-view");

        ComboBox<Integer> trueClass = classBox("mistakes-true");
        trueClass.setOnAction(e -> {
            Integer v = trueClass.getValue();
            if (v != null && v != vm.trueFilterProperty().get()) {
                vm.filterTrue(v);
            }
        });
        vm.trueFilterProperty().addListener((o, a, b) -> trueClass.setValue(b.intValue()));
        ComboBox<Integer> predicted = classBox("mistakes-predicted");
        predicted.setOnAction(e -> {
            Integer v = predicted.getValue();
            if (v != null && v != vm.predictedFilterProperty().get()) {
                vm.filterPredicted(v);
            }
        });
        vm.predictedFilterProperty().addListener((o, a, b) -> predicted.setValue(b.intValue()));
        ToggleButton order = new ToggleButton();
        order.setId("mistakes-order");
        order.setSelected(true);
        order.textProperty().bind(javafx.beans.binding.Bindings.when(order.selectedProperty())
                .then(texts.get("mistakes.mostConfident")).otherwise(texts.get("mistakes.leastConfident")));
        order.setOnAction(e -> vm.sortMostConfidentFirst(order.isSelected()));
        Label summary = new Label();
        summary.setId("mistakes-summary");
        summary.textProperty().bind(vm.summaryProperty());
        summary.setWrapText(true);
        HBox filters = new HBox(8, new Label(texts.get("mistakes.trueClass")), trueClass,
                new Label(texts.get("mistakes.predictedClass")), predicted, order);
        filters.setAlignment(Pos.CENTER_LEFT);
        gallery.setId("mistakes-gallery");
        gallery.setItems(vm.shown());
        gallery.setCellWidth(112);
        gallery.setCellHeight(146);
        gallery.setHorizontalCellSpacing(6);
        gallery.setVerticalCellSpacing(6);
        gallery.setCellFactory(g -> new MistakeCell());
        VBox left = new VBox(8, filters, summary, gallery);
        VBox.setVgrow(gallery, javafx.scene.layout.Priority.ALWAYS);
        left.setPadding(new Insets(10));

        matrix.setId("confusion-matrix");
        matrix.setHgap(1);
        matrix.setVgap(1);
        perClass.setId("per-class");
        perClass.setHgap(10);
        perClass.setVgap(2);
        CategoryAxis cx = new CategoryAxis();
        NumberAxis cy = new NumberAxis(0, 1, 0.25);
        probs = new BarChart<>(cx, cy);
        probs.setId("mistakes-probabilities");
        probs.setAnimated(false);
        probs.setLegendVisible(false);
        probs.setPrefHeight(240);
        probs.visibleProperty().bind(vm.probabilitiesProperty().isNotNull());
        probs.managedProperty().bind(probs.visibleProperty());
        selectedView.setSmooth(false);
        selectedView.setFitWidth(112);
        selectedView.setFitHeight(112);
        selectedCaption.setWrapText(true);
        Label matrixTitle = new Label(texts.get("mistakes.matrix"));
        matrixTitle.getStyleClass().add("section-title");
        Label matrixHint = new Label(texts.get("mistakes.matrixHint"));
        matrixHint.getStyleClass().add("muted");
        matrixHint.setWrapText(true);
        Label perClassTitle = new Label(texts.get("mistakes.perClass"));
        perClassTitle.getStyleClass().add("section-title");
        javafx.scene.control.Button whySelected = new javafx.scene.control.Button(texts.get("mistakes.why"));
        whySelected.setId("mistakes-why-selected");
        whySelected.setTooltip(new Tooltip(texts.get("mistakes.whyTip")));
        whySelected.setOnAction(e -> vm.explain(vm.selectedProperty().get()));
        whySelected.visibleProperty().bind(vm.selectedProperty().isNotNull());
        VBox selectedText = new VBox(6, selectedCaption, whySelected);
        selectedText.setMinWidth(170);
        probs.setPrefWidth(460);
        probs.setPrefHeight(220);
        HBox selected = new HBox(10, selectedView, selectedText, probs);
        HBox.setHgrow(probs, javafx.scene.layout.Priority.ALWAYS);
        VBox right = new VBox(8, matrixTitle, matrixHint, matrix, selected, perClassTitle, perClass);
        right.setPadding(new Insets(10));
        ScrollPane rightScroll = new ScrollPane(right);
        rightScroll.setFitToWidth(true);

        SplitPane split = new SplitPane(left, rightScroll);
        split.setDividerPositions(0.5);
        setCenter(split);

        // The matrix is rebuilt when seen: while training, the tab is usually hidden.
        vm.resultProperty().addListener((o, a, b) -> {
            if (isVisible() && getScene() != null) {
                rebuildMatrix(b);
            } else {
                matrixDirty = true;
            }
        });
        visibleProperty().addListener((o, a, now) -> {
            if (now && matrixDirty) {
                rebuildMatrix(vm.getResult());
            }
        });
        sceneProperty().addListener((o, a, now) -> {
            if (now != null && matrixDirty && isVisible()) {
                rebuildMatrix(vm.getResult());
            }
        });
        vm.probabilitiesProperty().addListener((o, a, b) -> showProbabilities(b));
        vm.selectedImageProperty().addListener((o, a, b) -> selectedView.setImage(b == null ? null : FxImages.toFx(b)));
        vm.selectedProperty().addListener((o, a, m) -> selectedCaption.setText(m == null ? ""
                : texts.fmt("mistakes.selected", m.index(), texts.className(m.trueLabel()),
                        texts.className(m.predicted()), m.confidence() * 100)));
        rebuildMatrix(vm.getResult());
    }

    private ComboBox<Integer> classBox(String id) {
        ComboBox<Integer> box = new ComboBox<>();
        box.setId(id);
        box.getItems().add(MistakesViewModel.ANY);
        for (int c = 0; c < 10; c++) {
            box.getItems().add(c);
        }
        box.setValue(MistakesViewModel.ANY);
        box.setConverter(new StringConverter<>() {
            @Override
            public String toString(Integer c) {
                return c == null ? "" : c == MistakesViewModel.ANY ? texts.get("mistakes.any") : texts.className(c);
            }

            @Override
            public Integer fromString(String s) {
                return null;
            }
        });
        return box;
    }

    /** Images the gallery holds (it creates cells only for the visible ones). */
    public int galleryCount() {
        return gallery.getItems().size();
    }

    /** Sum of the confusion-matrix cells on screen. */
    public int matrixTotal() {
        return matrix.getChildren().stream().filter(n -> n.getUserData() instanceof Integer)
                .mapToInt(n -> (Integer) n.getUserData()).sum();
    }

    /** One gallery entry: the image, true → predicted and the confidence; click for probabilities, "Why?" to explain. */
    private final class MistakeCell extends org.controlsfx.control.GridCell<Misclassified> {
        private final ImageView image = new ImageView();
        private final Label label = new Label(null, image);
        private final javafx.scene.control.Hyperlink why = new javafx.scene.control.Hyperlink(texts.get("mistakes.why"));
        private final VBox box = new VBox(0, label, why);

        MistakeCell() {
            why.getStyleClass().add("mistake-why");
            why.setTooltip(new Tooltip(texts.get("mistakes.whyTip")));
            why.setOnAction(e -> {
                if (getItem() != null) {
                    vm.explain(getItem());
                }
            });
            box.setAlignment(Pos.TOP_CENTER);
            image.setSmooth(false);
            image.setFitWidth(56);
            image.setFitHeight(56);
            label.setContentDisplay(javafx.scene.control.ContentDisplay.TOP);
            label.getStyleClass().add("mistake-item");
            label.setWrapText(true);
            label.setAlignment(Pos.CENTER);
            label.setTextAlignment(javafx.scene.text.TextAlignment.CENTER);
            label.setMaxWidth(112);
            label.setOnMouseClicked(e -> {
                if (getItem() != null) {
                    vm.select(getItem());
                }
            });
        }

        @Override
        protected void updateItem(Misclassified m, boolean empty) {
            super.updateItem(m, empty);
            if (empty || m == null) {
                setGraphic(null);
                return;
            }
            image.setImage(FxImages.toFx(vm.image(m)));
            label.setText(texts.fmt("mistakes.item", texts.className(m.trueLabel()), texts.className(m.predicted()),
                    m.confidence() * 100));
            setGraphic(box);
        }
    }

    private void rebuildMatrix(EpochResult r) {
        matrixDirty = false;
        matrix.getChildren().clear();
        perClass.getChildren().clear();
        if (r == null) {
            return;
        }
        int[][] cm = r.confusion();
        int max = 1;
        for (int t = 0; t < cm.length; t++) {
            for (int p = 0; p < cm.length; p++) {
                if (t != p) {
                    max = Math.max(max, cm[t][p]);
                }
            }
        }
        Label corner = new Label(texts.get("mistakes.corner"));
        corner.getStyleClass().add("muted");
        matrix.add(corner, 0, 0);
        for (int p = 0; p < cm.length; p++) {
            Label h = new Label(Integer.toString(p));
            h.setTooltip(new Tooltip(texts.className(p)));
            h.setMinWidth(34);
            h.setAlignment(Pos.CENTER);
            matrix.add(h, p + 1, 0);
        }
        for (int t = 0; t < cm.length; t++) {
            Label rowName = new Label(t + " " + texts.className(t));
            matrix.add(rowName, 0, t + 1);
            for (int p = 0; p < cm.length; p++) {
                int v = cm[t][p];
                Label cell = new Label(Integer.toString(v));
                cell.setMinSize(34, 24);
                cell.setAlignment(Pos.CENTER);
                double a = t == p ? 0 : Math.min(1, (double) v / max);
                String bg = t == p ? "#dafbe1" : String.format(Locale.ROOT, "rgba(207,34,46,%.2f)", 0.08 + 0.8 * a);
                cell.setStyle("-fx-background-color: " + bg + ";" + (a > 0.55 ? "-fx-text-fill: white;" : ""));
                StackPane wrap = new StackPane(cell);
                wrap.setUserData(v);
                int tt = t;
                int pp = p;
                wrap.setId("cell-" + t + "-" + p);
                Tooltip.install(wrap, new Tooltip(texts.fmt("mistakes.cell", v, texts.className(t), texts.className(p))));
                if (t != p) {
                    wrap.setStyle("-fx-cursor: hand;");
                    wrap.setOnMouseClicked(e -> vm.openCell(tt, pp));
                }
                matrix.add(wrap, p + 1, t + 1);
            }
        }
        double[] acc = r.perClassAccuracy();
        for (int c = 0; c < acc.length; c++) {
            perClass.add(new Label(texts.className(c)), 0, c);
            javafx.scene.control.ProgressBar bar = new javafx.scene.control.ProgressBar(Double.isNaN(acc[c]) ? 0 : acc[c]);
            bar.setPrefWidth(160);
            perClass.add(bar, 1, c);
            perClass.add(new Label(Double.isNaN(acc[c]) ? "—" : String.format(Locale.ROOT, "%.1f%%", acc[c] * 100)), 2, c);
        }
    }

    private void showProbabilities(float[] p) {
        probs.getData().clear();
        if (p == null) {
            return;
        }
        XYChart.Series<String, Number> s = new XYChart.Series<>();
        for (int c = 0; c < p.length; c++) {
            s.getData().add(new XYChart.Data<>(texts.className(c), p[c]));
        }
        probs.getData().add(s);
    }
}
