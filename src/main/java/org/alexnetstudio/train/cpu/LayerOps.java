package org.alexnetstudio.train.cpu;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Everything the CPU backend does for one layer kind: its parameters, the buffers it needs, its
 * training-mode forward and backward, and its test-mode forward. One implementation per kind,
 * chosen by {@link LayerOpsFactory} (a visitor over the sealed {@code LayerSpec}, so a kind without
 * ops does not compile). An instance belongs to one layer of one network (its index and shapes).
 */
interface LayerOps {

    /** Parameters and running statistics of this layer (none by default). */
    default ParameterSpec.LayerState state() {
        return ParameterSpec.LayerState.NONE;
    }

    /** What this layer asks of the buffer plan. */
    LayerNeeds needs();

    /**
     * The training-mode ops on views for one batch size.
     *
     * @param x              the input (channels-last feature maps or [n, F] features)
     * @param y              the output: x's buffer when {@code needs().forwardInPlace()}
     * @param g              the gradient of the loss with respect to y
     * @param gradIn         where the backward writes the input's gradient (unused by in-place kinds)
     * @param inputGradient  false: the backward may skip the input's gradient (nothing reads it: the
     *                       first layer with parameters, unless an explanation asks for it)
     */
    TrainingOps training(TrainingContext c, INDArray x, INDArray y, INDArray g, INDArray gradIn, boolean inputGradient);

    /**
     * The test-mode forward (running statistics, no dropout) from x into y; y is x's buffer when the
     * plan runs this layer in place ({@code needs().testInPlace()}). Null: nothing to run.
     */
    Runnable test(TestContext c, INDArray x, INDArray y);
}
