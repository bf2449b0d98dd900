package org.alexnetstudio.train.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.factory.Nd4j;

class BlasThreadsTest {

    /**
     * The single-threaded switch of every split step used to reach OpenBLAS through ND4J's
     * {@code setMaxThreads}, whose symbol lookups walk the loaded libraries ({@code dl_iterate_phdr}
     * calling {@code dlsym}). Another thread mapping a new library at the same moment (a window
     * loading AWT for a PNG, GTK a module) then deadlocked both for good, and with them every later
     * native method lookup of the JVM. The race runs in a child JVM, so a deadlock fails this test
     * instead of hanging the build: one thread switches while another loads fresh library copies.
     */
    @Test
    void switchingThreadsPerStepDoesNotDeadlockAgainstLibrariesLoadingElsewhere(@TempDir Path dir) throws Exception {
        assumeTrue(System.getProperty("os.name").toLowerCase().contains("linux"), "glibc's loader locks");
        Path log = dir.resolve("race.log");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process race = new ProcessBuilder(List.of(java.toString(), "-Xmx512m",
                "-cp", System.getProperty("java.class.path"), Race.class.getName(), dir.toString()))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean finished = race.waitFor(60, TimeUnit.SECONDS);
        if (!finished) {
            race.destroyForcibly().waitFor();
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assumeTrue(!output.contains(Race.NO_LIBRARY), "JavaFX's Linux natives on the class path");
        assertTrue(finished, "deadlocked: " + lastLine(output));
        assertEquals(0, race.exitValue(), output);
        assertTrue(output.contains(Race.DONE), output);
    }

    private static String lastLine(String output) {
        String[] lines = output.strip().split("\n");
        return lines[lines.length - 1];
    }

    /** The child JVM: prints its progress, exits 0 when both threads finish and the count is restored. */
    static final class Race {
        static final String NO_LIBRARY = "no library to load";
        static final String DONE = "race done";

        public static void main(String[] args) throws Exception {
            Path dir = Path.of(args[0]);
            byte[] library;
            try (InputStream in = javafx.application.Platform.class.getResourceAsStream("/libprism_sw.so")) {
                if (in == null) {
                    System.out.println(NO_LIBRARY);
                    return;
                }
                library = in.readAllBytes();
            }
            Nd4j.create(1).addi(1); // the backend loads (with its one-time lookups) before the race starts
            DataParallel.withSingleThreadedBlas(() -> null); // and the switch's own one-time lookup
            int before = Nd4j.factory().blas().getMaxThreads();
            int copies = 150;
            int switches = 4000;
            AtomicInteger loaded = new AtomicInteger();
            AtomicInteger switched = new AtomicInteger();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread loader = new Thread(() -> {
                try {
                    for (int i = 0; i < copies; i++) {
                        Path copy = dir.resolve("libcopy" + i + ".so");
                        Files.write(copy, library);
                        System.load(copy.toString());
                        loaded.incrementAndGet();
                    }
                } catch (Throwable e) {
                    failure.set(e);
                }
            }, "library-loader");
            Thread stepper = new Thread(() -> {
                try {
                    for (int i = 0; i < switches; i++) {
                        DataParallel.withSingleThreadedBlas(() -> null);
                        switched.incrementAndGet();
                    }
                } catch (Throwable e) {
                    failure.set(e);
                }
            }, "stepper");
            loader.setDaemon(true);
            stepper.setDaemon(true);
            loader.start();
            stepper.start();
            while (loader.isAlive() || stepper.isAlive()) {
                // printed from here: a deadlocked JVM may not even resolve a new native method
                System.out.println(loaded.get() + " of " + copies + " libraries loaded, "
                        + switched.get() + " of " + switches + " switches");
                loader.join(1000);
                stepper.join(1000);
            }
            if (failure.get() != null) {
                failure.get().printStackTrace(System.out);
                System.exit(2);
            }
            int after = Nd4j.factory().blas().getMaxThreads();
            if (after != before) {
                System.out.println("thread count " + before + " became " + after);
                System.exit(3);
            }
            System.out.println(DONE);
            System.exit(0);
        }
    }
}
