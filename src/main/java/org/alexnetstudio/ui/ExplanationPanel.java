package org.alexnetstudio.ui;

import javafx.scene.control.Label;
import javafx.scene.layout.VBox;
import org.alexnetstudio.model.LayerSpec;

/** For students: what the selected kind of layer does, its formula, and why AlexNet uses it. */
final class ExplanationPanel extends VBox {

    private final I18n i18n;
    private final Label title = new Label();
    private final Label what = new Label();
    private final Label formula = new Label();
    private final Label why = new Label();

    ExplanationPanel(StudioViewModel vm) {
        this.i18n = vm.i18n();
        setId("explanation");
        getStyleClass().add("explanation");
        setSpacing(6);
        title.getStyleClass().add("section-title");
        formula.getStyleClass().addAll("formula", "mono");
        why.getStyleClass().add("why");
        for (Label l : new Label[]{what, formula, why}) {
            l.setWrapText(true);
        }
        what.setId("explain-what");
        getChildren().addAll(title, what, formula, why);
        vm.selectedLayerProperty().addListener((o, a, b) -> show(b));
        show(vm.getSelectedLayer());
    }

    private void show(LayerSpec layer) {
        setVisible(layer != null);
        setManaged(layer != null);
        if (layer == null) {
            return;
        }
        String k = layer.kind();
        title.setText(i18n.fmt("explain.title", k, i18n.get("kind." + k)));
        what.setText(i18n.get("explain." + k + ".what"));
        formula.setText(i18n.get("explain." + k + ".formula"));
        why.setText(i18n.get("explain." + k + ".why"));
    }
}
