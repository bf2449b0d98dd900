package org.alexnetstudio.ui.explain;

import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Spinner;
import javafx.scene.image.ImageView;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;
import org.alexnetstudio.train.explain.ActivationMaximisation;
import org.alexnetstudio.ui.shared.FxImages;
import org.alexnetstudio.ui.shared.Texts;

/** The Filters tab's "What does a unit want to see?": settings, progress and the grid of pictures. */
public final class ActivationMaxPane extends VBox {

    /** On-screen side of each picture. */
    public static final double TILE = 112;

    private final FlowPane grid = new FlowPane(8, 8);
    private boolean updating;

    public ActivationMaxPane(Texts texts, ActivationMaxViewModel vm) {
        setId("actmax-pane");
        setSpacing(8);
        setPadding(new Insets(10));
        Label title = new Label(texts.get("actmax.title"));
        title.getStyleClass().add("section-title");
        Label about = new Label(texts.get("actmax.about"));
        Label limits = new Label(texts.get("actmax.limits"));
        limits.getStyleClass().add("muted");
        for (Label l : new Label[]{about, limits}) {
            l.setWrapText(true);
            l.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
            l.setMaxWidth(Double.MAX_VALUE);
        }

        ComboBox<Integer> layer = new ComboBox<>(vm.convLayers());
        layer.setId("actmax-layer");
        layer.setConverter(new StringConverter<>() {
            @Override
            public String toString(Integer i) {
                return i == null ? "" : texts.fmt("explain.layerItem", i, vm.convLayers().indexOf(i) + 1,
                        vm.convLayers().size());
            }

            @Override
            public Integer fromString(String s) {
                return null;
            }
        });
        layer.setOnAction(e -> {
            if (!updating && layer.getValue() != null) {
                vm.chooseLayer(layer.getValue());
            }
        });
        Runnable showLayer = () -> {
            updating = true;
            try {
                if (vm.convLayers().contains(vm.convProperty().get())) {
                    layer.getSelectionModel().select(Integer.valueOf(vm.convProperty().get()));
                } else {
                    layer.getSelectionModel().clearSelection();
                }
            } finally {
                updating = false;
            }
        };
        vm.convProperty().addListener((o, a, b) -> showLayer.run());
        vm.convLayers().addListener((ListChangeListener<Integer>) c -> showLayer.run());
        Spinner<Integer> filter = new Spinner<>(0, 4095, 0);
        filter.setId("actmax-filter");
        filter.setEditable(true);
        filter.setPrefWidth(80);
        filter.valueProperty().addListener((o, a, b) -> vm.chooseFilter(b));
        vm.filterProperty().addListener((o, a, b) -> filter.getValueFactory().setValue(b.intValue()));
        ComboBox<Integer> steps = new ComboBox<>();
        steps.setId("actmax-steps");
        steps.getItems().setAll(50, 100, 200, 400);
        steps.setValue(vm.stepsProperty().get());
        steps.setOnAction(e -> vm.setSteps(steps.getValue()));
        ComboBox<ActivationMaximisation.Start> start = new ComboBox<>();
        start.setId("actmax-start");
        start.getItems().setAll(ActivationMaximisation.Start.values());
        start.setValue(vm.startProperty().get());
        start.setConverter(new StringConverter<>() {
            @Override
            public String toString(ActivationMaximisation.Start s) {
                return s == null ? "" : texts.get(s == ActivationMaximisation.Start.GREY ? "actmax.grey" : "actmax.noise");
            }

            @Override
            public ActivationMaximisation.Start fromString(String s) {
                return null;
            }
        });
        start.setOnAction(e -> vm.setStart(start.getValue()));

        Button one = new Button(texts.get("actmax.oneFilter"));
        one.setId("actmax-one");
        one.setOnAction(e -> vm.visualiseFilter());
        Button first = new Button(texts.fmt("actmax.firstFilters", ActivationMaxViewModel.FIRST_FILTERS));
        first.setId("actmax-filters");
        first.setOnAction(e -> vm.visualiseFilters());
        for (Button b : new Button[]{one, first}) {
            b.disableProperty().bind(vm.convProperty().lessThan(0).or(vm.busyProperty()));
        }
        Button classes = new Button(texts.get("actmax.classes"));
        classes.setId("actmax-classes");
        classes.setOnAction(e -> vm.visualiseClasses());
        classes.disableProperty().bind(vm.runProperty().isNull().or(vm.busyProperty()));
        ProgressBar bar = new ProgressBar();
        bar.setId("actmax-progress");
        bar.setPrefWidth(160);
        bar.progressProperty().bind(vm.progressProperty());
        bar.visibleProperty().bind(vm.busyProperty());
        Button cancel = new Button(texts.get("explain.cancel"));
        cancel.setId("actmax-cancel");
        cancel.setOnAction(e -> vm.cancel());
        cancel.disableProperty().bind(vm.busyProperty().not());
        Label status = new Label();
        status.setId("actmax-status");
        status.textProperty().bind(vm.statusProperty());

        FlowPane controls = new FlowPane(10, 6, labelled(texts.get("actmax.layer"), layer),
                labelled(texts.get("actmax.filter"), filter), labelled(texts.get("actmax.steps"), steps),
                labelled(texts.get("actmax.start"), start), one, first, classes, new HBox(8, bar, cancel, status));
        controls.setAlignment(Pos.CENTER_LEFT);
        Label gridTitle = new Label();
        gridTitle.getStyleClass().add("section-title");
        gridTitle.textProperty().bind(vm.titleProperty());
        grid.setId("actmax-grid");
        vm.tiles().addListener((ListChangeListener<ActivationMaxViewModel.Tile>) c -> rebuild(vm));
        ScrollPane scroll = new ScrollPane(grid);
        scroll.setFitToWidth(true);
        VBox.setVgrow(scroll, Priority.ALWAYS);
        getChildren().addAll(title, about, limits, controls, gridTitle, scroll);
    }

    /** Pictures in the grid. */
    public int tileCount() {
        return grid.getChildren().size();
    }

    private void rebuild(ActivationMaxViewModel vm) {
        grid.getChildren().setAll(vm.tiles().stream().map(t -> {
            ImageView v = FxImages.view(t.image(), TILE);
            Label caption = new Label(t.caption());
            caption.setWrapText(true);
            caption.setMaxWidth(TILE);
            caption.getStyleClass().add("muted");
            VBox box = new VBox(2, v, caption);
            box.getStyleClass().add("actmax-tile");
            return box;
        }).toList());
    }

    private static HBox labelled(String text, javafx.scene.Node control) {
        Label l = new Label(text);
        l.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        HBox h = new HBox(6, l, control);
        h.setAlignment(Pos.CENTER_LEFT);
        return h;
    }
}
