package org.alexnetstudio.ui.shared;

import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.event.EventHandler;
import javafx.scene.Node;
import javafx.scene.control.Control;
import javafx.scene.control.Tooltip;
import javafx.scene.input.MouseEvent;

/**
 * Tooltips made when the mouse first enters their node. Each tooltip is a popup window with its own
 * scene, and the first one also initialises the Tooltip class: for the ~30 tooltips of the first
 * frame (palette, toolbar, layer table cells) that cost start-up time the student waits through
 * before seeing the window (docs/performance.md, "Start-up"). The tooltip behaviour starts its
 * delay on the mouse moves that follow, so a hover still shows it.
 */
public final class LazyTooltip {

    private LazyTooltip() {
    }

    /** Installs the tooltip {@code make} returns the first time the mouse enters {@code node}. */
    public static void install(Node node, Supplier<Tooltip> make) {
        onFirstEnter(node, () -> {
            Tooltip tip = make.get();
            if (node instanceof Control c) {
                c.setTooltip(tip);
            } else {
                Tooltip.install(node, tip);
            }
        });
    }

    /** Runs {@code action} once, the first time the mouse enters {@code node}. */
    private static void onFirstEnter(Node node, Runnable action) {
        EventHandler<MouseEvent> handler = new EventHandler<>() {
            @Override
            public void handle(MouseEvent e) {
                node.removeEventHandler(MouseEvent.MOUSE_ENTERED, this);
                action.run();
            }
        };
        node.addEventHandler(MouseEvent.MOUSE_ENTERED, handler);
    }

    /**
     * A tooltip for a reused cell: {@link #setText} as items change (cheap: only a string until the
     * first hover), made and installed on the first hover of a cell that has text.
     */
    public static final class ForCell {
        private final Control cell;
        private final Consumer<Tooltip> style;
        private Tooltip tip;
        private String text;

        public ForCell(Control cell, Consumer<Tooltip> style) {
            this.cell = cell;
            this.style = style;
            onFirstEnter(cell, this::make);
        }

        /** The text to show, or null for no tooltip. */
        public void setText(String text) {
            this.text = text;
            if (tip != null) {
                tip.setText(text == null ? "" : text);
                cell.setTooltip(text == null || text.isEmpty() ? null : tip);
            }
        }

        private void make() {
            tip = new Tooltip();
            style.accept(tip);
            setText(text);
        }
    }
}
