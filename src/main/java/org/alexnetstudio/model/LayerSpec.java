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
}
