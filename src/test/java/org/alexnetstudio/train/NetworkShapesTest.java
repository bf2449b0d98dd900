package org.alexnetstudio.train;

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

/** ND4J's real output shapes equal the model's shape inference for every preset. */
class NetworkShapesTest {

    static Stream<Preset> presets() {
        return Presets.all().stream();
    }

    @ParameterizedTest
    @MethodSource("presets")
    void nd4jShapesEqualInferredShapes(Preset preset) {
        SameDiffNetwork net = SameDiffNetwork.build(preset.spec(), 1);
        assertEquals(preset.spec().analyze().totalParameters(), net.parameterCount());
        // batch 1 for the 224/227 AlexNets (memory), 2 for the small ones
        int n = preset.spec().input().height() > 100 ? 1 : 2;
        float[] images = new float[(int) (n * preset.spec().input().elements())];
        for (int k = 0; k < images.length; k++) {
            images[k] = (k % 7) / 7f;
        }
        String[] names = net.layers().stream().map(CompiledLayer::outputName).distinct().toArray(String[]::new);
        Map<String, INDArray> out = net.forward(images, n, names);
        for (int i = 0; i < net.layers().size(); i++) {
            CompiledLayer layer = net.layers().get(i);
            LayerReport report = preset.spec().analyze().layers().get(i);
            assertEquals(report.output(), layer.output());
            assertArrayEquals(SameDiffNetwork.withBatch(report.output(), n), out.get(layer.outputName()).shape(),
                    preset.id() + " layer " + i + " " + report.layer().kind());
        }
    }

}
