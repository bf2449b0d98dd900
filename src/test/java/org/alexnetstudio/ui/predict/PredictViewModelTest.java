package org.alexnetstudio.ui.predict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.alexnetstudio.ui.shared.Run;
import org.alexnetstudio.ui.training.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PredictViewModelTest {

    @Test
    void aTestImageGetsTheSameProbabilitiesAsTheNetworkGives() {
        Run run = Fixtures.trainedRun();
        PredictViewModel vm = new PredictViewModel(Fixtures.EN, Fixtures.NOW, Fixtures.NOW);
        vm.setRun(run);
        byte[] item = Arrays.copyOfRange(run.testSet().pixels(), 0, 28 * 28);
        vm.predict(item);
        float[] p = vm.probabilitiesProperty().get();
        assertNotNull(p);
        float[] input = new float[28 * 28];
        for (int k = 0; k < input.length; k++) {
            input[k] = (item[k] & 0xFF) / 255f;
        }
        assertArrayEquals(run.network().predict(input, 1)[0], p);
        assertEquals(28, vm.networkViewProperty().get().width());
        assertTrue(vm.verdictProperty().get().contains("%"), vm.verdictProperty().get());
    }

    private static void assertArrayEquals(float[] a, float[] b) {
        org.junit.jupiter.api.Assertions.assertArrayEquals(a, b, 1e-6f);
    }

    @Test
    void aPictureFileIsReadShrunkAndPredicted(@TempDir Path dir) throws Exception {
        BufferedImage img = new BufferedImage(100, 100, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 100, 100);
        g.setColor(Color.DARK_GRAY);
        g.fillRect(35, 5, 30, 90);
        g.dispose();
        Path file = dir.resolve("trousers.png");
        ImageIO.write(img, "png", file.toFile());
        PredictViewModel vm = new PredictViewModel(Fixtures.EN, Fixtures.NOW, Fixtures.NOW);
        vm.setRun(Fixtures.trainedRun());
        vm.predictFile(file);
        assertEquals("", vm.errorProperty().get());
        assertNotNull(vm.probabilitiesProperty().get());
        // light background inverted: the corner is black, the object bright
        assertEquals(0xFF000000, vm.networkViewProperty().get().argb(0, 0));
    }

    @Test
    void aBrokenFileIsAMessage(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("broken.png");
        Files.writeString(file, "no pixels here");
        PredictViewModel vm = new PredictViewModel(Fixtures.EN, Fixtures.NOW, Fixtures.NOW);
        vm.setRun(Fixtures.trainedRun());
        vm.predictFile(file);
        assertTrue(vm.errorProperty().get().contains("broken.png"), vm.errorProperty().get());
    }

    @Test
    void withoutANetworkItSaysSo() {
        PredictViewModel vm = new PredictViewModel(Fixtures.EN, Fixtures.NOW, Fixtures.NOW);
        vm.predict(new byte[28 * 28]);
        assertNull(vm.probabilitiesProperty().get());
        assertTrue(vm.verdictProperty().get().startsWith("Train or load"));
    }
}
