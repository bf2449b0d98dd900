package org.alexnetstudio.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class SpecJsonTest {

    static List<Preset> presets() {
        return Presets.all();
    }

    @ParameterizedTest
    @MethodSource("presets")
    void everyPresetRoundTrips(Preset preset) throws Exception {
        assertEquals(preset.spec(), SpecJson.fromJson(SpecJson.toJson(preset.spec())));
    }

    @Test
    void invalidAndOddSpecsRoundTripToo() throws Exception {
        // A half-finished network must survive a save: zero kernel, p = 1, NaN, non-square windows, flat input.
        for (NetworkSpec spec : List.of(
                new NetworkSpec(Shape.chw(3, 40, 30), List.of(new Conv2d(8, 5, 3, 2, 1, 2, 1), new Conv2d(0, 0, 0, 0),
                        new MaxPool2d(3, 2, 1, 2, 1, 1), new AvgPool2d(2), new Dropout(1.0), new Dropout(Double.NaN),
                        new LocalResponseNorm(0, 1e-4, 0.75, Double.POSITIVE_INFINITY),
                        new BatchNorm2d(-1, 7), new Sigmoid(), new Tanh(), new Flatten(), new Linear(-3))),
                new NetworkSpec(Shape.features(784), List.of()))) {
            assertEquals(spec, SpecJson.fromJson(SpecJson.toJson(spec)));
        }
    }

    @Test
    void handWrittenFilesMayLeaveOutDefaults() throws Exception {
        String json = """
                {"version": 1, "input": [1, 28, 28], "layers": [
                  {"type": "Conv2d", "outChannels": 6, "kernel": [5, 3]},
                  {"type": "MaxPool2d", "kernel": 2},
                  {"type": "Dropout"},
                  {"type": "BatchNorm2d"}
                ]}""";
        NetworkSpec spec = SpecJson.fromJson(json);
        assertEquals(List.of(new Conv2d(6, 5, 3, 1, 1, 0, 0), new MaxPool2d(2, 2), new Dropout(0.5),
                new BatchNorm2d()), spec.layers());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        // file,                    field,                 line, column, key
        "kernel-string.json,        layers[3].kernel,         9, 53, json.expectedIntOrPair",
        "missing-comma.json,        '',                       4,  3, json.expected",
        "unknown-type.json,         layers[0].type,           5, 14, json.unknownType",
        "missing-field.json,        layers[0].outChannels,    5,  5, json.missingField",
        "unknown-field.json,        layers[1].strdie,         6, 50, json.unknownField",
        "newer-version.json,        version,                  3, 14, json.newerVersion",
        "truncated.json,            layers[1],                6,  1, json.expected",
        "empty.json,                '',                       1,  1, json.empty",
        "bad-input.json,            input,                    3, 12, json.inputShape",
        "duplicate-key.json,        layers[0].outFeatures,    5, 43, json.duplicateKey",
        "fractional-channels.json,  layers[0].outChannels,    5, 39, json.expectedInt",
        "not-an-object.json,        '',                       1,  1, json.expectedObject",
        "wrong-format.json,         format,                   2, 13, json.wrongFormat",
        "dropout-text.json,         layers[1].p,              6, 30, json.expectedNumber",
        "trailing-garbage.json,     '',                       1, 52, json.trailing",
    })
    void malformedFilesNameTheFieldAndLine(String file, String field, int line, int column, String key) {
        SpecFormatException e = assertThrows(SpecFormatException.class,
                () -> SpecJson.fromJson(TestFiles.read("bad-json/" + file)));
        assertEquals(key, e.key(), e.getMessage());
        assertEquals(field, e.field(), e.getMessage());
        assertEquals(line, e.line(), e.getMessage());
        assertEquals(column, e.column(), e.getMessage());
        assertTrue(e.message(Locale.ENGLISH).contains("line " + line), e.message(Locale.ENGLISH));
    }

    @Test
    void theKernelErrorReadsLikeTheIssueAsks() {
        SpecFormatException e = assertThrows(SpecFormatException.class,
                () -> SpecJson.fromJson(TestFiles.read("bad-json/kernel-string.json")));
        assertEquals("layers[3].kernel: expected an integer or [h, w], got \"abc\" (line 9, column 53)",
                e.message(Locale.ENGLISH));
        assertEquals("layers[3].kernel：应为整数或 [h, w]，实际为 \"abc\"（第 9 行，第 53 列）",
                e.message(Locale.SIMPLIFIED_CHINESE));
    }

    @Test
    void everyTruncationOfAValidFileIsAnErrorNeverACrash() {
        String json = SpecJson.toJson(Presets.alexnet2012());
        for (int cut = 0; cut < json.length() - 2; cut += 5) {
            String prefix = json.substring(0, cut);
            SpecFormatException e = assertThrows(SpecFormatException.class, () -> SpecJson.fromJson(prefix));
            assertTrue(e.line() >= 1 && e.column() >= 1);
        }
    }

    @Test
    void deepNestingIsRefusedNotAStackOverflow() {
        String json = "[".repeat(100_000);
        SpecFormatException e = assertThrows(SpecFormatException.class, () -> SpecJson.fromJson(json));
        assertEquals("json.tooDeep", e.key());
    }
}
