package org.alexnetstudio.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * What the preset descriptions and the README claim, checked against the networks and recipes they
 * describe; and no preset claims a duration, which depends on the computer several times over (issue
 * 21 item 10: "about 2½ minutes" measured on an AVX-512 server took 7½ on an AVX2 laptop-class CPU).
 */
class PresetClaimsTest {

    private static final Pattern DURATION = Pattern.compile(
            "\\d\\s*(minutes?|min\\b|hours?|seconds?|s\\b)|examples/sec|½ minute", Pattern.CASE_INSENSITIVE);

    @Test
    void noPresetClaimsHowLongItTakes() {
        for (Preset p : Presets.all()) {
            assertFalse(DURATION.matcher(p.description()).find(), p.id() + ": " + p.description());
        }
        assertTrue(Presets.byId("alexnet-mini").orElseThrow().description().contains("estimate"),
                "points at the Network tab's estimate, which measures the computer");
    }

    @Test
    void theMiniDescriptionMatchesItsNetworkAndRecipe() {
        Preset mini = Presets.byId("alexnet-mini").orElseThrow();
        String d = mini.description();
        NetworkAnalysis a = mini.spec().analyze();
        TrainingRecipe r = mini.recipe();
        // "430 k instead of 46.8 M parameters": 429,898 and 46,764,746 rounded
        assertTrue(d.contains(Math.round(a.totalParameters() / 1e4) * 10 + " k"), d);
        assertTrue(d.contains(String.format(Locale.ROOT, "%.1f M",
                Presets.alexnet().analyze().totalParameters() / 1e6)), d);
        // "64× fewer pixels": (224/28)² = 64
        int side = mini.spec().input().height();
        assertEquals(28, side);
        assertTrue(d.contains((224 / side) * (224 / side) + "× fewer pixels"), d);
        assertTrue(d.contains(side + "×" + side), d);
        // "convs 32-64-96-96-64", "dense 256", "dropout 0.3"
        List<String> widths = new ArrayList<>();
        double dropout = -1;
        int dense = -1;
        for (LayerSpec l : mini.spec().layers()) {
            if (l instanceof Conv2d c) {
                widths.add(Integer.toString(c.outChannels()));
            } else if (l instanceof Dropout p) {
                dropout = p.p();
            } else if (l instanceof Linear lin && dense < 0) {
                dense = lin.outFeatures();
            }
        }
        assertTrue(d.contains("convs " + String.join("-", widths)), d);
        assertTrue(d.contains("dense " + dense), d);
        assertTrue(d.contains("dropout " + dropout), d);
        assertTrue(d.contains("over " + r.epochs() + " epochs"), d);
        assertTrue(d.contains("momentum " + r.momentum()), d);
        assertTrue(d.contains("weight decay " + String.format(Locale.ROOT, "%.0e", r.weightDecay()).replace("e-04", "e-4")), d);
        assertEquals(LearningRateSchedule.COSINE, r.schedule());
        assertTrue(d.contains("cosine"), d);
    }

    @Test
    void theReadmesTimingsAgreeWithTheirOwnRatesAndNameTheirMachines() throws IOException {
        String readme = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8).replaceAll("\\s+", " ");
        // "about 20 minutes per epoch (50 examples/sec …)": 60,000 images / 50 per s / 60 = 20 minutes
        Matcher m = Pattern.compile("about (\\d+) minutes per epoch \\(([\\d.]+) examples/sec([^)]*)\\)").matcher(readme);
        int claims = 0;
        while (m.find()) {
            double minutes = Double.parseDouble(m.group(1));
            double rate = Double.parseDouble(m.group(2));
            assertEquals(60_000 / rate / 60, minutes, minutes * 0.1, m.group());
            assertTrue(m.group(3).matches(".*(AVX2|AVX-512).*"), "names the machine's kind: " + m.group());
            claims++;
        }
        assertTrue(claims >= 2, "the book's AlexNet on an AVX-512 and an AVX2 machine: " + claims);
        // "about 0.94 G multiply-accumulates per image": 938,146,176
        Matcher g = Pattern.compile("about ([\\d.]+) G multiply-accumulates per image").matcher(readme);
        assertTrue(g.find());
        assertEquals(Presets.alexnet().analyze().totalMacs() / 1e9, Double.parseDouble(g.group(1)), 0.005);
    }
}
