package org.alexnetstudio.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each layer's arithmetic against the hand computation in the comment. */
class LayerFormulaTest {

    private static Shape out(LayerSpec layer, Shape in) {
        ShapeResult r = layer.outputShape(in);
        assertInstanceOf(ShapeResult.Ok.class, r, () -> r.errorIfFailed().map(ShapeError::message).orElse(""));
        return ((ShapeResult.Ok) r).shape();
    }

    @ParameterizedTest(name = "conv n={0} k={1} s={2} p={3} -> {4}")
    @CsvSource({
        "224, 11, 4, 1, 54",  // (224+2-11)/4+1 = 54
        "227, 11, 4, 0, 55",  // (227-11)/4+1 = 55
        "26,   5, 1, 2, 26",  // (26+4-5)/1+1 = 26
        "12,   3, 1, 1, 12",  // (12+2-3)/1+1 = 12
        "28,   5, 1, 2, 28",  // (28+4-5)/1+1 = 28
        "14,   5, 1, 0, 10",  // (14-5)/1+1 = 10
        "96,  11, 4, 1, 22",  // (96+2-11)/4+1 = floor(87/4)+1 = 21+1 = 22
        "68,  11, 4, 1, 15",  // (68+2-11)/4+1 = floor(59/4)+1 = 14+1 = 15
        "7,    3, 2, 0,  3",  // (7-3)/2+1 = 3
        "8,    3, 2, 1,  4",  // (8+2-3)/2+1 = floor(7/2)+1 = 4
        "5,    5, 1, 0,  1",  // (5-5)/1+1 = 1
        "1,    3, 1, 1,  1",  // (1+2-3)/1+1 = 1
    })
    void convolutionUsesFloorDivision(int n, int k, int s, int p, int expected) {
        assertEquals(Shape.chw(16, expected, expected), out(new Conv2d(16, k, s, p), Shape.chw(3, n, n)));
    }

    @ParameterizedTest(name = "pool n={0} k={1} s={2} p={3} -> {4}")
    @CsvSource({
        "54, 3, 2, 0, 26",  // (54-3)/2+1 = 26
        "26, 3, 2, 0, 12",  // (26-3)/2+1 = floor(23/2)+1 = 12
        "12, 3, 2, 0,  5",  // (12-3)/2+1 = floor(9/2)+1 = 5
        "28, 2, 2, 0, 14",  // (28-2)/2+1 = 14
        "10, 2, 2, 0,  5",  // (10-2)/2+1 = 5
        "55, 3, 2, 0, 27",  // (55-3)/2+1 = 27
        "13, 3, 2, 0,  6",  // (13-3)/2+1 = 6
        "3,  3, 2, 1,  2",  // (3+2-3)/2+1 = 2
        "2,  3, 2, 1,  1",  // (2+2-3)/2+1 = floor(1/2)+1 = 1
    })
    void poolingKeepsChannelsAndUsesFloorDivision(int n, int k, int s, int p, int expected) {
        Shape in = Shape.chw(6, n, n);
        assertEquals(Shape.chw(6, expected, expected), out(new MaxPool2d(k, s, p), in));
        assertEquals(Shape.chw(6, expected, expected), out(new AvgPool2d(k, s, p), in));
    }

    @Test
    void poolingStrideDefaultsToTheKernel() {
        // (28-2)/2+1 = 14
        assertEquals(new MaxPool2d(2, 2), new MaxPool2d(2));
        assertEquals(Shape.chw(6, 14, 14), out(new AvgPool2d(2), Shape.chw(6, 28, 28)));
    }

    @Test
    void nonSquareWindowsUseEachAxisOwnNumbers() {
        // H: (40+2-5)/2+1 = floor(37/2)+1 = 19; W: (30+0-3)/1+1 = 28
        assertEquals(Shape.chw(8, 19, 28), out(new Conv2d(8, 5, 3, 2, 1, 1, 0), Shape.chw(3, 40, 30)));
    }

    @Test
    void elementwiseLayersKeepTheShape() {
        Shape in = Shape.chw(96, 54, 54);
        for (LayerSpec layer : List.of(new ReLU(), new Sigmoid(), new Tanh(), new Dropout(0.5),
                LocalResponseNorm.paper(), new BatchNorm2d())) {
            assertEquals(in, out(layer, in), layer.kind());
        }
    }

    @Test
    void flattenMultipliesTheThreeSizes() {
        assertEquals(Shape.features(6400), out(new Flatten(), Shape.chw(256, 5, 5)));  // 256*5*5 = 6400
        assertEquals(Shape.features(400), out(new Flatten(), Shape.chw(16, 5, 5)));    // 16*5*5 = 400
        assertEquals(Shape.features(10), out(new Flatten(), Shape.features(10)));
    }

    @Test
    void parametersAndMacs() {
        Shape in = Shape.chw(1, 224, 224);
        Conv2d conv1 = new Conv2d(96, 11, 4, 1);
        assertEquals(11_712, conv1.parameters(in));                                  // 96*1*11*11+96 = 11712
        assertEquals(33_872_256, conv1.macs(in, out(conv1, in)));                     // 96*54*54 * 1*11*11 = 33872256
        Shape in2 = Shape.chw(96, 26, 26);
        Conv2d conv2 = new Conv2d(256, 5, 1, 2);
        assertEquals(614_656, conv2.parameters(in2));                                // 256*96*25+256 = 614656
        assertEquals(415_334_400, conv2.macs(in2, out(conv2, in2)));                  // 256*26*26 * 96*25 = 415334400
        Linear fc = new Linear(4096);
        Shape flat = Shape.features(6400);
        assertEquals(26_218_496, fc.parameters(flat));                               // 6400*4096+4096 = 26218496
        assertEquals(26_214_400, fc.macs(flat, Shape.features(4096)));                // 6400*4096 = 26214400
        assertEquals(64, new BatchNorm2d().parameters(Shape.chw(32, 32, 32)));       // 2*32 = 64
        AvgPool2d pool = new AvgPool2d(2, 2);
        Shape lenet1 = Shape.chw(6, 28, 28);
        assertEquals(4_704, pool.macs(lenet1, out(pool, lenet1)));                   // 6*14*14 * 2*2 = 4704
        Shape paper = Shape.chw(96, 55, 55);
        assertEquals(1_452_000, LocalResponseNorm.paper().macs(paper, paper));        // 96*55*55 * 5 = 1452000
        assertEquals(0, new MaxPool2d(3, 2).parameters(paper));
    }

    /** A bad setting, the error it must give, and words and numbers its message must contain. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "zero out channels      | error.channelsPositive     | Out channels must be at least 1, got 0",
        "zero kernel            | error.kernelPositive       | at least 1×1, got 0×0",
        "zero stride            | error.stridePositive       | at least 1, got 0×0",
        "negative padding       | error.paddingNegative      | cannot be negative, got -1×-1",
        "pool padding > k/2     | error.poolPaddingTooLarge  | Padding 2×2 is more than half the kernel 3×3; pooling allows at most 1×1",
        "kernel larger than map | error.kernelTooLarge       | ⌊(8 + 2·0 − 11)/4⌋ + 1 = 0",
        "linear after conv      | error.linearNeedsFlatten   | Insert a Flatten before it: it would give 400 features",
        "zero out features      | error.featuresPositive     | got 0",
        "dropout p = 1          | error.dropoutRange         | [0, 1), got 1.0",
        "dropout p < 0          | error.dropoutRange         | got -0.1",
        "dropout p NaN          | error.dropoutRange         | got NaN",
        "lrn size 0             | error.lrnSize              | got 0",
        "batch norm eps 0       | error.batchNormSettings    | eps 0.0 and momentum 0.1",
        "huge conv output       | error.activationTooLarge   | 100000×214×214 has 4,579,600,000 values",
        "huge conv weights      | error.weightsTooLarge      | 576,000,000 weights",
        "huge linear weights    | error.weightsTooLarge      | 640,000,000 weights",
        "huge linear output     | error.activationTooLarge   | 2147483647 has 2,147,483,647 values",
        "huge padding           | error.activationTooLarge   | values per example",
    })
    void everyBadSettingIsATeachingErrorWithAFixThatWorks(String name, String key, String excerpt) {
        Case c = CASES.get(name);
        assertNotNull(c, name);
        ShapeResult r = c.layer.outputShape(c.input);
        ShapeError e = r.errorIfFailed().orElseThrow(() -> new AssertionError(name + " did not fail"));
        assertEquals(key, e.key());
        assertTrue(e.message(Locale.ENGLISH).contains(excerpt), e.message(Locale.ENGLISH));
        assertFalse(e.fixes().isEmpty(), name + " offers no fix");
        Fix fix = e.fixes().get(0);
        assertFalse(fix.description(Locale.ENGLISH).startsWith("fix."), fix.description(Locale.ENGLISH));
        // Applying the first fix makes this layer valid.
        // A flat input comes from a Flatten, as in a real network: C×1×1 → C.
        NetworkSpec repaired = c.input.isSpatial()
                ? new NetworkSpec(c.input, List.of(c.layer)).applyFix(0, fix)
                : new NetworkSpec(Shape.chw(c.input.features(), 1, 1), List.of(new Flatten(), c.layer)).applyFix(1, fix);
        NetworkAnalysis a = repaired.analyze();
        assertTrue(a.isValid(), name + " after '" + fix.description(Locale.ENGLISH) + "': " + a.errorMessages());
    }

    private record Case(LayerSpec layer, Shape input) {
    }

    private static final java.util.Map<String, Case> CASES = java.util.Map.ofEntries(
            java.util.Map.entry("zero out channels", new Case(new Conv2d(0, 3, 1, 1), Shape.chw(1, 28, 28))),
            java.util.Map.entry("zero kernel", new Case(new Conv2d(6, 0, 1, 0), Shape.chw(1, 28, 28))),
            java.util.Map.entry("zero stride", new Case(new Conv2d(6, 3, 0, 0), Shape.chw(1, 28, 28))),
            java.util.Map.entry("negative padding", new Case(new Conv2d(6, 3, 1, -1), Shape.chw(1, 28, 28))),
            java.util.Map.entry("pool padding > k/2", new Case(new MaxPool2d(3, 2, 2), Shape.chw(6, 28, 28))),
            // (8+0-11)/4+1 = 0: an 11×11 kernel does not fit an 8×8 map
            java.util.Map.entry("kernel larger than map", new Case(new Conv2d(6, 11, 4, 0), Shape.chw(1, 8, 8))),
            // 16*5*5 = 400
            java.util.Map.entry("linear after conv", new Case(new Linear(120), Shape.chw(16, 5, 5))),
            java.util.Map.entry("zero out features", new Case(new Linear(0), Shape.features(84))),
            java.util.Map.entry("dropout p = 1", new Case(new Dropout(1.0), Shape.features(4096))),
            java.util.Map.entry("dropout p < 0", new Case(new Dropout(-0.1), Shape.features(4096))),
            java.util.Map.entry("dropout p NaN", new Case(new Dropout(Double.NaN), Shape.features(4096))),
            java.util.Map.entry("lrn size 0", new Case(new LocalResponseNorm(0, 1e-4, 0.75, 2), Shape.chw(96, 55, 55))),
            java.util.Map.entry("batch norm eps 0", new Case(new BatchNorm2d(0, 0.1), Shape.chw(32, 32, 32))),
            // 100000 * (224-11+1)^2 = 100000*214*214 = 4,579,600,000 > 2^28
            java.util.Map.entry("huge conv output", new Case(new Conv2d(100_000, 11, 1, 0), Shape.chw(3, 224, 224))),
            // 64 * 1,000,000 * 3*3 = 576,000,000 > 2^28
            java.util.Map.entry("huge conv weights", new Case(new Conv2d(64, 3, 1, 1), Shape.chw(1_000_000, 1, 1))),
            // 6400 * 100,000 = 640,000,000 > 2^28
            java.util.Map.entry("huge linear weights", new Case(new Linear(100_000), Shape.features(6400))),
            java.util.Map.entry("huge linear output", new Case(new Linear(Integer.MAX_VALUE), Shape.features(6400))),
            // (28 + 2*(2^31-1) - 3)/1 + 1 does not even fit an int
            java.util.Map.entry("huge padding", new Case(new Conv2d(8, 3, 1, Integer.MAX_VALUE), Shape.chw(1, 28, 28))));

    @Test
    void aSpatialLayerAfterFlattenSaysToMoveIt() {
        ShapeError e = new Conv2d(6, 3, 1, 1).outputShape(Shape.features(400)).errorIfFailed().orElseThrow();
        assertEquals("error.needsFeatureMap", e.key());
        assertEquals("Conv2d works on a C×H×W feature map, but its input is the flat vector 400. "
                + "Move it before the Flatten.", e.message(Locale.ENGLISH));
    }

    @Test
    void impossibleInputsAreErrorsToo() {
        NetworkSpec zero = new NetworkSpec(Shape.chw(0, 28, 28), List.of(new Flatten()));
        assertEquals("error.inputShape", zero.analyze().inputError().key());
        // 1*100000*100000 = 10^10 values > 2^28
        NetworkSpec huge = new NetworkSpec(Shape.chw(1, 100_000, 100_000), List.of(new Flatten()));
        assertEquals("error.activationTooLarge", huge.analyze().inputError().key());
        assertFalse(huge.analyze().layers().get(0).known());
        assertEquals(List.of("Input: The input must be channels×height×width with every size at least 1, got 0×28×28."),
                zero.analyze().errorMessages(Locale.ENGLISH));
    }

    @Test
    void randomSettingsNeverThrowAndEveryFailureIsTranslated() {
        int[] values = {Integer.MIN_VALUE, -7, -1, 0, 1, 2, 3, 5, 11, 224, 100_000, Integer.MAX_VALUE};
        double[] ps = {Double.NaN, Double.NEGATIVE_INFINITY, -1, 0, 0.5, 1, 7};
        Random random = new Random(42);
        for (int i = 0; i < 20_000; i++) {
            int[] v = new int[8];
            for (int j = 0; j < v.length; j++) {
                v[j] = values[random.nextInt(values.length)];
            }
            double p = ps[random.nextInt(ps.length)];
            LayerSpec layer = switch (random.nextInt(7)) {
                case 0 -> new Conv2d(v[0], v[1], v[2], v[3], v[4], v[5], v[6]);
                case 1 -> new MaxPool2d(v[1], v[2], v[3], v[4], v[5], v[6]);
                case 2 -> new AvgPool2d(v[1], v[2], v[3], v[4], v[5], v[6]);
                case 3 -> new Linear(v[0]);
                case 4 -> new Dropout(p);
                case 5 -> new LocalResponseNorm(v[0], p, p, p);
                default -> new BatchNorm2d(p, p);
            };
            Shape input = random.nextBoolean()
                    ? new Shape(List.of(Math.abs(v[7] % 512) + 1, Math.abs(v[5] % 300) + 1, Math.abs(v[6] % 300) + 1))
                    : Shape.features(Math.abs(v[7] % 10_000) + 1);
            NetworkAnalysis a = new NetworkSpec(input, List.of(layer, new Flatten())).analyze();
            a.firstError().ifPresent(r -> {
                assertFalse(r.error().key().equals("error.internal"), layer + " on " + input + " threw");
                for (Locale locale : List.of(Locale.ENGLISH, Locale.SIMPLIFIED_CHINESE)) {
                    String m = r.error().message(locale);
                    assertFalse(m.startsWith("error.") || m.contains("%"), layer + ": " + m);
                }
            });
            a.layers().stream().filter(LayerReport::known).forEach(r -> {
                assertTrue(r.output().isPositive(), layer + " -> " + r.output());
                assertTrue(r.output().elements() <= Limits.MAX_TENSOR_ELEMENTS, layer + " -> " + r.output());
            });
        }
    }
}
