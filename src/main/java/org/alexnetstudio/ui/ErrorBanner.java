package org.alexnetstudio.ui;

import javafx.scene.control.Button;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.VBox;
import org.alexnetstudio.model.LayerReport;

/**
 * The first shape error, inline above the table: which layer, the model's teaching message (the
 * formula with the student's numbers) and one button per fix. Hidden while the network is valid.
 */
final class ErrorBanner extends VBox {

    private final StudioViewModel vm;
    private final I18n i18n;
    private final Label heading = new Label();
    private final Label message = new Label();
    private final FlowPane fixes = new FlowPane(6, 6);
    private final Hyperlink show = new Hyperlink();

    ErrorBanner(StudioViewModel vm) {
        this.vm = vm;
        this.i18n = vm.i18n();
        setId("error-banner");
        getStyleClass().add("error-banner");
        setSpacing(6);
        heading.getStyleClass().add("error-heading");
        heading.setId("error-heading");
        message.setId("error-message");
        message.setWrapText(true);
        // Wrapped text must keep its full height in the squeezed centre column.
        message.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        message.getStyleClass().add("error-text");
        fixes.setId("error-fixes");
        show.setText(i18n.get("error.showLayer"));
        show.setOnAction(e -> {
            LayerReport bad = vm.getFirstError();
            if (bad != null) {
                vm.select(bad.index());
            }
        });
        getChildren().addAll(heading, message, fixes);
        vm.analysisProperty().addListener((o, a, b) -> update());
        vm.inputErrorProperty().addListener((o, a, b) -> update());
        update();
    }

    private void update() {
        LayerReport bad = vm.getFirstError();
        String inputError = vm.inputErrorProperty().get();
        boolean visible = bad != null || !inputError.isEmpty();
        setVisible(visible);
        setManaged(visible);
        fixes.getChildren().clear();
        if (!inputError.isEmpty()) {
            heading.setText(i18n.get("error.inputHeading"));
            message.setText(inputError);
            return;
        }
        if (bad == null) {
            return;
        }
        heading.setText(i18n.fmt("error.heading", bad.layer().kind(), bad.index(), bad.input()));
        message.setText(bad.error().message(i18n.locale()));
        int n = 0;
        for (StudioViewModel.FixChoice choice : vm.getFixChoices()) {
            Button b = new Button(choice.label());
            b.setId("fix-" + n++);
            // A fix that completes the network stands out; one that leaves more to fix is plain.
            b.getStyleClass().addAll("fix-button", choice.completes() ? "accent" : "fix-partial");
            b.setWrapText(true);
            b.setOnAction(e -> vm.applyFix(choice.fix()));
            fixes.getChildren().add(b);
        }
        fixes.getChildren().add(show);
    }
}
