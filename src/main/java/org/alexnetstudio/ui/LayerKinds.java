package org.alexnetstudio.ui;

import java.util.List;
import org.alexnetstudio.model.AvgPool2d;
import org.alexnetstudio.model.BatchNorm2d;
import org.alexnetstudio.model.Conv2d;
import org.alexnetstudio.model.Dropout;
import org.alexnetstudio.model.Flatten;
import org.alexnetstudio.model.LayerSpec;
import org.alexnetstudio.model.Linear;
import org.alexnetstudio.model.LocalResponseNorm;
import org.alexnetstudio.model.MaxPool2d;
import org.alexnetstudio.model.ReLU;
import org.alexnetstudio.model.Sigmoid;
import org.alexnetstudio.model.Tanh;

/** The palette: every layer kind with the layer a click adds, its group (for colour) and its shortcut key. */
public final class LayerKinds {

    /** Groups that share a colour in the table, palette and diagram. */
    public enum Group { CONV, POOL, ACTIVATION, DENSE, RESHAPE, REGULARIZE, NORMALIZE }

    /** @param shortcut the letter of Ctrl+Shift+letter that adds it */
    public record Kind(String name, Group group, LayerSpec defaults, String shortcut) {
    }

    private static final List<Kind> ALL = List.of(
            new Kind("Conv2d", Group.CONV, new Conv2d(64, 3, 1, 1), "C"),
            new Kind("MaxPool2d", Group.POOL, new MaxPool2d(3, 2), "M"),
            new Kind("AvgPool2d", Group.POOL, new AvgPool2d(2, 2), "A"),
            new Kind("ReLU", Group.ACTIVATION, new ReLU(), "R"),
            new Kind("Sigmoid", Group.ACTIVATION, new Sigmoid(), "S"),
            new Kind("Tanh", Group.ACTIVATION, new Tanh(), "T"),
            new Kind("Flatten", Group.RESHAPE, new Flatten(), "F"),
            new Kind("Linear", Group.DENSE, new Linear(256), "L"),
            new Kind("Dropout", Group.REGULARIZE, new Dropout(0.5), "D"),
            new Kind("BatchNorm2d", Group.NORMALIZE, new BatchNorm2d(), "B"),
            new Kind("LocalResponseNorm", Group.NORMALIZE, LocalResponseNorm.paper(), "N"));

    private LayerKinds() {
    }

    public static List<Kind> all() {
        return ALL;
    }

    public static Group groupOf(String kind) {
        return ALL.stream().filter(k -> k.name().equals(kind)).map(Kind::group).findFirst().orElse(Group.ACTIVATION);
    }

    /** The CSS style class of a kind's group, e.g. {@code group-conv}. */
    public static String styleClass(String kind) {
        return "group-" + groupOf(kind).name().toLowerCase(java.util.Locale.ROOT);
    }
}
