package org.alexnetstudio.train.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.alexnetstudio.model.BatchNorm2d;
import org.alexnetstudio.model.Conv2d;
import org.alexnetstudio.model.Flatten;
import org.alexnetstudio.model.LayerSpec;
import org.alexnetstudio.model.Linear;
import org.alexnetstudio.model.MaxPool2d;
import org.alexnetstudio.model.NetworkSpec;
import org.alexnetstudio.model.ReLU;
import org.alexnetstudio.model.Shape;
import org.alexnetstudio.model.Tanh;
import org.alexnetstudio.train.explain.Explainer;
import org.alexnetstudio.train.explain.Heatmaps;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Issue 19: the saliency map of a tiny network equals central finite differences of the class's
 * logit, pixel by pixel (max over the two input channels of |∂logit/∂x|), in double.
 */
class SaliencyTest {

    // 2×6×6 → conv 3 (3×3, p1) → BN → ReLU → maxpool 2: 3×3×3 → conv 4 (2×2): 4×2×2 → Tanh → Flatten 16 → Linear 3
    private static final NetworkSpec SPEC = new NetworkSpec(Shape.chw(2, 6, 6), List.<LayerSpec>of(
            new Conv2d(3, 3, 1, 1), new BatchNorm2d(), new ReLU(), new MaxPool2d(2, 2), new Conv2d(4, 2, 1, 0),
            new Tanh(), new Flatten(), new Linear(3)));
    private static final float H = 1f / 4096;

    @Test
    void saliencyIsTheLargestCentralDifferenceOverChannels() {
        CpuNetwork net = new CpuNetwork(SPEC, 5, DataType.DOUBLE);
        Nd4j.getRandom().setSeed(3);
        for (CompiledLayer.Parameter p : net.arrays().parameters()) {
            INDArray w = net.arrays().array(p.variable());
            w.addi(Nd4j.rand(DataType.DOUBLE, w.shape()).subi(0.5).muli(0.2));
        }
        Random random = new Random(2);
        float[] x = new float[2 * 36];
        for (int k = 0; k < x.length; k++) {
            x[k] = Math.round(random.nextGaussian() * 4096) / 4096f;
        }
        Explainer explainer = new Explainer(net);
        for (int cls = 0; cls < 3; cls++) {
            Explainer.Gradients g = explainer.gradients(x, cls, 5); // Grad-CAM on the Tanh after conv 4
            float[] numeric = new float[36];
            for (int c = 0; c < 2; c++) {
                for (int k = 0; k < 36; k++) {
                    int i = c * 36 + k;
                    float original = x[i];
                    x[i] = original + H;
                    double plus = net.testForward().run(x, 1).getDouble(0, cls);
                    x[i] = original - H;
                    double minus = net.testForward().run(x, 1).getDouble(0, cls);
                    x[i] = original;
                    numeric[k] = (float) Math.max(numeric[k], Math.abs((plus - minus) / (2 * H)));
                }
            }
            float scale = Heatmaps.max(numeric);
            assertTrue(scale > 0.01, "a map with something in it: " + scale);
            assertArrayEquals(numeric, g.saliency(), 1e-4f * scale, "class " + cls);
            assertEquals(36, g.gradCam().length); // 2×2 upsampled to 6×6
            assertEquals(4, g.camLow().length);
        }
    }
}
