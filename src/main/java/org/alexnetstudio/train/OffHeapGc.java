package org.alexnetstudio.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Collects garbage when ND4J's native memory has grown. SameDiff drops many of a step's arrays to the
 * garbage collector instead of freeing them, and their Java objects are too small to make the heap
 * collect on its own: RSS of alexnet-mini training grew ~160 MB a step, to 4–9 GB, before a GC
 * happened to run. With a {@link System#gc()} (about 25 ms) whenever the resident size grew by
 * {@link #BUDGET} since the last one, it stays near the working set (0.6 GB for alexnet-mini).
 * Without /proc (not Linux) it collects at most once a second instead.
 */
final class OffHeapGc {

    static final long BUDGET = 256L << 20;
    private static final Path STATM = Path.of("/proc/self/statm");
    private static final long PAGE = 4096;

    private long baseline = -1;
    private long lastGcNanos = System.nanoTime();
    private int collections;

    /** Called between steps; collects when needed. */
    void maybeCollect() {
        long rss = residentBytes();
        boolean due = rss > 0 ? baseline < 0 || rss - baseline > BUDGET
                : System.nanoTime() - lastGcNanos > 1_000_000_000L;
        if (due) {
            System.gc();
            collections++;
            lastGcNanos = System.nanoTime();
            baseline = residentBytes();
        }
    }

    int collections() {
        return collections;
    }

    /** Resident set size from /proc/self/statm (second field, pages), or -1 where there is none. */
    static long residentBytes() {
        try {
            String[] f = Files.readString(STATM).trim().split("\\s+");
            return Long.parseLong(f[1]) * PAGE;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
