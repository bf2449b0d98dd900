package org.alexnetstudio.ui;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.alexnetstudio.model.LayerCatalog;
import org.alexnetstudio.model.LayerSpec;

/**
 * The palette: model/'s {@link LayerCatalog} (kinds, defaults, explanations) plus what only the
 * window needs: a colour group and the letter of the Ctrl+Shift shortcut that adds the kind.
 */
public final class LayerKinds {

    /** Groups that share a colour in the table, palette and diagram. */
    public enum Group { CONV, POOL, ACTIVATION, DENSE, RESHAPE, REGULARIZE, NORMALIZE }

    /** @param shortcut the letter of Ctrl+Shift+letter that adds it */
    public record Kind(String name, Group group, LayerSpec defaults, String shortcut) {
    }

    private record Look(Group group, String shortcut) {
    }

    private static final Map<String, Look> LOOKS = Map.ofEntries(
            Map.entry("Conv2d", new Look(Group.CONV, "C")),
            Map.entry("MaxPool2d", new Look(Group.POOL, "M")),
            Map.entry("AvgPool2d", new Look(Group.POOL, "A")),
            Map.entry("ReLU", new Look(Group.ACTIVATION, "R")),
            Map.entry("Sigmoid", new Look(Group.ACTIVATION, "S")),
            Map.entry("Tanh", new Look(Group.ACTIVATION, "T")),
            Map.entry("Flatten", new Look(Group.RESHAPE, "F")),
            Map.entry("Linear", new Look(Group.DENSE, "L")),
            Map.entry("Dropout", new Look(Group.REGULARIZE, "D")),
            Map.entry("BatchNorm2d", new Look(Group.NORMALIZE, "B")),
            Map.entry("LocalResponseNorm", new Look(Group.NORMALIZE, "N")));

    private static final Look UNKNOWN = new Look(Group.ACTIVATION, null);

    private static final List<Kind> ALL = LayerCatalog.all().stream()
            .map(e -> {
                Look look = LOOKS.getOrDefault(e.kind(), UNKNOWN);
                return new Kind(e.kind(), look.group(), e.defaultLayer(), look.shortcut());
            })
            .toList();

    private LayerKinds() {
    }

    /** Every kind, in the catalog's order. */
    public static List<Kind> all() {
        return ALL;
    }

    public static Group groupOf(String kind) {
        return LOOKS.getOrDefault(kind, UNKNOWN).group();
    }

    /** The CSS style class of a kind's group, e.g. {@code group-conv}. */
    public static String styleClass(String kind) {
        return "group-" + groupOf(kind).name().toLowerCase(Locale.ROOT);
    }
}
