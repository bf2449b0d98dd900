package org.alexnetstudio.train.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.List;
import java.util.Map;
import org.alexnetstudio.model.AvgPool2d;
import org.alexnetstudio.model.BatchNorm2d;
import org.alexnetstudio.model.Flatten;
import org.alexnetstudio.model.LayerSpec;
import org.alexnetstudio.model.LocalResponseNorm;
import org.alexnetstudio.model.MaxPool2d;
import org.alexnetstudio.model.NetworkSpec;
import org.alexnetstudio.model.Shape;
import org.alexnetstudio.train.Tensor;
import org.junit.jupiter.api.Test;

/** The CPU backend's test-mode forward values that must match PyTorch's definitions, computed by hand. */
class LayerSemanticsTest {

    private static float[] forward(Shape input, LayerSpec layer, float[] image) {
        CpuNetwork net = CpuNetwork.build(new NetworkSpec(input, List.of(layer)), 1);
        return net.featureMaps(image).get(0).values();
    }

    @Test
    void avgPoolCountsPaddedZerosLikePytorch() {
        // count_include_pad=True: corner 4/9, edge 6/9, centre 9/9
        float[] out = forward(Shape.chw(1, 3, 3), new AvgPool2d(3, 1, 1), new float[]{1, 1, 1, 1, 1, 1, 1, 1, 1});
        float c = 4f / 9;
        float e = 6f / 9;
        assertArrayEquals(new float[]{c, e, c, e, 1, e, c, e, c}, out, 1e-6f);
    }

    @Test
    void maxPoolIgnoresPadding() {
        // padding is −∞ in PyTorch: all-negative input stays negative at the borders
        float[] out = forward(Shape.chw(1, 2, 2), new MaxPool2d(3, 1, 1), new float[]{-1, -2, -3, -4});
        assertArrayEquals(new float[]{-1, -1, -1, -1}, out, 0f);
    }

    @Test
    void localResponseNormMatchesPytorchFormulaForEvenSize() {
        // size 2: window [c−1, c], mean of squares; x / (1 + 1·mean)^1
        // c0: 1/(1 + (0+1)/2) = 0.6667, c1: 2/(1 + (1+4)/2) = 0.5714, c2: 3/(1 + (4+9)/2) = 0.4
        float[] out = forward(Shape.chw(3, 1, 1), new LocalResponseNorm(2, 1.0, 1.0, 1.0), new float[]{1, 2, 3});
        assertArrayEquals(new float[]{1 / 1.5f, 2 / 3.5f, 3 / 7.5f}, out, 1e-6f);
    }

    @Test
    void flattenKeepsPytorchChannelHeightWidthOrder() {
        float[] image = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11};
        assertArrayEquals(image, forward(Shape.chw(2, 2, 3), new Flatten(), image), 0f);
    }

    @Test
    void batchNormUsesRunningStatisticsAtTestTime() {
        CpuNetwork net = CpuNetwork.build(new NetworkSpec(Shape.chw(2, 1, 2),
                List.<LayerSpec>of(new BatchNorm2d())), 1);
        Map<String, Tensor> state = net.stateDict();
        state.put("0.weight", Tensor.of(new float[]{2f, 1f}, 2));
        state.put("0.bias", Tensor.of(new float[]{0.5f, 0f}, 2));
        state.put("0.running_mean", Tensor.of(new float[]{1f, -1f}, 2));
        state.put("0.running_var", Tensor.of(new float[]{4f, 1f}, 2));
        net.loadStateDict(state);
        float[] out = net.featureMaps(new float[]{3, 5, -1, 1}).get(0).values();
        // (x − mean)/√(var + 1e-5)·γ + β: (3−1)/2·2+0.5 = 2.5, (5−1)/2·2+0.5 = 4.5, (−1+1)/1 = 0, (1+1)/1 = 2
        assertArrayEquals(new float[]{2.5f, 4.5f, 0f, 2f}, out, 1e-4f);
    }
}
