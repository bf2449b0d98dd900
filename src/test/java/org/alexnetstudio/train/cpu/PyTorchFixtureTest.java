package org.alexnetstudio.train.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.alexnetstudio.model.BatchNorm2d;
import org.alexnetstudio.model.Conv2d;
import org.alexnetstudio.model.Dropout;
import org.alexnetstudio.model.Flatten;
import org.alexnetstudio.model.LayerSpec;
import org.alexnetstudio.model.Linear;
import org.alexnetstudio.model.MaxPool2d;
import org.alexnetstudio.model.NetworkSpec;
import org.alexnetstudio.model.ReLU;
import org.alexnetstudio.model.Shape;
import org.alexnetstudio.train.Network;
import org.alexnetstudio.train.SgdOptimizer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Two SGD steps (momentum 0.9, weight decay 5e-4, lr 0.05) of a small network in the book's style,
 * here and in PyTorch: {@code bench/make_pytorch_fixture.py} wrote PyTorch's float64 losses, parameters
 * and batch-norm buffers after each step into {@code train/pytorch-two-steps.txt}.
 *
 * <p>Tolerances, relative to each tensor's largest value: in double, 1e-12 (both sides evaluate the same
 * formulas in float64 and differ only in summation order: differences of ~3e-17 were seen); in float32,
 * the app's precision, 1e-5 (float32 rounds each operation to ~6e-8 relative; the largest difference
 * seen was 5.5e-8 of the scale, on batch norm's γ after two steps). A wrong rule moves values by far
 * more: with a biased running variance (256 values per channel), {@code running_var} differs by 8.6e-5 of
 * its scale, 8× the float tolerance.
 */
class PyTorchFixtureTest {

    // 1×8×8 → conv3 p1: 4×8×8 → BN → ReLU → maxpool 3/2 p1: ⌊(8+2−3)/2⌋+1 = 4 → conv3: 6×2×2 → ReLU → Flatten 24
    // → Linear 8 → ReLU → Dropout(0) → Linear 3 (PyTorch's nn.Sequential in the script, index for index)
    static final NetworkSpec SPEC = new NetworkSpec(Shape.chw(1, 8, 8), List.<LayerSpec>of(
            new Conv2d(4, 3, 1, 1), new BatchNorm2d(), new ReLU(), new MaxPool2d(3, 2, 1),
            new Conv2d(6, 3, 1, 0), new ReLU(), new Flatten(), new Linear(8), new ReLU(), new Dropout(0.0),
            new Linear(3)));

    record Values(long[] shape, double[] values) {
    }

    @Test
    void twoStepsInDoubleMatchPyTorch() throws Exception {
        compare(DataType.DOUBLE, 1e-12);
    }

    @Test
    void twoStepsInFloatMatchPyTorch() throws Exception {
        compare(DataType.FLOAT, 1e-5);
    }

    private static void compare(DataType dtype, double tolerance) throws Exception {
        Map<String, Values> fixture = read();
        CpuNetwork net = new CpuNetwork(SPEC, 0, dtype);
        NetworkArrays arrays = net.arrays();
        for (CompiledLayer.Parameter p : arrays.parameters()) {
            arrays.assign(p.variable(), array(fixture.get("initial/" + p.torchKey()), dtype));
        }
        SgdOptimizer sgd = new SgdOptimizer(0.05, 0.9, 5e-4);
        for (int step = 1; step <= 2; step++) {
            Values x = fixture.get("batch" + step + "/images");
            float[] images = new float[x.values().length];
            for (int k = 0; k < images.length; k++) {
                images[k] = (float) x.values()[k]; // float32 values in the fixture: exact
            }
            double[] y = fixture.get("batch" + step + "/labels").values();
            int[] labels = Arrays.stream(y).mapToInt(v -> (int) v).toArray();
            Network.StepResult r = net.trainStep(images, labels, labels.length, sgd);
            double loss = fixture.get("step" + step + "/loss").values()[0];
            assertEquals(loss, r.loss(), tolerance * Math.abs(loss), dtype + " loss of step " + step);
            String prefix = "step" + step + "/";
            for (CompiledLayer.Parameter p : arrays.parameters()) {
                assertClose(fixture.get(prefix + p.torchKey()), arrays.array(p.variable()), tolerance,
                        dtype + " " + prefix + p.torchKey());
            }
            RunningStatistics bn = arrays.runningStatistics(1);
            assertClose(fixture.get(prefix + "1.running_mean"), bn.mean, tolerance, dtype + " " + prefix + "running_mean");
            assertClose(fixture.get(prefix + "1.running_var"), bn.var, tolerance, dtype + " " + prefix + "running_var");
            assertEquals((long) fixture.get(prefix + "1.num_batches_tracked").values()[0], bn.numBatchesTracked);
        }
    }

    private static void assertClose(Values expected, INDArray actual, double tolerance, String what) {
        assertEquals(Arrays.toString(expected.shape()), Arrays.toString(actual.shape()), what);
        double scale = 0;
        double diff = 0;
        double[] a = actual.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        for (int k = 0; k < a.length; k++) {
            scale = Math.max(scale, Math.abs(expected.values()[k]));
            diff = Math.max(diff, Math.abs(expected.values()[k] - a[k]));
        }
        assertTrue(diff <= tolerance * Math.max(scale, 1e-3), what + ": max difference " + diff + " (scale " + scale + ")");
    }

    private static INDArray array(Values v, DataType dtype) {
        return Nd4j.create(v.values(), v.shape(), 'c').castTo(dtype);
    }

    static Map<String, Values> read() throws IOException, URISyntaxException {
        Path file = Path.of(PyTorchFixtureTest.class.getResource("/train/pytorch-two-steps.txt").toURI());
        Map<String, Values> out = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file)) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.trim().split(" ");
            long[] shape = f[1].equals("-") ? new long[0] : Arrays.stream(f[1].split(",")).mapToLong(Long::parseLong).toArray();
            double[] values = new double[f.length - 2];
            for (int k = 0; k < values.length; k++) {
                values[k] = Double.parseDouble(f[k + 2]);
            }
            out.put(f[0], new Values(shape, values));
        }
        return out;
    }
}
