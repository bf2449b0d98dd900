package org.alexnetstudio.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.alexnetstudio.model.Presets;
import org.alexnetstudio.model.SpecJson;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ShapesCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private Locale saved;

    @BeforeEach
    void english() {
        saved = Locale.getDefault();
        Locale.setDefault(Locale.US);
    }

    @AfterEach
    void restore() {
        Locale.setDefault(saved);
    }

    private int run(String... args) {
        CommandLine cl = Cli.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        return cl.execute(args);
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = ShapesCommandTest.class.getResourceAsStream("/model/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void torchFormatIsTheBooksListingLineForLine() throws IOException {
        assertEquals(0, run("shapes", "--preset", "alexnet", "--format", "torch"));
        assertEquals(resource("alexnet-book-torch-output.txt"), out.toString());
        assertEquals(21, out.toString().lines().count());
        assertTrue(out.toString().startsWith("Conv2d output shape:\t torch.Size([1, 96, 54, 54])\n"));
    }

    @Test
    void tableHasEveryLayerAndTheTotals() {
        assertEquals(0, run("shapes", "--preset", "alexnet"));
        String table = out.toString();
        assertTrue(table.contains("Output shape"), table);
        assertTrue(table.lines().anyMatch(l -> l.startsWith(" 0  Conv2d") && l.contains("96×54×54")
                && l.contains("11,712") && l.contains("33,872,256")), table);
        assertTrue(table.lines().anyMatch(l -> l.startsWith("13  Flatten") && l.contains("6400")), table);
        assertTrue(table.contains("Parameters: 46,764,746"), table);
        assertTrue(table.contains("Weight memory: 187.1 MB"), table);       // 46,764,746*4 bytes
        assertTrue(table.contains("Forward MACs per example: 938,146,176"), table);
        assertEquals(2 + 21 + 4, table.lines().count());  // header, input, 21 layers, 4 totals
    }

    @Test
    void resizeAndInputReinferTheShapes() {
        // 68: ... (3-3)/2+1 = 1 → 256×1×1 → 256
        assertEquals(0, run("shapes", "--resize", "68", "--format", "torch"));
        assertTrue(out.toString().contains("Flatten output shape:\t torch.Size([1, 256])\n"), out.toString());
        StringWriter before = new StringWriter();
        before.write(out.toString());
        out.getBuffer().setLength(0);
        assertEquals(0, run("shapes", "--preset", "alexnet", "--input", "1x68x68", "--format", "torch"));
        assertEquals(before.toString(), out.toString());
    }

    @Test
    void anInvalidStackPrintsTheTeachingErrorAndExitsWith2() {
        // 63: the last pool meets a 2×2 map: (2-3)/2+1 = 0
        assertEquals(2, run("shapes", "--resize", "63"));
        String e = err.toString();
        assertTrue(e.contains("Layer 12 (MaxPool2d)"), e);
        assertTrue(e.contains("⌊(2 + 2·0 − 3)/2⌋ + 1 = 0"), e);
        assertTrue(e.contains("Fix: Set padding to 1×1"), e);
        assertTrue(out.toString().lines().anyMatch(l -> l.startsWith("12  MaxPool2d") && l.contains("✗")), out.toString());
    }

    @Test
    void readsTheBooksPyTorchSourceAndSavedJson(@TempDir Path dir) throws IOException {
        Path py = dir.resolve("lenet.py");
        Files.writeString(py, resource("lenet-book.py"));
        assertEquals(0, run("shapes", "--pytorch", py.toString(), "--input", "1x28x28", "--format", "torch"));
        assertTrue(out.toString().endsWith("Linear output shape:\t torch.Size([1, 10])\n"), out.toString());
        assertEquals(12, out.toString().lines().count());

        out.getBuffer().setLength(0);
        Path json = dir.resolve("alexnet.json");
        Files.writeString(json, SpecJson.toJson(Presets.alexnet2012()));
        assertEquals(0, run("shapes", "--spec", json.toString()));
        assertTrue(out.toString().contains("Parameters: 62,378,344"), out.toString());
    }

    @Test
    void badFilesGiveTheirLineAndExit2(@TempDir Path dir) throws IOException {
        Path json = dir.resolve("bad.json");
        Files.writeString(json, resource("bad-json/kernel-string.json"));
        assertEquals(2, run("shapes", "--spec", json.toString()));
        assertTrue(err.toString().contains("layers[3].kernel: expected an integer or [h, w], got \"abc\" (line 9"),
                err.toString());
        err.getBuffer().setLength(0);
        Path py = dir.resolve("bad.py");
        Files.writeString(py, resource("bad-pytorch/unknown-layer.py"));
        assertEquals(2, run("shapes", "--pytorch", py.toString()));
        assertTrue(err.toString().startsWith("line 3, column 5: unknown layer nn.Conv3d"), err.toString());
        assertEquals(ExitCode.INPUT, run("shapes", "--spec", dir.resolve("missing.json").toString()));
    }

    @Test
    void jsonFormatCarriesShapesAndTotals() {
        assertEquals(0, run("shapes", "--preset", "lenet", "--format", "json"));
        String json = out.toString();
        assertTrue(json.contains("\"input\": [1, 28, 28]"), json);
        assertTrue(json.contains("{\"index\": 6, \"layer\": \"Flatten\", \"settings\": \"\", \"output\": [400]"), json);
        assertTrue(json.contains("\"totalParameters\": 61706"), json);
        assertTrue(json.contains("\"valid\": true"), json);
    }

    @Test
    void specAndPytorchFormatsRoundTrip() throws Exception {
        assertEquals(0, run("shapes", "--preset", "alexnet-mini", "--format", "spec"));
        assertEquals(Presets.alexnetMini(), SpecJson.fromJson(out.toString()));
        out.getBuffer().setLength(0);
        assertEquals(0, run("shapes", "--preset", "alexnet", "--format", "pytorch"));
        assertTrue(out.toString().startsWith("net = nn.Sequential(\n    nn.Conv2d(1, 96, kernel_size=11"), out.toString());
    }

    @Test
    void unknownPresetAndBadInputAreUsageErrors() {
        assertEquals(2, run("shapes", "--preset", "vgg"));
        assertTrue(err.toString().contains("alexnet, alexnet-mini, lenet, alexnet-2012"), err.toString());
        assertEquals(2, run("shapes", "--input", "1by28"));
        assertEquals(2, run("shapes", "--input", "0x28x28"));
        assertTrue(err.toString().contains("got 0×28×28"), err.toString());
    }

    @Test
    void helpDescribesTheOptions() {
        assertEquals(0, run("shapes", "--help"));
        for (String option : new String[]{"--preset", "--spec", "--pytorch", "--input", "--resize", "--format"}) {
            assertTrue(out.toString().contains(option), option);
        }
    }
}
