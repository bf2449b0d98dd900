package org.alexnetstudio.ui.explain;

import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Slider;
import javafx.scene.control.Spinner;
import javafx.scene.image.ImageView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;
import org.alexnetstudio.ui.shared.FxImages;
import org.alexnetstudio.ui.shared.Texts;
import org.alexnetstudio.viz.ArgbImage;
import org.alexnetstudio.viz.HeatmapImages;

/**
 * The Explain tab: the picture, two rows of maps (saliency, Grad-CAM, occlusion) for two classes,
 * their settings, progress, and what each map means. Binds to an {@link ExplainViewModel}.
 */
public final class ExplainView extends BorderPane {

    /** On-screen side of each map. */
    public static final double MAP = 200;

    private final Texts texts;
    private final ExplainViewModel vm;
    private final ComboBox<Integer> classA = new ComboBox<>();
    private final ComboBox<Integer> classB = new ComboBox<>();
    private final ComboBox<Integer> layer = new ComboBox<>();
    private final Cell[][] cells = new Cell[2][3];
    private final Label[] rowTitles = {new Label(), new Label()};
    private boolean updating;

    public ExplainView(Texts texts, ExplainViewModel vm) {
        this.texts = texts;
        this.vm = vm;
        setId("explain-view");

        // ---- the picture and the network's verdict
        ImageView picture = new ImageView();
        picture.setId("xp-input");
        picture.setSmooth(false);
        picture.setFitWidth(96);
        picture.setFitHeight(96);
        vm.inputImageProperty().addListener((o, a, b) -> picture.setImage(b == null ? null : FxImages.toFx(b)));
        Label title = new Label();
        title.setId("xp-title");
        title.getStyleClass().add("section-title");
        title.textProperty().bind(vm.titleProperty());
        Label verdict = new Label();
        verdict.setId("xp-verdict");
        verdict.textProperty().bind(vm.verdictProperty());
        Label message = new Label();
        message.setId("xp-message");
        message.setWrapText(true);
        message.textProperty().bind(vm.messageProperty());
        message.visibleProperty().bind(vm.messageProperty().isNotEmpty());
        message.managedProperty().bind(message.visibleProperty());
        VBox head = new VBox(4, title, verdict, message);
        HBox top = new HBox(12, picture, head);
        top.setAlignment(Pos.CENTER_LEFT);

        // ---- settings
        classBox(classA, "xp-class-a", false);
        classBox(classB, "xp-class-b", true);
        classA.setOnAction(e -> {
            if (!updating && classA.getValue() != null) {
                vm.chooseClassA(classA.getValue());
            }
        });
        classB.setOnAction(e -> {
            if (!updating && classB.getValue() != null) {
                vm.chooseClassB(classB.getValue());
            }
        });
        vm.classesProperty().addListener((o, a, b) -> fillClasses());
        vm.classAProperty().addListener((o, a, b) -> select(classA, b.intValue()));
        vm.classBProperty().addListener((o, a, b) -> select(classB, b.intValue()));
        layer.setId("xp-layer");
        layer.setItems(vm.convLayers());
        layer.setConverter(converter(i -> texts.fmt("explain.layerItem", i, vm.convLayers().indexOf(i) + 1,
                vm.convLayers().size())));
        layer.setOnAction(e -> {
            if (!updating && layer.getValue() != null) {
                vm.chooseLayer(layer.getValue());
            }
        });
        vm.convProperty().addListener((o, a, b) -> select(layer, b.intValue()));
        vm.convLayers().addListener((ListChangeListener<Integer>) c -> select(layer, vm.convProperty().get()));
        layer.disableProperty().bind(javafx.beans.binding.Bindings.isEmpty(vm.convLayers()));

        Slider opacity = new Slider(0, 1, vm.opacityProperty().get());
        opacity.setId("xp-opacity");
        opacity.setPrefWidth(120);
        opacity.valueProperty().addListener((o, a, b) -> vm.setOpacity(b.doubleValue()));
        CheckBox smooth = new CheckBox(texts.get("explain.smoothGrad"));
        smooth.setId("xp-smoothgrad");
        smooth.setOnAction(e -> vm.setSmoothGrad(smooth.isSelected()));
        vm.smoothGradProperty().addListener((o, a, b) -> smooth.setSelected(b));
        Spinner<Integer> patch = new Spinner<>(1, 224, vm.patchProperty().get());
        patch.setId("xp-patch");
        Spinner<Integer> stride = new Spinner<>(1, 224, vm.strideProperty().get());
        stride.setId("xp-stride");
        for (Spinner<Integer> s : java.util.List.of(patch, stride)) {
            s.setEditable(true);
            s.setPrefWidth(76);
            s.valueProperty().addListener((o, a, b) -> {
                if (!updating) {
                    vm.setOcclusion(patch.getValue(), stride.getValue());
                }
            });
        }
        vm.patchProperty().addListener((o, a, b) -> setQuietly(patch, b.intValue()));
        vm.strideProperty().addListener((o, a, b) -> setQuietly(stride, b.intValue()));

        ProgressBar bar = new ProgressBar();
        bar.setId("xp-progress");
        bar.setPrefWidth(160);
        bar.progressProperty().bind(vm.progressProperty());
        bar.visibleProperty().bind(vm.busyProperty());
        Label status = new Label();
        status.setId("xp-status");
        status.textProperty().bind(vm.statusProperty());
        Button cancel = new Button(texts.get("explain.cancel"));
        cancel.setId("xp-cancel");
        cancel.setOnAction(e -> vm.cancel());
        cancel.disableProperty().bind(vm.busyProperty().not());

        FlowPane settings = new FlowPane(10, 6,
                group(texts.get("explain.classA"), classA), group(texts.get("explain.classB"), classB),
                group(texts.get("explain.layer"), layer), group(texts.get("explain.opacity"), opacity), smooth,
                group(texts.get("explain.patch"), patch), group(texts.get("explain.stride"), stride),
                new HBox(8, bar, cancel, status));
        settings.setAlignment(Pos.CENTER_LEFT);

        // ---- the maps: a row per class, a column per method
        GridPane grid = new GridPane();
        grid.setId("xp-grid");
        grid.setHgap(12);
        grid.setVgap(6);
        String[] methods = {"explain.saliency.title", "explain.gradcam.title", "explain.occlusion.title"};
        for (int m = 0; m < 3; m++) {
            Label h = new Label(texts.get(methods[m]));
            h.getStyleClass().add("section-title");
            grid.add(h, m + 1, 0);
        }
        for (int r = 0; r < 2; r++) {
            rowTitles[r].setId(r == 0 ? "xp-row-a" : "xp-row-b");
            rowTitles[r].getStyleClass().add("section-title");
            rowTitles[r].setWrapText(true);
            rowTitles[r].setMaxWidth(110);
            rowTitles[r].setMinWidth(90);
            grid.add(rowTitles[r], 0, 2 * r + 1);
            for (int m = 0; m < 3; m++) {
                cells[r][m] = new Cell("xp-" + (r == 0 ? "a" : "b") + "-" + new String[]{"saliency", "gradcam",
                    "occlusion"}[m]);
                grid.add(cells[r][m].frame, m + 1, 2 * r + 1);
                grid.add(cells[r][m].caption, m + 1, 2 * r + 2);
            }
        }
        ImageView heatBar = new ImageView(FxImages.toFx(HeatmapImages.colourBar(120, 12, false)));
        ImageView signedBar = new ImageView(FxImages.toFx(HeatmapImages.colourBar(120, 12, true)));
        HBox legend = new HBox(8, new Label(texts.get("explain.legendHeat")), heatBar,
                new Label(texts.get("explain.legendSigned")), signedBar);
        legend.setAlignment(Pos.CENTER_LEFT);
        vm.rowAProperty().addListener((o, a, b) -> showRow(0, b));
        vm.rowBProperty().addListener((o, a, b) -> showRow(1, b));
        showRow(0, null);
        showRow(1, null);

        VBox centre = new VBox(10, top, settings, grid, legend);
        centre.setPadding(new Insets(10));
        ScrollPane centreScroll = new ScrollPane(centre);
        centreScroll.setFitToWidth(true);
        setCenter(centreScroll);
        setRight(explanations());
        fillClasses();
    }

    /** What each map is, how to read it and where it stops helping. */
    private ScrollPane explanations() {
        VBox box = new VBox(10);
        box.setId("xp-explanations");
        box.setPadding(new Insets(10));
        Label intro = new Label(texts.get("explain.intro"));
        intro.setWrapText(true);
        box.getChildren().add(intro);
        String[][] keys = {
            {"explain.saliency.title", "explain.saliency.what", "explain.saliency.read", "explain.saliency.limits"},
            {"explain.gradcam.title", "explain.gradcam.what", "explain.gradcam.read", "explain.gradcam.limits"},
            {"explain.occlusion.title", "explain.occlusion.what", "explain.occlusion.read", "explain.occlusion.limits"}};
        for (String[] k : keys) {
            Label t = new Label(texts.get(k[0]));
            t.getStyleClass().add("section-title");
            Label what = new Label(texts.get(k[1]));
            Label read = new Label(texts.get(k[2]));
            Label limits = new Label(texts.get(k[3]));
            limits.getStyleClass().add("muted");
            for (Label l : new Label[]{what, read, limits}) {
                l.setWrapText(true);
            }
            box.getChildren().add(new VBox(4, t, what, read, limits));
        }
        ScrollPane scroll = new ScrollPane(box);
        scroll.setFitToWidth(true);
        scroll.setPrefWidth(360);
        scroll.setMinWidth(260);
        return scroll;
    }

    /** The maps on screen of row r (0: the first class) and method m (0 saliency, 1 Grad-CAM, 2 occlusion). */
    public ImageView mapView(int r, int m) {
        return cells[r][m].image;
    }

    private void showRow(int r, ExplainViewModel.Row row) {
        rowTitles[r].setText(row == null ? "" : texts.className(row.cls()));
        ArgbImage[] images = row == null ? new ArgbImage[3] : new ArgbImage[]{row.saliency(), row.gradCam(), row.occlusion()};
        String[] captions = row == null ? new String[]{"", "", ""}
                : new String[]{row.saliencyCaption(), row.gradCamCaption(), row.occlusionCaption()};
        for (int m = 0; m < 3; m++) {
            cells[r][m].image.setImage(images[m] == null ? null : FxImages.toFx(images[m]));
            cells[r][m].image.setUserData(images[m]);
            cells[r][m].caption.setText(captions[m]);
        }
    }

    private void fillClasses() {
        updating = true;
        try {
            int n = vm.classesProperty().get();
            var a = new java.util.ArrayList<Integer>();
            for (int c = 0; c < n; c++) {
                a.add(c);
            }
            classA.getItems().setAll(a);
            var b = new java.util.ArrayList<Integer>();
            b.add(-1);
            b.addAll(a);
            classB.getItems().setAll(b);
            select(classA, vm.classAProperty().get());
            select(classB, vm.classBProperty().get());
        } finally {
            updating = false;
        }
    }

    private void classBox(ComboBox<Integer> box, String id, boolean withNone) {
        box.setId(id);
        box.setVisibleRowCount(11);
        box.setConverter(converter(c -> c < 0 ? texts.get("explain.none") : texts.className(c)));
        box.setMinWidth(130);
    }

    private <T> void select(ComboBox<T> box, T value) {
        updating = true;
        try {
            if (box.getItems().contains(value)) {
                box.getSelectionModel().select(value);
            } else {
                box.getSelectionModel().clearSelection();
            }
        } finally {
            updating = false;
        }
    }

    private void setQuietly(Spinner<Integer> s, int value) {
        updating = true;
        try {
            s.getValueFactory().setValue(value);
        } finally {
            updating = false;
        }
    }

    private static HBox group(String label, javafx.scene.Node control) {
        Label l = new Label(label);
        l.setMinWidth(Region.USE_PREF_SIZE);
        HBox h = new HBox(6, l, control);
        h.setAlignment(Pos.CENTER_LEFT);
        return h;
    }

    private static StringConverter<Integer> converter(java.util.function.IntFunction<String> name) {
        return new StringConverter<>() {
            @Override
            public String toString(Integer v) {
                return v == null ? "" : name.apply(v);
            }

            @Override
            public Integer fromString(String s) {
                return null;
            }
        };
    }

    /** One map and its caption. */
    private static final class Cell {
        final ImageView image = new ImageView();
        final javafx.scene.layout.StackPane frame = new javafx.scene.layout.StackPane(image);
        final Label caption = new Label();

        Cell(String id) {
            frame.setMinSize(MAP, MAP);
            frame.setPrefSize(MAP, MAP);
            frame.setMaxSize(MAP, MAP);
            frame.getStyleClass().add("xp-frame");
            image.setId(id);
            image.setSmooth(false);
            image.setFitWidth(MAP);
            image.setFitHeight(MAP);
            image.setPreserveRatio(true);
            caption.setWrapText(true);
            caption.setMaxWidth(MAP);
            caption.setMinHeight(Region.USE_PREF_SIZE);
            caption.getStyleClass().add("muted");
            caption.setId(id + "-caption");
            GridPane.setValignment(caption, javafx.geometry.VPos.TOP);
            HBox.setHgrow(image, Priority.NEVER);
        }
    }
}
