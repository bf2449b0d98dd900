package org.alexnetstudio.ui.filters;

import java.util.concurrent.Executor;
import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Slider;
import javafx.scene.control.SplitPane;
import javafx.scene.image.ImageView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.util.StringConverter;
import org.alexnetstudio.ui.Labels;
import org.alexnetstudio.ui.shared.FxImages;
import org.alexnetstudio.ui.shared.Texts;
import org.alexnetstudio.viz.ArgbImage;
import org.alexnetstudio.viz.Colormap;
import org.alexnetstudio.viz.KernelImages;

/** The Filters tab: kernel tiles with layer, channel, colour, zoom and epoch replay; feature maps below. */
public final class FiltersView extends BorderPane {

    private final FiltersViewModel vm;
    private final FlowPane tilePane = new FlowPane(3, 3);
    private final Slider zoom = new Slider(12, 96, 64);
    private final VBox mapRows = new VBox(6);
    private boolean tilesDirty;
    private SplitPane split;

    public FiltersView(Texts texts, FiltersViewModel vm, Executor background) {
        this.vm = vm;
        setId("filters-view");

        ComboBox<Integer> layer = new ComboBox<>();
        layer.setId("filters-layer");
        layer.setItems(vm.layers());
        layer.setConverter(new StringConverter<>() {
            @Override
            public String toString(Integer specIndex) {
                if (specIndex == null) {
                    return "";
                }
                int pos = vm.layers().indexOf(specIndex);
                return texts.fmt("filters.layerItem", pos + 1, specIndex, vm.layers().size());
            }

            @Override
            public Integer fromString(String s) {
                return null;
            }
        });
        layer.setOnAction(e -> {
            int pos = layer.getSelectionModel().getSelectedIndex();
            if (pos >= 0 && pos != vm.layerChoiceProperty().get()) {
                vm.chooseLayer(pos);
            }
        });
        vm.layers().addListener((ListChangeListener<Integer>) c -> Platform.runLater(() ->
                layer.getSelectionModel().select(Math.min(vm.layerChoiceProperty().get(), vm.layers().size() - 1))));

        ComboBox<Integer> channel = new ComboBox<>();
        channel.setId("filters-channel");
        channel.setConverter(new StringConverter<>() {
            @Override
            public String toString(Integer c) {
                return c == null ? "" : c == KernelImages.MEAN_OF_INPUTS ? texts.get("filters.mean")
                        : texts.fmt("filters.channel", c);
            }

            @Override
            public Integer fromString(String s) {
                return null;
            }
        });
        Runnable fillChannels = () -> {
            var items = new java.util.ArrayList<Integer>();
            items.add(KernelImages.MEAN_OF_INPUTS);
            for (int c = 0; c < Math.min(vm.inChannelsProperty().get(), 512); c++) {
                items.add(c);
            }
            if (!items.equals(channel.getItems())) {
                channel.getItems().setAll(items);
            }
            channel.getSelectionModel().select(Integer.valueOf(vm.inChannelProperty().get()));
        };
        vm.inChannelsProperty().addListener((o, a, b) -> fillChannels.run());
        vm.inChannelProperty().addListener((o, a, b) -> fillChannels.run());
        fillChannels.run();
        channel.setOnAction(e -> {
            Integer c = channel.getValue();
            if (c != null && c != vm.inChannelProperty().get()) {
                vm.chooseInChannel(c);
            }
        });
        channel.disableProperty().bind(vm.inChannelsProperty().lessThan(2));

        CheckBox diverging = new CheckBox(texts.get("filters.diverging"));
        diverging.setId("filters-diverging");
        diverging.setOnAction(e -> vm.setColormap(diverging.isSelected() ? Colormap.DIVERGING : Colormap.GREY));

        zoom.setId("filters-zoom");
        zoom.valueProperty().addListener((o, a, b) -> rebuildTiles());
        Label zoomLabel = new Label(texts.get("filters.zoom"));

        Slider epoch = new Slider(0, 0, 0);
        epoch.setId("filters-epoch");
        epoch.setMajorTickUnit(1);
        epoch.setMinorTickCount(0);
        epoch.setSnapToTicks(true);
        epoch.setShowTickMarks(true);
        epoch.setPrefWidth(260);
        epoch.maxProperty().bind(Bindings.max(0, vm.historySizeProperty().subtract(1)));
        vm.epochShownProperty().addListener((o, a, b) -> epoch.setValue(b.intValue()));
        epoch.valueProperty().addListener((o, a, b) -> {
            int i = (int) Math.round(b.doubleValue());
            if (i != vm.epochShownProperty().get()) {
                vm.showEpoch(i);
            }
        });
        epoch.disableProperty().bind(vm.historySizeProperty().lessThan(2));
        Label epochLabel = new Label(texts.get("filters.replay"));

        Button png = new Button(texts.get("filters.exportPng"));
        png.setId("filters-export-png");
        png.setOnAction(e -> {
            FileChooser c = new FileChooser();
            c.setInitialFileName("filters.png");
            c.getExtensionFilters().add(new FileChooser.ExtensionFilter("PNG", "*.png"));
            var f = c.showSaveDialog(getScene().getWindow());
            if (f != null) {
                ArgbImage grid = vm.grid(4);
                background.execute(() -> {
                    try {
                        FxImages.writePng(grid.toBufferedImage(), f.toPath());
                    } catch (java.io.IOException ex) {
                        System.err.println("PNG export failed: " + ex.getMessage());
                    }
                });
            }
        });

        Label layerLabel = new Label(texts.get("filters.layer"));
        for (Label l : new Label[] {layerLabel, zoomLabel, epochLabel}) {
            l.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        }
        diverging.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        png.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        layer.setMinWidth(220);
        channel.setMinWidth(200);
        HBox row1 = new HBox(10, layerLabel, layer, channel, diverging, png);
        row1.setAlignment(Pos.CENTER_LEFT);
        HBox row2 = new HBox(10, zoomLabel, zoom, epochLabel, epoch);
        row2.setAlignment(Pos.CENTER_LEFT);
        VBox controls = new VBox(6, row1, row2);
        Label caption = new Label();
        caption.setId("filters-caption");
        caption.textProperty().bind(vm.captionProperty());
        caption.setWrapText(true);
        Label historyNote = Labels.shownWhenSet(vm.historyNoteProperty(), "muted");
        historyNote.setId("filters-history-note");
        historyNote.setWrapText(true);
        // Rebuilt when seen: while training, the tab is usually hidden and each epoch brings new tiles.
        vm.tiles().addListener((ListChangeListener<ArgbImage>) c -> rebuildTilesIfShown());
        visibleProperty().addListener((o, a, now) -> {
            if (now && tilesDirty) {
                rebuildTiles();
            }
        });
        tilePane.setId("filters-tiles");
        tilePane.setPadding(new Insets(6));
        ScrollPane tileScroll = new ScrollPane(tilePane);
        tileScroll.setFitToWidth(true);
        VBox top = new VBox(8, controls, caption, historyNote, tileScroll);
        VBox.setVgrow(tileScroll, javafx.scene.layout.Priority.ALWAYS);
        top.setPadding(new Insets(10));

        // ---- feature maps
        Label mapsTitle = new Label(texts.get("maps.title"));
        mapsTitle.getStyleClass().add("section-title");
        Button prev = new Button("◀");
        prev.setId("maps-prev");
        prev.setOnAction(e -> vm.showImage(vm.imageIndexProperty().get() - 1));
        Button next = new Button("▶");
        next.setId("maps-next");
        next.setOnAction(e -> vm.showImage(vm.imageIndexProperty().get() + 1));
        Button show = new Button(texts.get("maps.show"));
        show.setId("maps-show");
        show.setOnAction(e -> vm.showImage(vm.imageIndexProperty().get()));
        Label imageCaption = new Label();
        imageCaption.textProperty().bind(vm.imageCaptionProperty());
        ImageView input = new ImageView();
        input.setSmooth(false);
        input.setFitWidth(96);
        input.setFitHeight(96);
        vm.inputImageProperty().addListener((o, a, b) -> input.setImage(b == null ? null : FxImages.toFx(b)));
        HBox mapsHead = new HBox(8, mapsTitle, prev, show, next, input, imageCaption);
        mapsHead.setAlignment(Pos.CENTER_LEFT);
        vm.featureMaps().addListener((ListChangeListener<FiltersViewModel.LayerMaps>) c -> rebuildMaps(texts));
        ScrollPane mapScroll = new ScrollPane(mapRows);
        mapScroll.setFitToWidth(true);
        VBox bottom = new VBox(8, mapsHead, mapScroll);
        VBox.setVgrow(mapScroll, javafx.scene.layout.Priority.ALWAYS);
        bottom.setPadding(new Insets(10));

        split = new SplitPane(top, bottom);
        split.setOrientation(Orientation.VERTICAL);
        split.setDividerPositions(0.6);
        setCenter(split);
    }

    /** Adds a pane below the feature maps (activation maximisation, issue 19). */
    public void addSection(javafx.scene.Node pane) {
        split.getItems().add(pane);
        split.setDividerPositions(0.33, 0.45);
    }

    /** Tiles on screen (one per output channel of the chosen layer). */
    public int tileCount() {
        if (tilesDirty) {
            rebuildTiles();
        }
        return tilePane.getChildren().size();
    }

    private void rebuildTilesIfShown() {
        if (isVisible() && getScene() != null) {
            rebuildTiles();
        } else {
            tilesDirty = true;
        }
    }

    private void rebuildTiles() {
        tilesDirty = false;
        double size = zoom.getValue();
        tilePane.getChildren().setAll(vm.tiles().stream().map(t -> {
            ImageView v = FxImages.crisp(t, size);
            v.getStyleClass().add("filter-tile");
            return v;
        }).toList());
    }

    private void rebuildMaps(Texts texts) {
        mapRows.getChildren().clear();
        for (FiltersViewModel.LayerMaps m : vm.featureMaps()) {
            Label name = new Label(texts.fmt("maps.layer", m.layerIndex(), m.kind(), m.shape()));
            name.setMinWidth(200);
            name.setMaxWidth(200);
            name.setWrapText(true);
            FlowPane tiles = new FlowPane(2, 2);
            for (ArgbImage t : m.tiles()) {
                ImageView v = t.height() == 1 ? FxImages.view(t, Math.min(600, Math.max(100, t.width() * 4)))
                        : FxImages.crisp(t, 48);
                if (t.height() == 1) {
                    v.setPreserveRatio(false);
                    v.setFitHeight(16);
                }
                tiles.getChildren().add(v);
            }
            HBox row = new HBox(8, name, tiles);
            HBox.setHgrow(tiles, javafx.scene.layout.Priority.ALWAYS);
            mapRows.getChildren().add(row);
        }
    }
}
