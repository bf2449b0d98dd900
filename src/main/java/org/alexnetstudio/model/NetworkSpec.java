package org.alexnetstudio.model;

import java.util.ArrayList;
import java.util.List;

/**
 * A network as the student describes it: the shape of one input example (C×H×W) and an ordered
 * list of layers. Immutable; every edit returns a new spec.
 */
public record NetworkSpec(Shape input, List<LayerSpec> layers) {

    public NetworkSpec {
        layers = List.copyOf(layers);
    }

    /** Infers every layer's output shape and costs; see {@link NetworkAnalysis}. */
    public NetworkAnalysis analyze() {
        return NetworkAnalysis.of(this);
    }

    public NetworkSpec withInput(Shape newInput) {
        return new NetworkSpec(newInput, layers);
    }

    /** The same input channels, resized to size×size (the book's {@code resize}). */
    public NetworkSpec withResize(int size) {
        return withInput(Shape.chw(input.channels(), size, size));
    }

    public NetworkSpec withLayer(int index, LayerSpec layer) {
        List<LayerSpec> copy = new ArrayList<>(layers);
        copy.set(index, layer);
        return new NetworkSpec(input, copy);
    }

    public NetworkSpec inserted(int index, LayerSpec layer) {
        List<LayerSpec> copy = new ArrayList<>(layers);
        copy.add(index, layer);
        return new NetworkSpec(input, copy);
    }

    public NetworkSpec removed(int index) {
        List<LayerSpec> copy = new ArrayList<>(layers);
        copy.remove(index);
        return new NetworkSpec(input, copy);
    }

    /** Moves the layer at {@code from} so that it ends up at index {@code to}. */
    public NetworkSpec moved(int from, int to) {
        List<LayerSpec> copy = new ArrayList<>(layers);
        LayerSpec layer = copy.remove(from);
        copy.add(to, layer);
        return new NetworkSpec(input, copy);
    }

    /** Applies a fix that the error of the layer at {@code index} offered. */
    public NetworkSpec applyFix(int index, Fix fix) {
        return switch (fix.action()) {
            case REPLACE -> withLayer(index, fix.layer());
            case INSERT_BEFORE -> inserted(index, fix.layer());
        };
    }
}
