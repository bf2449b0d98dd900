package org.alexnetstudio.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.alexnetstudio.data.FashionMnist;
import picocli.CommandLine;

/** Runs a command as {@code java -jar … COMMAND} would, capturing both picocli's streams and System.err. */
final class CliRun {

    /** @param err picocli's error stream plus anything printed to System.err (ImageIO prints traces there) */
    record Result(int code, String out, String err) {
        boolean hasStackTrace() {
            return err.contains("\tat ") || err.matches("(?s).*\\b\\w+(\\.\\w+)+(Exception|Error)\\b.*");
        }
    }

    private CliRun() {
    }

    static Result run(String... args) {
        return run(line -> { }, args);
    }

    /** {@code onOutLine} sees each line of standard output as it is printed, on the command's thread. */
    static Result run(Consumer<String> onOutLine, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        PrintStream systemErr = System.err;
        ByteArrayOutputStream stray = new ByteArrayOutputStream();
        // before the command line exists: picocli's default handler remembers System.err when it is made
        System.setErr(new PrintStream(stray, true, StandardCharsets.UTF_8));
        int code;
        try {
            CommandLine cl = Cli.commandLine();
            cl.setOut(new PrintWriter(new LineWatcher(out, onOutLine), true));
            cl.setErr(new PrintWriter(err, true));
            code = cl.execute(args);
        } finally {
            System.setErr(systemErr);
        }
        return new Result(code, out.toString(), err + stray.toString(StandardCharsets.UTF_8));
    }

    /** The bundled sample as a data folder (the four .gz files). */
    static Path sampleData(Path dir) throws IOException {
        Path data = Files.createDirectories(dir.resolve("data"));
        for (String f : FashionMnist.FILES) {
            try (InputStream in = FashionMnist.class.getResourceAsStream("/org/alexnetstudio/data/sample/" + f + ".gz")) {
                Files.copy(in, data.resolve(f + ".gz"));
            }
        }
        return data;
    }

    static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static final class LineWatcher extends Writer {
        private final StringWriter sink;
        private final Consumer<String> onLine;
        private final StringBuilder line = new StringBuilder();

        LineWatcher(StringWriter sink, Consumer<String> onLine) {
            this.sink = sink;
            this.onLine = onLine;
        }

        @Override
        public void write(char[] buf, int off, int len) {
            sink.write(buf, off, len);
            for (int k = off; k < off + len; k++) {
                if (buf[k] == '\n') {
                    onLine.accept(line.toString());
                    line.setLength(0);
                } else {
                    line.append(buf[k]);
                }
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }
}
