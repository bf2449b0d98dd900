package org.alexnetstudio.train.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ShardLinkTest {

    private final ExecutorService threads = Executors.newFixedThreadPool(3);

    @AfterEach
    void stop() {
        threads.shutdownNow();
    }

    @Test
    void everyShardGetsTheSameTotalsInShardOrder() throws Exception {
        ShardLink link = new ShardLink(3);
        double[][] a = {{1, 2}, {10, 20}, {100, 200}};
        double[][] b = {{0.1e-16, 1}, {1, 1}, {-1, 1}};
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            Future<?>[] f = new Future<?>[3];
            for (int s = 0; s < 3; s++) {
                int shard = s;
                f[s] = threads.submit(() -> link.allReduce(7, shard, 2, a[shard], b[shard]));
            }
            for (Future<?> x : f) {
                x.get();
            }
        });
        for (int s = 0; s < 3; s++) {
            assertArrayEquals(new double[]{111, 222}, a[s], 0);
            // (0.1e-16 + 1) + (−1) in shard order: 0, not 0.1e-16; the same in every shard
            assertArrayEquals(new double[]{(0.1e-16 + 1) - 1, 3}, b[s], 0);
        }
    }

    @Test
    void aFailureReleasesTheShardsWaitingAndThoseStillToCome() throws Exception {
        ShardLink link = new ShardLink(3);
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            Future<?> waiting = threads.submit(link::await);
            Thread.sleep(50); // the first shard is waiting now
            link.breakAll();   // the second failed
            ExecutionException e = assertThrows(ExecutionException.class, waiting::get);
            assertInstanceOf(ShardLink.ShardFailedException.class, e.getCause());
            assertThrows(ShardLink.ShardFailedException.class, link::await); // the third arrives late
        });
        // the next pass starts clean: three arrivals pass the barrier
        link.reset();
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            CompletableFuture<?>[] f = new CompletableFuture<?>[3];
            for (int s = 0; s < 3; s++) {
                f[s] = CompletableFuture.runAsync(link::await, threads);
            }
            CompletableFuture.allOf(f).get();
        });
    }
}
