package org.alexnetstudio.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BatchIteratorTest {

    private static List<Integer> epochOrder(ImageSet set, int batch, boolean shuffle, long seed, int epoch) {
        List<Integer> order = new ArrayList<>();
        try (BatchIterator it = new BatchIterator(set, batch, 2, shuffle, seed, epoch)) {
            while (it.hasNext()) {
                Batch b = it.next();
                for (int k = 0; k < b.size(); k++) {
                    order.add(b.indices()[k]);
                }
            }
        }
        return order;
    }

    @Test
    void lastPartialBatchKeptAndEveryImageOnce() {
        ImageSet set = ImageSetTest.synthetic(300, 10);
        List<Integer> sizes = new ArrayList<>();
        Set<Integer> seen = new HashSet<>();
        try (BatchIterator it = new BatchIterator(set, 128, 2, true, 7, 0)) {
            assertEquals(3, it.batchCount()); // ceil(300/128) = 3
            while (it.hasNext()) {
                Batch b = it.next();
                sizes.add(b.size());
                for (int k = 0; k < b.size(); k++) {
                    assertTrue(seen.add(b.indices()[k]));
                    assertEquals(set.label(b.indices()[k]), b.labels()[k]);
                    // pixel 0 of image i is i (mod 256); 2x2 -> 2x2 is no resize, so /255
                    assertEquals((b.indices()[k] & 0xFF) / 255f, b.images()[k * 4], 0f);
                    assertEquals(200 / 255f, b.images()[k * 4 + 1], 0f);
                }
            }
            assertThrows(NoSuchElementException.class, it::next);
        }
        assertEquals(List.of(128, 128, 44), sizes); // 300 = 128 + 128 + 44
        assertEquals(300, seen.size());
    }

    @Test
    void shuffleReproducibleFromSeedAndEpoch() {
        ImageSet set = ImageSetTest.synthetic(500, 10);
        List<Integer> a = epochOrder(set, 64, true, 3, 0);
        assertEquals(a, epochOrder(set, 64, true, 3, 0));
        assertFalse(a.equals(epochOrder(set, 64, true, 3, 1)), "each epoch reshuffles");
        assertFalse(a.equals(epochOrder(set, 64, true, 4, 0)), "another seed, another order");
        List<Integer> plain = epochOrder(set, 64, false, 3, 0);
        for (int i = 0; i < plain.size(); i++) {
            assertEquals(i, plain.get(i));
        }
    }

    @Test
    void resizesToNchw() {
        ImageSet set = ImageSetTest.synthetic(10, 10);
        try (BatchIterator it = new BatchIterator(set, 4, 5, false, 0, 0)) {
            Batch b = it.next();
            assertEquals(5, b.resize());
            assertTrue(b.images().length >= 4 * 25);
            float[] expected = new float[25];
            Resize.bilinear(set.pixels(), 4, 2, 2, 5, expected, 0); // image 1
            assertArrayEquals(expected, Arrays.copyOfRange(b.images(), 25, 50));
        }
    }

    @Test
    void closeEarlyStopsAndWaitIsMeasured() throws Exception {
        ImageSet set = ImageSetTest.synthetic(2000, 10);
        BatchIterator it = new BatchIterator(set, 8, 28, true, 1, 0);
        it.next();
        assertTrue(it.waitNanos() >= 0);
        it.close();
        it.close();
        assertFalse(it.hasNext());
    }

    @Test
    void batchesAreTheSameWhateverTheNumberOfResizingThreads() {
        ImageSet set = ImageSetTest.synthetic(37, 10);
        try (BatchIterator one = new BatchIterator(set, 8, 96, true, 4, 1, 1);
             BatchIterator four = new BatchIterator(set, 8, 96, true, 4, 1, 4)) {
            while (one.hasNext()) {
                Batch a = one.next();
                Batch b = four.next();
                assertEquals(a.size(), b.size());
                assertArrayEquals(java.util.Arrays.copyOf(a.labels(), a.size()), java.util.Arrays.copyOf(b.labels(), b.size()));
                assertArrayEquals(java.util.Arrays.copyOf(a.images(), a.size() * 96 * 96),
                        java.util.Arrays.copyOf(b.images(), b.size() * 96 * 96));
                float[] expected = new float[96 * 96];
                int last = a.size() - 1;
                Resize.bilinear(set.pixels(), a.indices()[last] * set.rows() * set.cols(), set.rows(), set.cols(), 96,
                        expected, 0);
                assertArrayEquals(expected, java.util.Arrays.copyOfRange(b.images(), last * 96 * 96, (last + 1) * 96 * 96),
                        "the last image of the batch, resized by the last of the four threads' stride");
            }
            assertFalse(four.hasNext());
        }
    }

    @Test
    void resizingThreadsGrowWithTheCoresForLargeImagesOnly() {
        assertEquals(1, BatchIterator.resizeWorkers(2, 224), "a 2-core laptop: one thread");
        assertEquals(2, BatchIterator.resizeWorkers(8, 224));
        assertEquals(4, BatchIterator.resizeWorkers(16, 224));
        assertEquals(4, BatchIterator.resizeWorkers(64, 224));
        assertEquals(1, BatchIterator.resizeWorkers(64, 28), "28x28 costs little");
    }

    @Test
    void emptySet() {
        ImageSet empty = new ImageSet("e", 2, 2, new byte[0], new byte[0]);
        try (BatchIterator it = new BatchIterator(empty, 4, 2, true, 0, 0)) {
            assertEquals(0, it.batchCount());
            assertFalse(it.hasNext());
        }
    }

    @Test
    void permutationIsAPermutation() {
        int[] p = BatchIterator.permutation(1000, 5, 2);
        int[] sorted = p.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < 1000; i++) {
            assertEquals(i, sorted[i]);
        }
    }
}
