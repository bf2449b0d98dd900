package org.alexnetstudio.train.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.alexnetstudio.model.NetworkSpec;
import org.alexnetstudio.model.PyTorchCode;
import org.alexnetstudio.model.Shape;
import org.alexnetstudio.train.Network;
import org.alexnetstudio.train.Npz;
import org.alexnetstudio.train.Tensor;
import org.alexnetstudio.train.explain.ExplainLayers;
import org.alexnetstudio.train.explain.Explainer;
import org.alexnetstudio.train.explain.Heatmaps;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Issue 19, acceptance 1: saliency and Grad-CAM of the first 16 Fashion-MNIST test images against what
 * PyTorch computes with autograd and hooks in float64 (bench/explain_reference.py) for a small trained
 * network (src/test/resources/explain: its code, its exported weights, PyTorch's maps of each image's
 * true class), within 1e-4 of each map's scale (its largest value).
 *
 * <p>In float64 every map matches. In float32, the app's precision, a max-pool window whose two largest
 * values differ by less than float32 can tell apart (PyTorch's float64 gap below 1e-6 of the value; the
 * script records each image's smallest gap) may send the gradient to the other input: that image's
 * saliency is then not comparable, and the test says which images those were (one of the 16: image 13,
 * gap 2.6e-8). Grad-CAM at both layers reads no gradient through those pools and is compared on all 16.
 */
class ExplanationFixtureTest {

    private static final Path DIR = Path.of("src/test/resources/explain");
    /** Relative max-pool gap below which float32 cannot be expected to choose as float64 does (ε = 1.2e-7). */
    private static final double FLOAT32_TIE = 1e-6;

    @Test
    void inFloat64EveryMapMatchesPyTorch() throws Exception {
        List<Integer> unresolved = run(DataType.DOUBLE);
        assertEquals(List.of(), unresolved);
    }

    @Test
    void inFloat32EveryMapMatchesPyTorchExceptAtMaxPoolNearTies() throws Exception {
        List<Integer> unresolved = run(DataType.FLOAT);
        assertEquals(List.of(13), unresolved, "images whose saliency was not compared");
    }

    /** Compares all 16 images; returns the images whose saliency was skipped for a near-tie. */
    private static List<Integer> run(DataType precision) throws Exception {
        NetworkSpec spec = PyTorchCode.parse(Files.readString(DIR.resolve("fixture-net.py"), StandardCharsets.UTF_8),
                Shape.chw(1, 28, 28));
        // Grad-CAM's reading of conv 8 is its ReLU, 9; of conv 4 the LRN after its ReLU, 6: the layers
        // the script hooked.
        assertEquals(8, ExplainLayers.lastConv(spec));
        assertEquals(9, ExplainLayers.camLayer(spec, 8));
        assertEquals(6, ExplainLayers.camLayer(spec, 4));
        Network net = new CpuNetwork(spec, 0, precision);
        Npz.importInto(net, DIR.resolve("fixture-weights.npz"));
        Map<String, Tensor> ref = Npz.read(DIR.resolve("pytorch-maps.npz"));
        float[] images = ref.get("images").floats();
        long[] labels = ref.get("labels").longs();
        float[] margins = ref.get("tie_margin").floats();
        assertEquals(16, labels.length);
        Explainer explainer = new Explainer(net);
        int px = 28 * 28;
        double worst = 0;
        List<Integer> skipped = new ArrayList<>();
        for (int k = 0; k < 16; k++) {
            float[] image = Arrays.copyOfRange(images, k * px, (k + 1) * px);
            int cls = (int) labels[k];
            Explainer.Gradients last = explainer.gradients(image, cls, 9);
            Explainer.Gradients early = explainer.gradients(image, cls, 6);
            if (precision == DataType.DOUBLE || margins[k] >= FLOAT32_TIE) {
                worst = Math.max(worst, compare("saliency", k, ref.get("saliency").floats(), last.saliency()));
            } else {
                skipped.add(k);
            }
            worst = Math.max(worst, compare("Grad-CAM at 9", k, ref.get("gradcam9").floats(), last.gradCam()));
            worst = Math.max(worst, compare("Grad-CAM at 6", k, ref.get("gradcam6").floats(), early.gradCam()));
        }
        System.err.printf("ExplanationFixtureTest (%s): largest difference %.2e of the map's scale; saliency not "
                + "compared for %s (max-pool near-ties)%n", precision, worst, skipped);
        return skipped;
    }

    /** max |ours − PyTorch| over image k's map, as a share of the reference map's largest value. */
    private static double compare(String what, int k, float[] all, float[] ours) {
        int px = ours.length;
        float[] ref = Arrays.copyOfRange(all, k * px, (k + 1) * px);
        float scale = Heatmaps.maxAbs(ref);
        assertTrue(scale > 0, what + " of image " + k + " is all zero in the fixture");
        double diff = 0;
        for (int i = 0; i < px; i++) {
            diff = Math.max(diff, Math.abs(ours[i] - ref[i]));
        }
        assertTrue(diff <= 1e-4 * scale, what + " of image " + k + ": max difference " + diff + " > 1e-4 × " + scale);
        return diff / scale;
    }
}
