package org.alexnetstudio.ui;

import java.util.function.Function;
import javafx.css.PseudoClass;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.input.MouseDragEvent;
import javafx.util.Duration;
import org.alexnetstudio.ui.shared.LazyTooltip;
import org.alexnetstudio.model.LayerSpec;

/**
 * The stack as a table: one row per layer with its output shape, parameters, MACs and activation
 * memory. Rows are reordered by dragging; palette items can be dropped between rows. Drags use
 * JavaFX's press-drag-release gesture (not the platform clipboard) so they work everywhere.
 */
final class LayerTable extends TableView<LayerRow> {

    private java.util.List<TableColumn<LayerRow, ?>> numberColumns = java.util.List.of();
    private final java.util.Map<Object, Double> headerNeed = new java.util.HashMap<>();

    private static final PseudoClass ERROR = PseudoClass.getPseudoClass("error");
    private static final PseudoClass UNKNOWN = PseudoClass.getPseudoClass("unknown");
    private static final PseudoClass DROP_ABOVE = PseudoClass.getPseudoClass("drop-above");
    private static final PseudoClass DROP_BELOW = PseudoClass.getPseudoClass("drop-below");

    private final StudioViewModel vm;
    private boolean syncing;

    LayerTable(StudioViewModel vm) {
        super(vm.rows());
        this.vm = vm;
        I18n i18n = vm.i18n();
        setId("layer-table");
        getStyleClass().add("layer-table");
        setColumnResizePolicy(CONSTRAINED_RESIZE_POLICY_ALL_COLUMNS);
        setPlaceholder(new Label(i18n.get("table.empty")));

        TableColumn<LayerRow, String> index = column(i18n.get("column.index"), r -> String.valueOf(r.index()), 34);
        index.setId("column-index");
        index.setMinWidth(36);
        TableColumn<LayerRow, String> kind = column(i18n.get("column.layer"), LayerRow::kind, 125);
        kind.setId("column-layer");
        kind.setMinWidth(96);
        kind.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(String item, boolean empty) {
                super.updateItem(item, empty);
                getStyleClass().removeIf(s -> s.startsWith("group-"));
                if (empty || item == null) {
                    setText(null);
                } else {
                    setText(item);
                    getStyleClass().add(LayerKinds.styleClass(item));
                }
            }
        });
        TableColumn<LayerRow, String> settings = column(i18n.get("column.settings"), LayerRow::settings, 300);
        settings.setId("column-settings");
        settings.getStyleClass().add("mono");
        settings.setCellFactory(c -> new TableCell<>() {
            private final LazyTooltip.ForCell tip = new LazyTooltip.ForCell(this, t -> { });

            @Override
            protected void updateItem(String item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty ? null : item);
                // The full PyTorch arguments when the column is too narrow for them.
                tip.setText(empty ? null : item);
            }
        });
        TableColumn<LayerRow, LayerRow> output = new TableColumn<>(i18n.get("column.output"));
        output.setId("column-output");
        output.setPrefWidth(120);
        output.setMinWidth(112);
        output.setSortable(false);
        output.setCellValueFactory(c -> new javafx.beans.property.ReadOnlyObjectWrapper<>(c.getValue()));
        output.setCellFactory(c -> new OutputCell(i18n));
        TableColumn<LayerRow, String> params = column(i18n.get("column.parameters"), LayerRow::parameters, 95);
        params.setId("column-parameters");
        TableColumn<LayerRow, String> macs = column(i18n.get("column.macs"), LayerRow::macs, 80);
        macs.setId("column-macs");
        TableColumn<LayerRow, String> memory = column(i18n.get("column.memory"), LayerRow::memory, 90);
        memory.setId("column-memory");
        for (TableColumn<LayerRow, ?> c : java.util.List.of(params, macs, memory)) {
            c.setStyle("-fx-alignment: CENTER-RIGHT;");
        }
        getColumns().setAll(java.util.List.of(index, kind, settings, output, params, macs, memory));
        numberColumns = java.util.List.of(params, macs, memory);

        setRowFactory(t -> new LayerTableRow());
        // Headers are never cut off ("Paramet…"): each column at least as wide as its title; a table
        // narrower than all titles scrolls sideways instead.
        skinProperty().addListener((o, a, b) -> javafx.application.Platform.runLater(this::fitHeaders));
        setMinWidth(120); // the columns' minimums must not push the side panels out of a small window

        // Selection: the view model is the truth; the table follows it and reports clicks.
        getSelectionModel().selectedIndexProperty().addListener((o, a, b) -> {
            if (!syncing && b.intValue() >= 0) {
                vm.select(b.intValue());
            }
        });
        vm.selectedIndexProperty().addListener((o, a, b) -> syncSelection());
        vm.rows().addListener((javafx.collections.ListChangeListener<LayerRow>) c -> syncSelection());
        // Numbers are never cut off ("415.…"): their columns grow with the widest value.
        vm.rows().addListener((javafx.collections.ListChangeListener<LayerRow>) c -> fitNumbers());
        syncSelection();

        // Dropping below the last row appends.
        setOnMouseDragReleased(e -> {
            drop(e, vm.getSpec().layers().size());
            e.consume();
        });
    }

    private void syncSelection() {
        syncing = true;
        try {
            int i = vm.getSelectedIndex();
            if (i < 0) {
                getSelectionModel().clearSelection();
            } else if (getSelectionModel().getSelectedIndex() != i) {
                getSelectionModel().clearAndSelect(i);
                // After this pulse's layout: the error banner may just have changed the table's height.
                javafx.application.Platform.runLater(() -> scrollToVisible(i));
            }
        } finally {
            syncing = false;
        }
    }

    private void scrollToVisible(int i) {
        var flow = (javafx.scene.control.skin.VirtualFlow<?>) lookup(".virtual-flow");
        if (flow == null) {
            return;
        }
        var first = flow.getFirstVisibleCell();
        var last = flow.getLastVisibleCell();
        // The first and last cells may be cut off, so only the ones between count as visible.
        if (first == null || last == null || i <= first.getIndex() || i >= last.getIndex()) {
            scrollTo(Math.max(0, i - 3));
        }
    }

    /** Handles a drop at the gap before layer {@code gap} (0..n): a palette kind or a dragged row. */
    private void drop(MouseDragEvent e, int gap) {
        Object source = e.getGestureSource();
        if (source instanceof javafx.scene.Node n && n.getUserData() instanceof LayerSpec layer) {
            vm.insertLayer(gap, layer);
        } else if (source instanceof LayerTableRow row && !row.isEmpty()) {
            int from = row.getIndex();
            vm.move(from, gap > from ? gap - 1 : gap);
        }
    }

    private void fitNumbers() {
        javafx.scene.Node cell = lookup(".table-row-cell .table-cell");
        if (!(cell instanceof javafx.scene.control.Labeled sample)) {
            return; // not shown yet: fitHeaders runs once the skin is there
        }
        javafx.scene.text.Text probe = new javafx.scene.text.Text();
        probe.setFont(sample.getFont());
        double insets = sample.snappedLeftInset() + sample.snappedRightInset() + 8;
        for (TableColumn<LayerRow, ?> c : numberColumns) {
            double widest = 0;
            for (LayerRow row : getItems()) {
                Object v = c.getCellObservableValue(row).getValue();
                probe.setText(v == null ? "" : v.toString());
                widest = Math.max(widest, probe.getLayoutBounds().getWidth());
            }
            double need = Math.ceil(Math.max(widest + insets, headerNeed.getOrDefault(c, 0.0)));
            c.setMinWidth(need);
            if (c.getPrefWidth() < need) {
                c.setPrefWidth(need);
            }
        }
    }

    private void fitHeaders() {
        applyCss();
        for (javafx.scene.Node n : lookupAll(".column-header")) {
            if (n instanceof javafx.scene.control.skin.TableColumnHeader h && h.getTableColumn() != null
                    && h.lookup(".label") instanceof Label title) {
                double need = Math.ceil(title.prefWidth(-1) + h.snappedLeftInset() + h.snappedRightInset() + 6);
                headerNeed.put(h.getTableColumn(), need);
                if (h.getTableColumn().getMinWidth() < need) {
                    h.getTableColumn().setMinWidth(need);
                }
                if (h.getTableColumn().getPrefWidth() < need) {
                    h.getTableColumn().setPrefWidth(need);
                }
            }
        }
        fitNumbers();
    }

    private static <T> TableColumn<LayerRow, T> column(String title, Function<LayerRow, T> value, double width) {
        TableColumn<LayerRow, T> c = new TableColumn<>(title);
        c.setCellValueFactory(cd -> new javafx.beans.property.ReadOnlyObjectWrapper<>(value.apply(cd.getValue())));
        c.setPrefWidth(width);
        c.setSortable(false);
        c.setReorderable(false);
        return c;
    }

    /** A row that marks errors, can be dragged, and accepts drops above or below its middle. */
    private final class LayerTableRow extends TableRow<LayerRow> {

        LayerTableRow() {
            setOnDragDetected(e -> {
                if (!isEmpty()) {
                    startFullDrag();
                    e.consume();
                }
            });
            setOnMouseDragOver(e -> {
                boolean below = isEmpty() || e.getY() > getHeight() / 2;
                pseudoClassStateChanged(DROP_ABOVE, !below);
                pseudoClassStateChanged(DROP_BELOW, below);
            });
            setOnMouseDragExited(e -> clearDrop());
            setOnMouseDragReleased(e -> {
                clearDrop();
                int gap = isEmpty() ? vm.getSpec().layers().size()
                        : getIndex() + (e.getY() > getHeight() / 2 ? 1 : 0);
                drop(e, gap);
                e.consume();
            });
        }

        private void clearDrop() {
            pseudoClassStateChanged(DROP_ABOVE, false);
            pseudoClassStateChanged(DROP_BELOW, false);
        }

        @Override
        protected void updateItem(LayerRow item, boolean empty) {
            super.updateItem(item, empty);
            boolean error = !empty && item != null && item.status() == LayerRow.Status.ERROR;
            boolean unknown = !empty && item != null && item.status() == LayerRow.Status.UNKNOWN;
            pseudoClassStateChanged(ERROR, error);
            pseudoClassStateChanged(UNKNOWN, unknown);
        }
    }

    /** The output shape, with how it was computed (or why it failed) on hover. */
    private static final class OutputCell extends TableCell<LayerRow, LayerRow> {
        private final LazyTooltip.ForCell tip = new LazyTooltip.ForCell(this, t -> {
            t.setShowDelay(Duration.millis(250));
            t.setShowDuration(Duration.seconds(30));
            t.setWrapText(true);
            t.setMaxWidth(520);
        });
        private final I18n i18n;

        OutputCell(I18n i18n) {
            this.i18n = i18n;
            getStyleClass().addAll("output-cell", "mono");
            setAlignment(Pos.CENTER_LEFT);
        }

        @Override
        protected void updateItem(LayerRow row, boolean empty) {
            super.updateItem(row, empty);
            if (empty || row == null) {
                setText(null);
                tip.setText(null);
                return;
            }
            setText(row.output());
            switch (row.status()) {
                case OK -> tip.setText(i18n.fmt("tooltip.derivation", row.report().input(), row.derivation()));
                case ERROR -> tip.setText(row.error().message(i18n.locale()));
                case UNKNOWN -> tip.setText(i18n.get("tooltip.unknown"));
            }
        }
    }
}
