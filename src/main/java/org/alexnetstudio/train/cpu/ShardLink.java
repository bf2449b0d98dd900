package org.alexnetstudio.train.cpu;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the shards of one data-parallel pass share ({@link DataParallel}): a barrier, and per-channel
 * totals that batch norm needs over the whole batch, not over one shard's examples.
 *
 * <p>{@link #allReduce} adds every shard's partial values in shard order, so all shards get the same
 * totals, bit for bit. A shard that fails calls {@link #breakAll}: the others, waiting now or arriving
 * later, throw instead of waiting forever; the next pass starts with {@link #reset}.
 */
final class ShardLink {

    /** Spins before sleeping at the barrier: the shards arrive within microseconds of each other. */
    private static final int SPINS = 2_000; // a short spin; 20× longer measured the same (docs/performance.md)

    private final int shards;
    private final Map<Integer, double[][]> slots = new ConcurrentHashMap<>();
    private final Object lock = new Object();
    private int arrived;
    private volatile long generation;
    private volatile boolean broken;

    ShardLink(int shards) {
        this.shards = shards;
    }

    /**
     * Replaces {@code values[k][0..length)} by the sum over all shards of their {@code values[k]},
     * for one exchange point {@code site} (each site is used once per pass). Blocks until every shard
     * has given its part.
     */
    void allReduce(int site, int shard, int length, double[]... values) {
        double[][] rows = slots.computeIfAbsent(site, k -> new double[shards][]);
        int total = length * values.length;
        double[] mine = rows[shard];
        if (mine == null || mine.length < total) {
            mine = new double[total];
            rows[shard] = mine;
        }
        for (int v = 0; v < values.length; v++) {
            System.arraycopy(values[v], 0, mine, v * length, length);
        }
        await(); // happens-before: every shard's row is written before anyone reads past here
        for (int v = 0; v < values.length; v++) {
            double[] out = values[v];
            for (int i = 0; i < length; i++) {
                double sum = 0;
                for (int s = 0; s < shards; s++) {
                    sum += rows[s][v * length + i];
                }
                out[i] = sum;
            }
        }
    }

    /** Waits until every shard has arrived; throws if a shard failed in this pass. */
    void await() {
        long gen;
        synchronized (lock) {
            check();
            gen = generation;
            if (++arrived == shards) {
                arrived = 0;
                generation = gen + 1;
                lock.notifyAll();
                return;
            }
        }
        for (int spin = 0; spin < SPINS && generation == gen && !broken; spin++) {
            Thread.onSpinWait();
        }
        synchronized (lock) {
            while (generation == gen) {
                check();
                try {
                    lock.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    breakAll();
                    throw new IllegalStateException("interrupted while the other shards were waiting", e);
                }
            }
        }
    }

    private void check() {
        if (broken) {
            throw new ShardFailedException();
        }
    }

    /** A shard failed: every wait of this pass, now or later, throws. */
    void breakAll() {
        synchronized (lock) {
            broken = true;
            lock.notifyAll();
        }
    }

    /** Before a pass (no shard running): clears a failure and any half-counted arrival. */
    void reset() {
        synchronized (lock) {
            broken = false;
            arrived = 0;
            generation++;
        }
    }

    /** Thrown in a shard whose partner failed; the partner's own exception is the one to report. */
    static final class ShardFailedException extends RuntimeException {
        ShardFailedException() {
            super("another shard of this pass failed", null, false, false);
        }
    }
}
