package org.alexnetstudio.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.alexnetstudio.model.NetworkAnalysis;
import org.alexnetstudio.model.Presets;
import org.junit.jupiter.api.Test;

/** Issue 21 item 17: the memory refusal suggests only what this network can take. */
class MemoryAdviceTest {

    @Test
    void theBatchIsNoLargerThanTheData() {
        assertEquals(200, MemoryAdvice.effectiveBatch(100_000, 200, 100));
        assertEquals(128, MemoryAdvice.effectiveBatch(128, 60_000, 10_000));
        assertEquals(300, MemoryAdvice.effectiveBatch(512, 200, 300)); // the test pass uses the batch size too
    }

    @Test
    void aSmallNetworkIsNeverToldToGrowItsInput() {
        NetworkAnalysis mini = Presets.alexnetMini().analyze(); // 1×28×28
        long available = MemoryAdvice.estimate(mini, 64, true, Long.MAX_VALUE).totalBytes() - 1;
        MemoryEstimate e = MemoryAdvice.estimate(mini, 64, true, available);
        assertFalse(e.fits());
        String text = MemoryAdvice.refusal(e, mini, 64, true);
        // no input size (N×N) above the network's own 28 (a "68" may be part of a MiB count)
        java.util.regex.Matcher sizes = java.util.regex.Pattern.compile("(\\d+)×\\1").matcher(text);
        while (sizes.find()) {
            assertTrue(Integer.parseInt(sizes.group(1)) <= 28, text);
        }
        int size = MemoryAdvice.largestFittingSize(mini, 64, true, available);
        assertTrue(size < 28, "smaller than the network's own input: " + size);
        if (size > 0) {
            assertTrue(Presets.alexnetMini().withResize(size).analyze().isValid());
            assertTrue(text.contains(size + "×" + size), text);
        }
    }

    @Test
    void theSuggestedSizeIsTheLargestThatTheNetworkAcceptsAndThatFits() {
        NetworkAnalysis book = Presets.alexnet().analyze(); // 1×224×224, batch 128
        // room for the book's AlexNet at 100×100 but not at 224
        long available = MemoryAdvice.estimate(Presets.alexnet().withResize(100).analyze(), 128, false,
                Long.MAX_VALUE).totalBytes();
        assertFalse(MemoryAdvice.estimate(book, 128, false, available).fits());
        int size = MemoryAdvice.largestFittingSize(book, 128, false, available);
        assertTrue(size > 0 && size <= 100, "size " + size);
        assertTrue(Presets.alexnet().withResize(size).analyze().isValid(), "the network accepts " + size);
        for (int bigger = size + 1; bigger < 224; bigger++) {
            NetworkAnalysis a = Presets.alexnet().withResize(bigger).analyze();
            assertFalse(a.isValid() && MemoryAdvice.estimate(a, 128, false, available).fits(), "larger fits: " + bigger);
        }
        String text = MemoryAdvice.refusal(MemoryAdvice.estimate(book, 128, false, available), book, 128, false);
        // "…or resize the input to…" after a batch suggestion, "Resize the input to…" alone
        assertTrue(text.toLowerCase(java.util.Locale.ROOT).contains("resize the input to " + size + "×" + size), text);
    }

    @Test
    void anInputSizeTheNetworkRejectsIsNeverSuggested() {
        // The book's AlexNet cannot take 63×63: ⌊(63+2-11)/4⌋+1 = 14, pool ⌊(14-3)/2⌋+1 = 6, conv 6,
        // pool ⌊(6-3)/2⌋+1 = 2, convs 2, and the last 3×3 pooling does not fit in 2×2.
        assertFalse(Presets.alexnet().withResize(63).analyze().isValid());
        NetworkAnalysis book = Presets.alexnet().analyze();
        for (long mib : new long[] {700, 900, 1200, 2000}) {
            int size = MemoryAdvice.largestFittingSize(book, 32, false, mib << 20);
            assertTrue(size == 0 || Presets.alexnet().withResize(size).analyze().isValid(), mib + " MiB: " + size);
        }
    }
}
