package org.alexnetstudio.train;

/**
 * Collects garbage regularly during training. SameDiff drops many of a step's arrays to the garbage
 * collector instead of freeing them, and their Java objects are too small to make the heap collect
 * on its own: RSS of alexnet-mini training grew ~160 MB a step, to 4–9 GB, before a GC happened to
 * run; and memory freed late is fragmented, so RSS ratchets up even when GCs do run now and then.
 * A {@link System#gc()} costs ~25 ms here; running one whenever {@link #SPACING}× the last one's
 * duration has passed keeps its cost near 3 % of the time and the garbage to well under a second of
 * work (alexnet-mini: every ~3 steps; AlexNet at 224: every step, 0.3 %).
 */
final class OffHeapGc {

    static final int SPACING = 30;
    private long lastGcEnd = System.nanoTime();
    private long lastGcNanos = 10_000_000L; // first one after ~0.3 s
    private int collections;

    /** Called between steps; collects when due. */
    void maybeCollect() {
        long now = System.nanoTime();
        if (now - lastGcEnd >= SPACING * lastGcNanos) {
            System.gc();
            long end = System.nanoTime();
            lastGcNanos = Math.max(1_000_000L, end - now);
            lastGcEnd = end;
            collections++;
        }
    }

    int collections() {
        return collections;
    }
}
