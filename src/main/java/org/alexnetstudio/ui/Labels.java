package org.alexnetstudio.ui;

import javafx.beans.value.ObservableStringValue;
import javafx.scene.control.Label;

/** Labels the views share. */
public final class Labels {

    private Labels() {
    }

    /**
     * A label showing {@code text}, present only while the text is not empty: hidden and taking no
     * room otherwise (problems, notes, status lines).
     */
    public static Label shownWhenSet(ObservableStringValue text, String styleClass) {
        Label label = new Label();
        label.getStyleClass().add(styleClass);
        label.textProperty().bind(text);
        label.visibleProperty().bind(label.textProperty().isNotEmpty());
        label.managedProperty().bind(label.visibleProperty());
        return label;
    }
}
