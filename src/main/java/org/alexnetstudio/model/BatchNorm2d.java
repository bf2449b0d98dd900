package org.alexnetstudio.model;

import java.util.List;

/**
 * Batch normalisation over channels: each channel is normalised to zero mean and unit variance
 * over the batch (running averages at test time), then scaled by a learned γ and shifted by a
 * learned β. It lets deeper networks train faster with larger learning rates. Shape unchanged;
 * parameters: 2·C (γ and β; the running mean and variance are state, not parameters).
 */
public record BatchNorm2d(double eps, double momentum) implements LayerSpec {

    /** PyTorch's defaults: eps = 1e-5, momentum = 0.1. */
    public BatchNorm2d() {
        this(1e-5, 0.1);
    }

    @Override
    public ShapeResult outputShape(Shape input) {
        if (!input.isSpatial()) {
            return ShapeResult.fail("input", "error.needsFeatureMap", List.of(), kind(), input.toString());
        }
        if (!(eps > 0) || !(momentum >= 0 && momentum <= 1)) {
            return ShapeResult.fail("eps", "error.batchNormSettings",
                    List.of(Fix.replace(new BatchNorm2d(), "fix.batchNormDefaults")), eps, momentum);
        }
        return ShapeResult.ok(input, "= " + input);
    }

    @Override
    public long parameters(Shape input) {
        return 2L * input.channels();
    }

    @Override
    public long macs(Shape input, Shape output) {
        return output.elements();
    }

    @Override
    public String settings() {
        return (eps == 1e-5 ? "" : "eps=" + eps) + (momentum == 0.1 ? "" : (eps == 1e-5 ? "" : ", ") + "momentum=" + momentum);
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.visit(this);
    }
}
