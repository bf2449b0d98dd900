package org.alexnetstudio.train.cpu;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Drops SameDiff's "Added differentiated op" lines, which it prints to System.out. */
final class Quiet {

    private static final Object LOCK = new Object();

    private Quiet() {
    }

    static void run(Runnable action) {
        synchronized (LOCK) {
            PrintStream original = System.out;
            System.setOut(new PrintStream(new LineFilter(original), true, StandardCharsets.UTF_8));
            try {
                action.run();
            } finally {
                System.out.flush();
                System.setOut(original);
            }
        }
    }

    /** Passes every line through except SameDiff's chatter. */
    private static final class LineFilter extends OutputStream {
        private final PrintStream target;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();

        LineFilter(PrintStream target) {
            this.target = target;
        }

        @Override
        public void write(int b) {
            line.write(b);
            if (b == '\n') {
                flushLine();
            }
        }

        @Override
        public void flush() {
            flushLine();
        }

        private void flushLine() {
            String text = line.toString(StandardCharsets.UTF_8);
            line.reset();
            if (!text.startsWith("Added differentiated op")) {
                target.print(text);
                target.flush();
            }
        }
    }
}
