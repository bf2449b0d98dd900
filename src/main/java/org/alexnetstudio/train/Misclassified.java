package org.alexnetstudio.train;

/**
 * A test image the network got wrong.
 *
 * @param index       position in the test set
 * @param confidence  the probability the network gave its (wrong) prediction
 */
public record Misclassified(int index, int trueLabel, int predicted, float confidence) {
}
