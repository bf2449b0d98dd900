package org.alexnetstudio.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

class ConsoleCharsetTest {

    @Test
    void asciiUnderAnyNameBecomesUtf8() {
        // glibc's name for the POSIX locale's codeset, Java's, and the one-word aliases
        for (String ascii : List.of("ANSI_X3.4-1968", "US-ASCII", "ascii", "646")) {
            assertEquals(StandardCharsets.UTF_8, ConsoleCharset.instead(ascii), ascii);
        }
    }

    @Test
    void anyOtherCharsetOfTheLocaleIsKept() {
        assertEquals(StandardCharsets.UTF_8, ConsoleCharset.instead("UTF-8"));
        assertEquals(Charset.forName("GB18030"), ConsoleCharset.instead("GB18030"));
        assertEquals(StandardCharsets.ISO_8859_1, ConsoleCharset.instead("ISO-8859-1"));
    }

    @Test
    void anUnknownNameBecomesUtf8() {
        assertEquals(StandardCharsets.UTF_8, ConsoleCharset.instead("no-such-charset"));
        assertEquals(StandardCharsets.UTF_8, ConsoleCharset.instead("bad name!"));
    }

    /**
     * The whole path, as a desktop launcher without LANG starts the app: a JVM with an empty
     * environment (the POSIX locale) prints the shape table (picocli's writer) and its error
     * (picocli's error writer) in UTF-8.
     */
    @Test
    @DisabledOnOs(value = OS.WINDOWS, disabledReason = "no POSIX locale; Java needs SystemRoot in the environment")
    void underThePosixLocaleTheCommandsPrintUtf8(@TempDir Path dir) throws Exception {
        Run table = launch(dir, "org.alexnetstudio.Launcher", "shapes");
        assertEquals(0, table.code, table.err);
        // (224+2-11)/4+1 = 54
        assertTrue(table.out.contains("1×224×224"), table.out);
        assertTrue(table.out.contains("96×54×54"), table.out);
        assertFalse(table.out.contains("?"), table.out);

        Run bad = launch(dir, "org.alexnetstudio.Launcher", "shapes", "--input", "5");
        assertTrue(bad.code != 0, bad.out);
        assertTrue(bad.err.contains("channels×height×width"), bad.err);
    }

    /** The window's log lines go to System.out and System.err: they too are UTF-8 there. */
    @Test
    @DisabledOnOs(value = OS.WINDOWS, disabledReason = "no POSIX locale; Java needs SystemRoot in the environment")
    void underThePosixLocaleSystemOutAndErrPrintUtf8(@TempDir Path dir) throws Exception {
        Run run = launch(dir, PrintBoth.class.getName());
        assertEquals(0, run.code, run.err);
        assertEquals("224×224 层", run.out);
        assertEquals("⌊(n+2p−k)/s⌋+1", run.err);
    }

    /** Prints through System.out and System.err after the launcher's switch. */
    public static final class PrintBoth {
        public static void main(String[] args) {
            ConsoleCharset.useUtf8WhereAscii();
            System.out.print("224×224 层");
            System.err.print("⌊(n+2p−k)/s⌋+1");
        }
    }

    private record Run(int code, String out, String err) {
    }

    private static Run launch(Path dir, String mainClass, String... args) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"), mainClass));
        cmd.addAll(List.of(args));
        File out = dir.resolve("out").toFile();
        File err = dir.resolve("err").toFile();
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out).redirectError(err);
        pb.environment().clear(); // env -i: no LANG, LC_ALL or LC_CTYPE, so the POSIX locale
        Process p = pb.start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the launcher did not finish");
        // Decoded strictly: a '?' written in place of × would show, and so would bytes that are not UTF-8.
        return new Run(p.exitValue(), strictUtf8(out.toPath()), strictUtf8(err.toPath()));
    }

    private static String strictUtf8(Path file) throws IOException {
        return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(Files.readAllBytes(file))).toString();
    }
}
