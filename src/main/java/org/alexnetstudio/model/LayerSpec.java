package org.alexnetstudio.model;

/**
 * One layer of a network as the student describes it: an immutable value with no runtime state.
 * The layer's input size is never stored; it is inferred from the layer before it.
 */
public sealed interface LayerSpec
        permits Conv2d, MaxPool2d, AvgPool2d, ReLU, Sigmoid, Tanh, Flatten, Linear, Dropout,
        LocalResponseNorm, BatchNorm2d {

    /** The PyTorch class name, e.g. {@code Conv2d}. */
    default String kind() {
        return getClass().getSimpleName();
    }

    /** The shape this layer produces from {@code input}, or an error that explains why it cannot. Pure. */
    ShapeResult outputShape(Shape input);

    /** Learnable parameters for this input (0 where there are none). Only called with a valid input. */
    default long parameters(Shape input) {
        return 0;
    }

    /** Multiply-accumulates of one forward pass of one example. Only called with a valid input. */
    default long macs(Shape input, Shape output) {
        return 0;
    }

    /** The settings in PyTorch's words, e.g. {@code kernel_size=11, stride=4, padding=1}; empty if none. */
    String settings();

    /**
     * Calls the visitor's method for this kind. Java 17 has no exhaustive pattern switch over a sealed
     * type; a visitor is the dispatch whose missing case does not compile: a new kind adds one method
     * here, and every backend that forgets it fails to build.
     */
    <R> R accept(Visitor<R> visitor);

    /** One method per layer kind (see {@link #accept}). */
    interface Visitor<R> {
        R visit(Conv2d layer);

        R visit(MaxPool2d layer);

        R visit(AvgPool2d layer);

        R visit(ReLU layer);

        R visit(Sigmoid layer);

        R visit(Tanh layer);

        R visit(Flatten layer);

        R visit(Linear layer);

        R visit(Dropout layer);

        R visit(LocalResponseNorm layer);

        R visit(BatchNorm2d layer);
    }
}
