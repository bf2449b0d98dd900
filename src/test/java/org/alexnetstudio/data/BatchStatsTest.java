package org.alexnetstudio.data;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class BatchStatsTest {

    private static Batch batch(float... values) {
        return new Batch(values, new int[1], new int[1], 1, (int) Math.sqrt(values.length));
    }

    @Test
    void statsOfAGoodBatch() throws DataException {
        BatchStats s = BatchStats.checked(batch(0f, 1f, 0.5f, 0.5f));
        assertEquals(0f, s.min());
        assertEquals(1f, s.max());
        assertEquals(0.5, s.mean(), 1e-9); // (0+1+0.5+0.5)/4
    }

    @Test
    void allZeroOrConstantIsAnError() {
        assertEquals("batch.constant", assertThrows(DataException.class,
                () -> BatchStats.checked(batch(0f, 0f, 0f, 0f))).key());
        assertEquals("batch.constant", assertThrows(DataException.class,
                () -> BatchStats.checked(batch(0.3f, 0.3f, 0.3f, 0.3f))).key());
    }

    @Test
    void dividedTwiceOrNotAtAll() {
        // 255/255/255 = 1/255: the divide-twice pitfall
        assertEquals("batch.tooDark", assertThrows(DataException.class,
                () -> BatchStats.checked(batch(0f, 1f / 255f, 0f, 0.5f / 255f))).key());
        assertEquals("batch.outOfRange", assertThrows(DataException.class,
                () -> BatchStats.checked(batch(0f, 255f, 3f, 0f))).key());
        assertEquals("batch.nan", assertThrows(DataException.class,
                () -> BatchStats.checked(batch(0f, Float.NaN, 3f, 0f))).key());
        assertDoesNotThrow(() -> BatchStats.checked(batch(0f, 3f / 255f, 0f, 0f)));
    }
}
