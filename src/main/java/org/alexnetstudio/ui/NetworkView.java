package org.alexnetstudio.ui;

import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Separator;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.Duration;
import org.alexnetstudio.ui.shared.LazyTooltip;
import javafx.util.StringConverter;
import org.alexnetstudio.model.NetworkSpec;

/**
 * The Network tab: palette on the left; input, inline error, the layer table with totals and the
 * diagram in the middle; the selected layer's settings and explanation on the right.
 */
final class NetworkView extends BorderPane {

    private final StudioViewModel vm;
    private final I18n i18n;
    final LayerTable table;
    final Spinner<Integer> channels = new Spinner<>();
    final Spinner<Integer> size = new Spinner<>();
    private boolean refreshingInput;

    NetworkView(StudioViewModel vm) {
        this.vm = vm;
        this.i18n = vm.i18n();
        setId("network-view");
        table = new LayerTable(vm);

        setLeft(palette());

        VBox center = new VBox(8, inputBar(), new ErrorBanner(vm), table, totals());
        center.setPadding(new Insets(10));
        VBox.setVgrow(table, Priority.ALWAYS);
        ScrollPane diagram = new ScrollPane(new StackDiagram(vm));
        diagram.setId("diagram-scroll");
        diagram.setFitToHeight(true);
        diagram.setPrefHeight(StackDiagram.HEIGHT + 24);
        diagram.setMinHeight(80);
        diagram.getStyleClass().add("diagram");
        SplitPane split = new SplitPane(center, diagram);
        split.setOrientation(Orientation.VERTICAL);
        split.setDividerPositions(0.74);
        SplitPane.setResizableWithParent(diagram, false);
        setCenter(split);

        VBox right = new VBox(16, new LayerEditor(vm), new Separator(), new ExplanationPanel(vm));
        right.setPadding(new Insets(12));
        right.getStyleClass().add("side-panel");
        ScrollPane rightScroll = new ScrollPane(right);
        rightScroll.setFitToWidth(true);
        rightScroll.setPrefWidth(300);
        rightScroll.setMinWidth(260);
        rightScroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        setRight(rightScroll);
    }

    private Region palette() {
        VBox box = new VBox(4);
        box.setId("palette");
        box.getStyleClass().add("palette");
        box.setPadding(new Insets(10));
        Label title = new Label(i18n.get("palette.title"));
        title.getStyleClass().add("section-title");
        Label hint = new Label(i18n.get("palette.hint"));
        hint.getStyleClass().add("muted");
        hint.setWrapText(true);
        box.getChildren().addAll(title, hint);
        for (LayerKinds.Kind kind : LayerKinds.all()) {
            Label name = new Label(kind.name());
            name.getStyleClass().add("palette-kind");
            name.setMinWidth(Region.USE_PREF_SIZE); // "LocalResponseNorm" whole, never "LocalRespons…"
            Label sub = new Label(i18n.get("kind." + kind.name()));
            sub.getStyleClass().add("palette-sub");
            sub.setMinWidth(Region.USE_PREF_SIZE); // "average-pooling layer", never "average-pooling la…"
            VBox text = new VBox(0, name, sub);
            Button b = new Button();
            b.setGraphic(text);
            b.setId("palette-" + kind.name());
            b.getStyleClass().addAll("palette-item", LayerKinds.styleClass(kind.name()));
            b.setMaxWidth(Double.MAX_VALUE);
            b.setAlignment(Pos.CENTER_LEFT);
            b.setUserData(kind.defaults());
            LazyTooltip.install(b, () -> {
                Tooltip tip = new Tooltip(i18n.fmt("palette.tooltip", kind.defaults().kind(),
                        kind.defaults().settings().isEmpty() ? "" : "(" + kind.defaults().settings() + ")",
                        kind.shortcut() == null ? "" : "Ctrl+Shift+" + kind.shortcut()));
                tip.setShowDelay(Duration.millis(400));
                return tip;
            });
            b.setOnAction(e -> vm.addLayer(kind.defaults()));
            // Press-drag-release gesture: the table reads the layer from the source's user data.
            b.setOnDragDetected(e -> {
                b.startFullDrag();
                e.consume();
            });
            box.getChildren().add(b);
        }
        ScrollPane scroll = new ScrollPane(box);
        scroll.setFitToWidth(true);
        scroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        scroll.setPrefWidth(178);
        scroll.setMinWidth(Region.USE_PREF_SIZE);
        // As wide as the widest entry (in this language's texts and fonts), plus the scroll bar.
        javafx.application.Platform.runLater(() -> {
            box.applyCss();
            double widest = box.getChildren().stream().filter(n -> n instanceof Button)
                    .mapToDouble(n -> n.prefWidth(-1)).max().orElse(0);
            double w = Math.ceil(widest + box.getPadding().getLeft() + box.getPadding().getRight()) + 16;
            scroll.setPrefWidth(Math.max(178, w));
        });
        return scroll;
    }

    private Region inputBar() {
        Label label = new Label(i18n.get("input.label"));
        label.getStyleClass().add("section-title");
        setup(channels, 1, 64, "input-channels");
        setup(size, 1, 4096, "input-size");
        Label channelsLabel = new Label(i18n.get("input.channels"));
        channelsLabel.setLabelFor(channels);
        Label sizeLabel = new Label(i18n.get("input.size"));
        sizeLabel.setLabelFor(size);
        Label shape = new Label();
        shape.setId("input-shape");
        shape.getStyleClass().add("mono");
        Label note = new Label(i18n.get("input.note"));
        note.getStyleClass().add("muted");
        vm.specProperty().addListener((o, a, b) -> showInput(b, shape));
        showInput(vm.getSpec(), shape);
        FlowPane bar = new FlowPane(8, 6, label, channelsLabel, channels, sizeLabel, size, shape, note);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setId("input-bar");
        return bar;
    }

    private void setup(Spinner<Integer> s, int min, int max, String id) {
        var factory = new SpinnerValueFactory.IntegerSpinnerValueFactory(min, max, min);
        factory.setConverter(new StringConverter<>() {
            @Override
            public String toString(Integer v) {
                return v == null ? "" : v.toString();
            }

            @Override
            public Integer fromString(String text) {
                try {
                    int v = Integer.parseInt(text.trim());
                    return v >= min && v <= max ? v : factory.getValue();
                } catch (NumberFormatException e) {
                    return factory.getValue();
                }
            }
        });
        s.setValueFactory(factory);
        s.setEditable(true);
        s.setId(id);
        s.setPrefWidth(96);
        s.valueProperty().addListener((o, a, b) -> applyInput());
        s.getEditor().textProperty().addListener((o, a, b) -> {
            if (refreshingInput) {
                return;
            }
            boolean ok;
            try {
                int v = Integer.parseInt(b.trim());
                ok = v >= min && v <= max;
                if (ok) {
                    applyInput(s, v);
                }
            } catch (NumberFormatException e) {
                ok = false;
            }
            s.pseudoClassStateChanged(LayerEditor.INVALID, !ok);
            s.setTooltip(ok ? null : new Tooltip(i18n.fmt("invalid.range", min, max)));
        });
    }

    private void applyInput() {
        if (!refreshingInput) {
            vm.setInput(channels.getValue(), size.getValue());
        }
    }

    private void applyInput(Spinner<Integer> typedIn, int value) {
        int c = typedIn == channels ? value : channels.getValue();
        int s = typedIn == size ? value : size.getValue();
        vm.setInput(c, s);
    }

    private void showInput(NetworkSpec spec, Label shape) {
        refreshingInput = true;
        try {
            if (spec.input().isSpatial()) {
                setIfDifferent(channels, spec.input().channels());
                setIfDifferent(size, spec.input().height());
            }
            shape.setText("= " + spec.input());
        } finally {
            refreshingInput = false;
        }
    }

    private static void setIfDifferent(Spinner<Integer> s, int value) {
        if (!Integer.valueOf(value).equals(s.getValue())) {
            s.getValueFactory().setValue(value);
        }
        String text = s.getEditor().getText().trim();
        if (!text.equals(String.valueOf(value))) {
            s.getEditor().setText(String.valueOf(value));
        }
        s.pseudoClassStateChanged(LayerEditor.INVALID, false);
    }

    private Region totals() {
        FlowPane bar = new FlowPane(18, 4);
        bar.setId("totals");
        bar.getStyleClass().add("totals");
        bar.getChildren().addAll(
                total(i18n.get("totals.parameters"), "total-parameters", vm.totalParametersProperty()),
                total(i18n.get("totals.weights"), "total-weights", vm.weightSizeProperty()),
                total(i18n.get("totals.macs"), "total-macs", vm.totalMacsProperty()),
                total(i18n.get("totals.activations"), "total-activations", vm.activationMemoryProperty()),
                total(i18n.fmt("totals.epoch", Units.count(i18n.locale(), vm.getEpochImages())), "total-epoch",
                        vm.epochTimeProperty()));
        return bar;
    }

    private HBox total(String title, String id, javafx.beans.value.ObservableStringValue value) {
        Label name = new Label(title);
        name.getStyleClass().add("total-name");
        Label v = new Label();
        v.setId(id);
        v.getStyleClass().add("total-value");
        v.textProperty().bind(value);
        HBox box = new HBox(5, name, v);
        box.setAlignment(Pos.BASELINE_LEFT);
        return box;
    }
}
