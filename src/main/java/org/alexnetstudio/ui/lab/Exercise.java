package org.alexnetstudio.ui.lab;

/** The exercises at the end of the book's AlexNet chapter (d2l-zh §7.1, d2l-en §8.1), in the Chinese edition's order. */
public enum Exercise {
    /** More epochs; compare with LeNet. */
    EPOCHS,
    /** (a) A simpler AlexNet that trains faster; (b) a model for 28×28 images. */
    SIMPLER,
    /** Batch size against accuracy and memory. */
    BATCH,
    /** Which layers dominate memory and computation; bandwidth. */
    COSTS,
    /** Dropout and ReLU in LeNet-5; preprocessing. */
    LENET;

    /** 1-based, as the book numbers them. */
    public int number() {
        return ordinal() + 1;
    }

    /** The prefix of this exercise's text keys: {@code e1} … {@code e5}. */
    String key() {
        return "e" + number();
    }

    static Exercise ofNumber(int n) {
        return values()[Math.max(1, Math.min(n, values().length)) - 1];
    }
}
