package org.alexnetstudio.model;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Every layer kind the app knows, with a sensible default instance (what the palette drops into a
 * network) and a short explanation for students from the {@code messages} bundle: what the layer
 * does, its formula, and why AlexNet uses it.
 */
public final class LayerCatalog {

    /**
     * One kind of layer.
     *
     * @param kind          the PyTorch class name, e.g. {@code Conv2d}
     * @param defaultLayer  a new instance with everyday settings
     * @param nameKey       message key of the display name ({@code name.Conv2d})
     * @param explainKey    message key of the explanation ({@code explain.Conv2d})
     */
    public record Entry(String kind, LayerSpec defaultLayer, String nameKey, String explainKey) {

        public String name(Locale locale) {
            return Messages.format(locale, nameKey);
        }

        public String explanation(Locale locale) {
            return Messages.format(locale, explainKey);
        }
    }

    private static final List<Entry> ENTRIES = List.of(
            entry(new Conv2d(64, 3, 1, 1)),
            entry(new MaxPool2d(2, 2)),
            entry(new AvgPool2d(2, 2)),
            entry(new ReLU()),
            entry(new Sigmoid()),
            entry(new Tanh()),
            entry(new Flatten()),
            entry(new Linear(128)),
            entry(new Dropout(0.5)),
            entry(LocalResponseNorm.paper()),
            entry(new BatchNorm2d()));

    private LayerCatalog() {
    }

    private static Entry entry(LayerSpec layer) {
        return new Entry(layer.kind(), layer, "name." + layer.kind(), "explain." + layer.kind());
    }

    /** All kinds, in palette order: feature extraction first, then the dense head, then normalisation. */
    public static List<Entry> all() {
        return ENTRIES;
    }

    public static Optional<Entry> byKind(String kind) {
        return ENTRIES.stream().filter(e -> e.kind().equals(kind)).findFirst();
    }

    /** The explanation of {@code layer}'s kind in the given language. */
    public static String explain(LayerSpec layer, Locale locale) {
        return Messages.format(locale, "explain." + layer.kind());
    }
}
