package org.alexnetstudio.train;

import org.alexnetstudio.model.Shape;

/**
 * One layer's output for one image, for the GUI's feature-map view.
 *
 * @param values  row-major copy: C×H×W for a feature map, or the features of a flat output
 */
public record FeatureMap(int layerIndex, String kind, Shape shape, float[] values) {
}
