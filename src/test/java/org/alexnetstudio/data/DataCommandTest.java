package org.alexnetstudio.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;
import org.alexnetstudio.cli.DataCommand;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The data command over fake folders (the real /usr/share copy is not used). */
class DataCommandTest {

    @TempDir
    Path tmp;

    private Locale saved;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void english() {
        saved = Locale.getDefault();
        Locale.setDefault(Locale.ENGLISH);
    }

    @AfterEach
    void restore() {
        Locale.setDefault(saved);
    }

    private int run(String... args) {
        DataLocator locator = new DataLocator(Map.of(), tmp.resolve("home"), tmp.resolve("cwd"), tmp.resolve("nodebian"));
        CommandLine cl = new CommandLine(new DataCommand(locator, () -> {
            throw new AssertionError("no download in this test");
        }));
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        return cl.execute(args);
    }

    @Test
    void fallsBackToTheSampleAndSaysSo() throws Exception {
        Path png = tmp.resolve("grid.png");
        assertEquals(0, run("--show", "20", "--out", png.toString(), "--resize", "32"));
        String text = out.toString();
        assertTrue(text.contains("SAMPLE"), text);
        assertTrue(text.contains("Lookup rule 5 of 5"), text);
        assertTrue(text.contains("  total              2000     1000"), text);
        assertTrue(text.contains("not applicable to the bundled sample"), text);
        var img = ImageIO.read(png.toFile());
        assertTrue(img.getWidth() > 4 * 32 && img.getHeight() > 2 * 32);
    }

    @Test
    void chosenFolderWithChecksumsThatDoNotMatch() {
        assertEquals(0, run("--dir", IdxTest.DIR.resolve("good").toString()));
        String text = out.toString();
        assertTrue(text.contains("Lookup rule 1 of 5 (CHOSEN)"), text);
        // the fixtures are not the official files
        assertTrue(text.contains("DOES NOT MATCH"), text);
    }

    @Test
    void brokenFileIsAClearErrorNotACrash() throws Exception {
        Path dir = tmp.resolve("broken");
        Files.createDirectories(dir);
        for (String base : FashionMnist.FILES) {
            Files.copy(IdxTest.DIR.resolve("good").resolve(base + ".gz"), dir.resolve(base + ".gz"));
        }
        Files.copy(IdxTest.DIR.resolve("truncated-images-idx3-ubyte"), dir.resolve("train-images-idx3-ubyte"));
        assertEquals(3, run("--dir", dir.toString())); // ExitCode.INPUT
        assertTrue(err.toString().contains("truncated"), err.toString());
        assertTrue(err.toString().contains("train-images-idx3-ubyte"), err.toString());
    }

    @Test
    void badShowCount() {
        assertEquals(2, run("--show", "0")); // ExitCode.USAGE
        assertTrue(err.toString().contains("--show"), err.toString());
    }
}
