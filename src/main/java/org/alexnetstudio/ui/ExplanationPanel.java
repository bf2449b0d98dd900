package org.alexnetstudio.ui;

import javafx.scene.control.Label;
import javafx.scene.layout.VBox;
import org.alexnetstudio.model.LayerCatalog;
import org.alexnetstudio.model.LayerSpec;

/**
 * For students: what the selected kind of layer does, its formula, and why AlexNet uses it, from
 * model/'s {@link LayerCatalog} (the CLI shows the same texts).
 */
final class ExplanationPanel extends VBox {

    private final I18n i18n;
    private final Label title = new Label();
    private final Label text = new Label();

    ExplanationPanel(StudioViewModel vm) {
        this.i18n = vm.i18n();
        setId("explanation");
        getStyleClass().add("explanation");
        setSpacing(6);
        title.getStyleClass().add("section-title");
        title.setId("explain-title");
        title.setWrapText(true);
        text.setId("explain-text");
        text.setWrapText(true);
        text.getStyleClass().add("explain-text");
        getChildren().addAll(title, text);
        vm.selectedLayerProperty().addListener((o, a, b) -> show(b));
        show(vm.getSelectedLayer());
    }

    private void show(LayerSpec layer) {
        var entry = layer == null ? null : LayerCatalog.byKind(layer.kind()).orElse(null);
        setVisible(entry != null);
        setManaged(entry != null);
        if (entry != null) {
            title.setText(entry.name(i18n.locale()));
            text.setText(entry.explanation(i18n.locale()));
        }
    }
}
