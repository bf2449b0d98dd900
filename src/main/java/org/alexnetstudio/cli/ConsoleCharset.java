package org.alexnetstudio.cli;

import java.io.BufferedWriter;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * The charset the app prints in. Java prints in the locale's charset, which under the POSIX locale
 * ({@code env -i}, containers, CI, a desktop launcher or ssh without LANG) is US-ASCII: ×, ⌊ and
 * Chinese would come out as '?'. There the app prints UTF-8, which every current terminal shows;
 * any other charset of the locale (UTF-8, GB18030, …) is kept, as its terminal expects it.
 *
 * <p>Both {@code System.out}/{@code System.err} (see {@link #useUtf8WhereAscii()}) and picocli's
 * writers ({@link #writer}) follow it: picocli encodes by itself, in the charset named by
 * {@code sun.stdout.encoding} or else the default charset, so replacing {@code System.out} alone
 * still printed "224?224".
 */
public final class ConsoleCharset {

    private ConsoleCharset() {
    }

    /** The charset for standard output. */
    public static Charset stdout() {
        return instead(javaChoice("stdout"));
    }

    /** The charset for standard error. */
    public static Charset stderr() {
        return instead(javaChoice("stderr"));
    }

    /**
     * The charset to print in where Java would print in {@code javaCharset}: UTF-8 for US-ASCII
     * (under any of its names, such as glibc's "ANSI_X3.4-1968") and for a name Java does not know,
     * else that charset.
     */
    static Charset instead(String javaCharset) {
        try {
            Charset cs = Charset.forName(javaCharset);
            return cs.equals(StandardCharsets.US_ASCII) ? StandardCharsets.UTF_8 : cs;
        } catch (IllegalArgumentException e) { // an illegal or unsupported name
            return StandardCharsets.UTF_8;
        }
    }

    /**
     * The charset Java itself prints a stream in: {@code stdout.encoding} (Java 18+), else
     * {@code sun.stdout.encoding} (Java 17 sets it for terminals), else the default charset.
     */
    private static String javaChoice(String stream) {
        String name = System.getProperty(stream + ".encoding");
        if (name == null || name.isBlank()) {
            name = System.getProperty("sun." + stream + ".encoding");
        }
        return name == null || name.isBlank() ? Charset.defaultCharset().name() : name;
    }

    /** Replaces {@code System.out} and {@code System.err} by UTF-8 streams where Java would print ASCII. */
    public static void useUtf8WhereAscii() {
        if (!stdout().name().equals(javaCharsetName("stdout"))) {
            System.setOut(new PrintStream(new FileOutputStream(FileDescriptor.out), true, stdout()));
        }
        if (!stderr().name().equals(javaCharsetName("stderr"))) {
            System.setErr(new PrintStream(new FileOutputStream(FileDescriptor.err), true, stderr()));
        }
    }

    private static String javaCharsetName(String stream) {
        try {
            return Charset.forName(javaChoice(stream)).name();
        } catch (IllegalArgumentException e) {
            return "";
        }
    }

    /** A writer like picocli's own (buffered, flushed on println) that encodes in {@code charset}. */
    static PrintWriter writer(OutputStream stream, Charset charset) {
        return new PrintWriter(new BufferedWriter(new OutputStreamWriter(stream, charset)), true);
    }
}
