package org.alexnetstudio.ui;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import javafx.css.PseudoClass;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.alexnetstudio.model.LayerReport;
import org.alexnetstudio.model.LayerSpec;
import org.alexnetstudio.ui.LayerField.IntPair;
import org.alexnetstudio.ui.shared.LazyTooltip;

/**
 * The settings form of the selected layer: a spinner per size, a pair of spinners for h×w, a
 * slider for dropout p. Every keystroke that gives a valid value is applied at once; text that is
 * not a valid value is marked on the field with the reason and never applied.
 */
final class LayerEditor extends VBox {

    static final PseudoClass INVALID = PseudoClass.getPseudoClass("invalid");
    static final PseudoClass SHAPE_ERROR = PseudoClass.getPseudoClass("shape-error");

    private final StudioViewModel vm;
    private final I18n i18n;
    private final Label heading = new Label();
    private final Label hint = new Label();
    private final GridPane grid = new GridPane();
    private final List<FieldControl> controls = new ArrayList<>();
    private int shownIndex = -1;
    private String shownKind;
    private boolean refreshing;

    LayerEditor(StudioViewModel vm) {
        this.vm = vm;
        this.i18n = vm.i18n();
        setId("layer-editor");
        getStyleClass().add("layer-editor");
        setSpacing(8);
        heading.getStyleClass().add("section-title");
        heading.setId("editor-heading");
        hint.getStyleClass().add("muted");
        hint.setWrapText(true);
        grid.setHgap(8);
        grid.setVgap(3);
        getChildren().addAll(heading, grid, hint);
        vm.selectedLayerProperty().addListener((o, a, b) -> refresh());
        vm.analysisProperty().addListener((o, a, b) -> markShapeError());
        refresh();
    }

    private void refresh() {
        int index = vm.getSelectedIndex();
        LayerSpec layer = vm.getSelectedLayer();
        if (layer == null) {
            heading.setText(i18n.get("editor.none"));
            grid.getChildren().clear();
            controls.clear();
            hint.setText(i18n.get("editor.hintNone"));
            shownIndex = -1;
            shownKind = null;
            return;
        }
        heading.setText(i18n.fmt("editor.heading", layer.kind(), index));
        if (index != shownIndex || !layer.kind().equals(shownKind)) {
            build(index, layer);
        }
        refreshing = true;
        try {
            for (FieldControl c : controls) {
                c.show(c.field.get(layer));
            }
        } finally {
            refreshing = false;
        }
        markShapeError();
    }

    private void build(int index, LayerSpec layer) {
        shownIndex = index;
        shownKind = layer.kind();
        grid.getChildren().clear();
        controls.clear();
        List<LayerField> fields = LayerForms.of(layer);
        hint.setText(fields.isEmpty() ? i18n.get("editor.noSettings") : i18n.get("editor.hint"));
        int row = 0;
        for (LayerField field : fields) {
            Label label = new Label(i18n.get("field." + field.name()));
            label.setMinWidth(Label.USE_PREF_SIZE);
            FieldControl control = switch (field.type()) {
                case INT -> new IntControl(field);
                case PAIR -> new PairControl(field);
                case DOUBLE -> new TextControl(field);
                case PROBABILITY -> new SliderControl(field);
            };
            Label message = new Label();
            message.getStyleClass().add("field-message");
            message.setWrapText(true);
            message.setManaged(false);
            message.setVisible(false);
            control.message = message;
            label.setLabelFor(control.node);
            label.getStyleClass().add("field-label");
            // Label above its control: the side panel stays narrow enough for small laptop screens.
            grid.add(label, 0, row);
            grid.add(control.node, 0, row + 1);
            GridPane.setHgrow(control.node, Priority.ALWAYS);
            grid.add(message, 0, row + 2);
            controls.add(control);
            row += 3;
        }
    }

    /** Marks the field that the model blames for this layer's shape error. */
    private void markShapeError() {
        LayerReport bad = vm.getFirstError();
        for (FieldControl c : controls) {
            boolean blamed = bad != null && bad.index() == shownIndex && bad.error().field().equals(c.field.name());
            c.node.pseudoClassStateChanged(SHAPE_ERROR, blamed);
            if (!c.invalid) {
                c.setMessage(blamed ? bad.error().message(i18n.locale()) : null, blamed);
            }
        }
    }

    /** Applies a value the student entered to the shown layer. */
    private void apply(LayerField field, Object value) {
        if (!refreshing && shownIndex >= 0) {
            vm.setField(shownIndex, field, value);
        }
    }

    private abstract class FieldControl {
        final LayerField field;
        Node node;
        Label message;
        boolean invalid;

        FieldControl(LayerField field) {
            this.field = field;
        }

        abstract void show(Object value);

        void setMessage(String text, boolean error) {
            message.setText(text == null ? "" : text);
            message.setVisible(text != null);
            message.setManaged(text != null);
            message.pseudoClassStateChanged(INVALID, error);
        }

        /** Reads typed text; applies it if valid, else marks the field with the reason. */
        void typed(String text, Node where, Consumer<Object> accept) {
            LayerField.Parsed p = field.parse(text);
            invalid = !p.ok();
            where.pseudoClassStateChanged(INVALID, invalid);
            if (invalid) {
                setMessage(i18n.fmt(p.errorKey(), p.errorArgs()), true);
            } else {
                setMessage(null, false);
                accept.accept(p.value());
                markShapeError();
            }
        }
    }

    private final class IntControl extends FieldControl {
        final Spinner<Integer> spinner = new Spinner<>();

        IntControl(LayerField field) {
            super(field);
            spinner.setValueFactory(intFactory(field));
            spinner.setEditable(true);
            spinner.setId("field-" + field.name());
            spinner.setPrefWidth(110);
            spinner.valueProperty().addListener((o, a, b) -> {
                if (b != null && !invalid) {
                    apply(field, b);
                }
            });
            spinner.getEditor().textProperty().addListener((o, a, b) -> {
                if (!refreshing) {
                    typed(b, spinner, v -> apply(field, v));
                }
            });
            node = spinner;
        }

        @Override
        void show(Object value) {
            setSpinner(spinner, (Integer) value);
        }
    }

    private final class PairControl extends FieldControl {
        final Spinner<Integer> h = new Spinner<>();
        final Spinner<Integer> w = new Spinner<>();
        final ToggleButton link = new ToggleButton("=");
        IntPair current = new IntPair(1, 1);

        PairControl(LayerField field) {
            super(field);
            for (Spinner<Integer> s : List.of(h, w)) {
                s.setValueFactory(intFactory(field));
                s.setEditable(true);
                s.setPrefWidth(84);
                s.setMinWidth(80);
                s.valueProperty().addListener((o, a, b) -> {
                    if (b != null && !invalid) {
                        changed(s, b);
                    }
                });
                s.getEditor().textProperty().addListener((o, a, b) -> {
                    if (!refreshing) {
                        typed(b, s, v -> changed(s, ((IntPair) v).h()));
                    }
                });
            }
            h.setId("field-" + field.name() + "-h");
            w.setId("field-" + field.name() + "-w");
            link.setId("field-" + field.name() + "-link");
            link.getStyleClass().add("link-toggle");
            LazyTooltip.install(link, () -> new Tooltip(i18n.get("editor.linkTooltip")));
            Label times = new Label("×");
            HBox box = new HBox(4, h, times, w, link);
            box.setAlignment(Pos.CENTER_LEFT);
            node = box;
        }

        private void changed(Spinner<Integer> which, int value) {
            if (refreshing) {
                return;
            }
            IntPair next = link.isSelected() ? new IntPair(value, value)
                    : which == h ? new IntPair(value, current.w()) : new IntPair(current.h(), value);
            apply(field, next);
        }

        @Override
        void show(Object value) {
            current = (IntPair) value;
            setSpinner(h, current.h());
            setSpinner(w, current.w());
            link.setSelected(current.h() == current.w());
        }
    }

    private final class TextControl extends FieldControl {
        final TextField text = new TextField();

        TextControl(LayerField field) {
            super(field);
            text.setId("field-" + field.name());
            text.setPrefColumnCount(8);
            text.textProperty().addListener((o, a, b) -> {
                if (!refreshing) {
                    typed(b, text, v -> apply(field, v));
                }
            });
            node = text;
        }

        @Override
        void show(Object value) {
            LayerField.Parsed p = field.parse(text.getText());
            if (!p.ok() || !p.value().equals(value)) {
                text.setText(LayerField.display(value));
            }
            invalid = false;
            text.pseudoClassStateChanged(INVALID, false);
        }
    }

    private final class SliderControl extends FieldControl {
        final Slider slider = new Slider(0, 0.95, 0.5);
        final TextField text = new TextField();

        SliderControl(LayerField field) {
            super(field);
            slider.setId("field-" + field.name());
            slider.setMajorTickUnit(0.25);
            slider.setMinorTickCount(4);
            slider.setShowTickMarks(true);
            slider.setBlockIncrement(0.05);
            slider.valueProperty().addListener((o, a, b) -> {
                if (!refreshing) {
                    // Snap to 0.05 so the value reads like the book's (0.5, not 0.4987).
                    apply(field, Math.round(b.doubleValue() * 20) / 20.0);
                }
            });
            text.setId("field-" + field.name() + "-text");
            text.setPrefColumnCount(4);
            text.textProperty().addListener((o, a, b) -> {
                if (!refreshing) {
                    typed(b, text, v -> apply(field, v));
                }
            });
            HBox box = new HBox(6, slider, text);
            box.setAlignment(Pos.CENTER_LEFT);
            HBox.setHgrow(slider, Priority.ALWAYS);
            node = box;
        }

        @Override
        void show(Object value) {
            double p = (Double) value;
            slider.setValue(p);
            LayerField.Parsed parsed = field.parse(text.getText());
            if (!parsed.ok() || !parsed.value().equals(value)) {
                text.setText(LayerField.display(value));
            }
            invalid = false;
            text.pseudoClassStateChanged(INVALID, false);
        }
    }

    /** Shows a value without disturbing the student's typing when the text already means it. */
    private void setSpinner(Spinner<Integer> s, int value) {
        String typed = s.getEditor().getText();
        boolean same;
        try {
            same = Integer.parseInt(typed.trim()) == value;
        } catch (NumberFormatException e) {
            same = false;
        }
        s.getValueFactory().setValue(value);
        if (!same) {
            s.getEditor().setText(String.valueOf(value));
        }
        s.pseudoClassStateChanged(INVALID, false);
        for (FieldControl c : controls) {
            if (c.node == s || (c.node instanceof HBox b && b.getChildren().contains(s))) {
                c.invalid = false;
            }
        }
    }

    /** A spinner factory whose text converter never throws: unreadable or out-of-range text keeps the last value. */
    private static SpinnerValueFactory.IntegerSpinnerValueFactory intFactory(LayerField field) {
        var f = new SpinnerValueFactory.IntegerSpinnerValueFactory((int) field.min(), (int) field.max(), (int) field.min());
        f.setConverter(new javafx.util.StringConverter<>() {
            @Override
            public String toString(Integer value) {
                return value == null ? "" : value.toString();
            }

            @Override
            public Integer fromString(String text) {
                try {
                    int v = Integer.parseInt(text.trim());
                    return v >= field.min() && v <= field.max() ? v : f.getValue();
                } catch (NumberFormatException e) {
                    return f.getValue();
                }
            }
        });
        return f;
    }
}
