package org.alexnetstudio.train.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.stream.Stream;
import org.alexnetstudio.model.LayerReport;
import org.alexnetstudio.model.Preset;
import org.alexnetstudio.model.Presets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * ND4J's real output shapes (the SameDiff graph infers its own) equal the model's shape inference for
 * every preset, and the CPU backend's ops run on buffers of those shapes.
 */
class NetworkShapesTest {

    static Stream<Preset> presets() {
        return Presets.all().stream();
    }

    @ParameterizedTest
    @MethodSource("presets")
    void nd4jShapesEqualInferredShapes(Preset preset) {
        SameDiffNetwork net = SameDiffNetwork.build(preset.spec(), 1);
        CpuNetwork cpu = CpuNetwork.build(preset.spec(), 1);
        assertEquals(preset.spec().analyze().totalParameters(), cpu.parameterCount());
        // batch 1 for the 224/227 AlexNets (memory), 2 for the small ones
        int n = preset.spec().input().height() > 100 ? 1 : 2;
        float[] images = new float[(int) (n * preset.spec().input().elements())];
        for (int k = 0; k < images.length; k++) {
            images[k] = (k % 7) / 7f;
        }
        String[] names = net.layers().stream().map(l -> net.outputName(l.index())).distinct().toArray(String[]::new);
        Map<String, INDArray> out = net.forward(images, n, names);
        for (int i = 0; i < net.layers().size(); i++) {
            CompiledLayer layer = net.layers().get(i);
            LayerReport report = preset.spec().analyze().layers().get(i);
            assertEquals(report.output(), layer.output());
            assertArrayEquals(Layouts.withBatch(report.output(), n), out.get(net.outputName(i)).shape(),
                    preset.id() + " layer " + i + " " + report.layer().kind());
        }
        // The backend's feature maps: one per layer, of the inferred size (its ops check their arrays' shapes)
        var maps = cpu.featureMaps(java.util.Arrays.copyOf(images,
                (int) preset.spec().input().elements()));
        assertEquals(net.layers().size(), maps.size());
        for (int i = 0; i < maps.size(); i++) {
            assertEquals(preset.spec().analyze().layers().get(i).output().elements(), maps.get(i).values().length);
        }
    }

}
