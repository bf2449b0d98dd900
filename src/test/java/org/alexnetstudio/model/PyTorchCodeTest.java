package org.alexnetstudio.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class PyTorchCodeTest {

    private static final Shape FASHION_224 = Shape.chw(1, 224, 224);
    private static final Shape FASHION_28 = Shape.chw(1, 28, 28);

    @Test
    void readsTheBooksAlexNetWithItsChineseCommentsAndImports() throws Exception {
        NetworkSpec spec = PyTorchCode.parse(TestFiles.read("alexnet-book.py"), FASHION_224);
        assertEquals(Presets.alexnet(), spec);
        assertEquals(46_764_746L, spec.analyze().totalParameters());
    }

    @Test
    void readsTheBooksLeNetIncludingTheArithmeticInFeatures() throws Exception {
        // nn.Linear(16 * 5 * 5, 120): 16*5*5 = 400, which is what the Flatten gives
        NetworkSpec spec = PyTorchCode.parse(TestFiles.read("lenet-book.py"), FASHION_28);
        assertEquals(Presets.lenet(), spec);
    }

    @Test
    void printsTheBooksListingLineForLine() throws Exception {
        String book = TestFiles.read("alexnet-book.py").lines()
                .filter(l -> !l.isBlank() && !l.trim().startsWith("#") && !l.startsWith("import")
                        && !l.startsWith("from"))
                .collect(Collectors.joining("\n", "", "\n"));
        assertEquals(book, PyTorchCode.print(Presets.alexnet()));
    }

    @Test
    void bookSourceRoundTrips() throws Exception {
        for (String file : List.of("alexnet-book.py", "lenet-book.py")) {
            Shape in = file.startsWith("alexnet") ? FASHION_224 : FASHION_28;
            NetworkSpec parsed = PyTorchCode.parse(TestFiles.read(file), in);
            assertEquals(parsed, PyTorchCode.parse(PyTorchCode.print(parsed), in), file);
        }
    }

    static List<Preset> presets() {
        return Presets.all();
    }

    @ParameterizedTest
    @MethodSource("presets")
    void everyPresetRoundTrips(Preset preset) throws Exception {
        NetworkSpec spec = preset.spec();
        assertEquals(spec, PyTorchCode.parse(PyTorchCode.print(spec), spec.input()));
    }

    @Test
    void oddSettingsRoundTrip() throws Exception {
        NetworkSpec spec = new NetworkSpec(Shape.chw(3, 40, 30), List.of(
                new Conv2d(8, 5, 3, 2, 1, 2, 1), new Tanh(), new BatchNorm2d(1e-3, 0.25),
                new AvgPool2d(3, 2, 1, 2, 1, 1), new LocalResponseNorm(3, 2.5e-7, 0.5, 1.0),
                new MaxPool2d(2), new Flatten(), new Dropout(0.125), new Linear(7)));
        assertTrue(spec.analyze().isValid(), spec.analyze().errorMessages().toString());
        assertEquals(spec, PyTorchCode.parse(PyTorchCode.print(spec), spec.input()));
    }

    @Test
    void layersWithUnknownInputArePrintedLazyAndStillRoundTrip() throws Exception {
        // 1×4×4 is too small for an 11×11 kernel, so nothing after layer 0 has a known input.
        NetworkSpec spec = new NetworkSpec(Shape.chw(1, 4, 4), List.of(
                new Conv2d(96, 11, 4, 1), new Conv2d(8, 3, 1, 1), new BatchNorm2d(), new Flatten(), new Linear(10)));
        String source = PyTorchCode.print(spec);
        assertTrue(source.contains("nn.Conv2d(1, 96, kernel_size=11, stride=4, padding=1)"), source);
        assertTrue(source.contains("nn.LazyConv2d(8, kernel_size=3, padding=1)"), source);
        assertTrue(source.contains("nn.LazyBatchNorm2d()"), source);
        assertTrue(source.contains("nn.LazyLinear(10)"), source);
        assertEquals(spec, PyTorchCode.parse(source, spec.input()));
    }

    @Test
    void acceptsPythonsOtherWaysOfWritingTheSameNetwork() throws Exception {
        String source = """
                self.net = torch.nn.Sequential(Conv2d(1, 96, (11, 11), (4, 4), padding=(1, 1)), nn.ReLU(inplace=True),
                    nn.MaxPool2d(3, 2), nn.LazyConv2d(out_channels=256, kernel_size=5, padding='same'), nn.ReLU(),
                    nn.MaxPool2d(kernel_size=3, stride=2),
                    nn.LazyConv2d(384, 3, padding=1, bias=True), nn.ReLU(),
                    nn.LazyConv2d(384, kernel_size=3, padding=1, dilation=1), nn.ReLU(),
                    nn.Conv2d(in_channels=384, out_channels=256, kernel_size=3, padding=1), nn.ReLU(),
                    nn.MaxPool2d(kernel_size=3, stride=2), nn.Flatten(),
                    nn.Linear(256 * 5 * 5, 4096), nn.ReLU(), nn.Dropout(0.5),
                    nn.LazyLinear(4096), nn.ReLU(), nn.Dropout(p=.5, inplace=False),
                    nn.Linear(in_features=4096, out_features=10),
                )
                """;
        assertEquals(Presets.alexnet(), PyTorchCode.parse(source, FASHION_224));
    }

    @Test
    void poolingStrideDefaultsToTheKernelAsInPyTorch() throws Exception {
        NetworkSpec spec = PyTorchCode.parse("nn.Sequential(nn.MaxPool2d(2), nn.AvgPool2d(kernel_size=(2, 3)))",
                FASHION_28);
        assertEquals(new MaxPool2d(2, 2, 2, 2, 0, 0), spec.layers().get(0));
        assertEquals(new AvgPool2d(2, 3, 2, 3, 0, 0), spec.layers().get(1));
    }

    @Test
    void aSpecWithShapeErrorsStillParses() throws Exception {
        // The student should see the teaching error in the editor, not a parse failure.
        NetworkSpec spec = PyTorchCode.parse("nn.Sequential(nn.Conv2d(1, 6, kernel_size=5), nn.Linear(10, 2))",
                FASHION_28);
        NetworkAnalysis a = spec.analyze();
        assertFalse(a.isValid());
        assertEquals("error.linearNeedsFlatten", a.firstError().orElseThrow().error().key());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        // file,                 line, column, key
        "unknown-layer.py,          3,  5, parse.unknownLayer",
        "missing-comma.py,          2, 47, parse.expected",
        "unclosed.py,               4,  1, parse.expectedLayer",
        "wrong-in-features.py,      8, 15, parse.inFeaturesMismatch",
        "wrong-in-channels.py,      2, 15, parse.inChannelsMismatch",
        "unknown-argument.py,       2, 21, parse.unknownArgument",
        "string-kernel.py,          2, 33, parse.expectedIntOrPair",
        "variable-name.py,          4, 19, parse.unknownName",
        "ceil-mode.py,              2, 34, parse.unsupportedValue",
        "bad-character.py,          2, 14, parse.unexpectedChar",
        "not-sequential.py,         1,  1, parse.expectedSequential",
        "trailing-code.py,          2,  1, parse.trailing",
        "unterminated-string.py,    2, 44, parse.unterminatedString",
        "missing-argument.py,       1, 48, parse.missingArgument",
        "empty.py,                  2,  1, parse.expectedSequential",
    })
    void malformedSourceReportsLineAndColumn(String file, int line, int column, String key) {
        Shape in = file.contains("in-channels") || file.contains("unknown-layer") ? FASHION_224 : FASHION_28;
        PyTorchParseException e = assertThrows(PyTorchParseException.class,
                () -> PyTorchCode.parse(TestFiles.read("bad-pytorch/" + file), in));
        assertEquals(key, e.key(), e.getMessage());
        assertEquals(line, e.line(), e.getMessage());
        assertEquals(column, e.column(), e.getMessage());
        assertTrue(e.message(Locale.ENGLISH).startsWith("line " + line + ", column " + column + ": "),
                e.message(Locale.ENGLISH));
        assertFalse(e.message(Locale.ENGLISH).contains(key), "untranslated: " + e.message(Locale.ENGLISH));
    }

    @Test
    void inFeaturesMismatchTeachesTheRightNumber() {
        PyTorchParseException e = assertThrows(PyTorchParseException.class,
                () -> PyTorchCode.parse(TestFiles.read("bad-pytorch/wrong-in-features.py"), FASHION_28));
        // 16*4*4 = 256 written, but 16 channels × 5 × 5 = 400 arrive
        assertEquals("line 8, column 15: Linear in_features is 256, but the layer before it gives 400 features. "
                + "Write nn.Linear(400, 120), or nn.LazyLinear(120) to let PyTorch infer it (layer 7).",
                e.message(Locale.ENGLISH));
        assertEquals("第 8 行，第 15 列：Linear 的 in_features 是 256，但前一层给出 400 个特征。"
                + "请写 nn.Linear(400, 120)，或写 nn.LazyLinear(120) 让 PyTorch 自动推断（第 7 层）。",
                e.message(Locale.SIMPLIFIED_CHINESE));
    }

    @Test
    void neverThrowsAnythingButParseErrorsOnGarbage() {
        String book = TestFiles.read("alexnet-book.py");
        // Every prefix of the book's text is either a spec or a parse error, never a crash.
        for (int cut = 0; cut < book.length(); cut += 7) {
            String prefix = book.substring(0, cut);
            try {
                PyTorchCode.parse(prefix, FASHION_224);
            } catch (PyTorchParseException expected) {
                assertTrue(expected.line() >= 1 && expected.column() >= 1);
            }
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "0.5      | 0.5",
        "1.0E-4   | 0.0001",
        "1.0E-5   | 1e-05",
        "2.0      | 2.0",
        "2.5E-7   | 2.5e-07",
        "1.0E20   | 1e+20",
        "-0.125   | -0.125",
    })
    void floatsArePrintedAsPythonReprsThem(double value, String python) {
        assertEquals(python, PyTorchCode.pyFloat(value));
    }

    @Test
    void solvesForTheInputTheBooksCodeExpects() {
        String book = PyTorchCode.print(Presets.alexnet());
        // nn.Linear(6400, 4096) needs 256×5×5: inputs 193..227 give 5×5 after the last pool
        // ((n+2-11)/4+1 ∈ 47..54 → 23..26 → 11..12 → 5); of these 224 is a common size nearest to 96.
        assertEquals(java.util.Optional.of(Shape.chw(1, 224, 224)), PyTorchCode.fittingInput(book, Shape.chw(1, 96, 96)));
        assertEquals(java.util.Optional.empty(), PyTorchCode.fittingInput(book, Shape.chw(1, 224, 224)), "it fits already");
        // LeNet's nn.Linear(16 * 5 * 5, 120) was written for 28×28 (with padding 2 in its first conv).
        String lenet = PyTorchCode.print(Presets.byId("lenet").orElseThrow().spec());
        assertEquals(java.util.Optional.of(Shape.chw(1, 28, 28)), PyTorchCode.fittingInput(lenet, Shape.chw(1, 64, 64)));
        assertEquals(java.util.Optional.empty(), PyTorchCode.fittingInput("nn.Sequential(nn.Frob())", Shape.chw(1, 28, 28)));
    }
}
