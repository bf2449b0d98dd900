package org.alexnetstudio.ui.training;

import javafx.scene.control.Label;
import javafx.scene.layout.Region;

/**
 * A place in a layout for a label whose text changes many times a second (progress, examples/sec,
 * ETA). The label is unmanaged, so a new text re-lays out the label alone: a managed label would ask
 * every ancestor up to the window to lay out again (20–40 ms a frame on a slow laptop while
 * training). The slot's own size does not depend on the text; a text too long for it is elided.
 */
final class LabelSlot extends Region {

    private final Label label;

    LabelSlot(Label label, double minWidth) {
        this.label = label;
        label.setManaged(false);
        getChildren().add(label);
        setMinWidth(minWidth);
        setPrefWidth(minWidth);
        setMaxWidth(Double.MAX_VALUE);
    }

    @Override
    protected double computePrefHeight(double width) {
        // One line of the label's font, whatever the text: empty text still measures a line.
        return label.prefHeight(-1) + snappedTopInset() + snappedBottomInset();
    }

    @Override
    protected double computeMinHeight(double width) {
        return computePrefHeight(width);
    }

    @Override
    protected void layoutChildren() {
        label.resizeRelocate(snappedLeftInset(), snappedTopInset(),
                getWidth() - snappedLeftInset() - snappedRightInset(),
                getHeight() - snappedTopInset() - snappedBottomInset());
    }

    Label label() {
        return label;
    }
}
