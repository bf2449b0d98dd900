package org.alexnetstudio.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Good and bad IDX files; fixtures written by bench/make_idx_fixtures.py. */
class IdxTest {

    static final Path DIR = Path.of("src/test/resources/data");

    private static DataException failsWith(String key, ThrowingRead read) {
        DataException e = assertThrows(DataException.class, read::run);
        assertEquals(key, e.key(), e.getMessage());
        return e;
    }

    interface ThrowingRead {
        void run() throws DataException;
    }

    @Test
    void readsRawAndGzippedAlike() throws DataException {
        Idx.Images raw = Idx.readImages(DIR.resolve("good-images-idx3-ubyte"));
        Idx.Images gz = Idx.readImages(DIR.resolve("good/train-images-idx3-ubyte.gz"));
        assertEquals(4, raw.count());
        assertEquals(28, raw.rows());
        assertEquals(28, raw.cols());
        assertEquals(4 * 28 * 28, raw.pixels().length); // 3136
        assertArrayEquals(raw.pixels(), gz.pixels());
        // generator: pixel(i, r, c) = (i*7 + r*3 + c) % 256 -> image 1, row 2, col 5 = 7+6+5 = 18
        assertEquals(18, raw.pixels()[1 * 784 + 2 * 28 + 5]);
        assertArrayEquals(new byte[] {0, 3, 9, 3}, Idx.readLabels(DIR.resolve("good-labels-idx1-ubyte"), 9));
    }

    @Test
    void wrongMagicNamesFileAndNumbers() {
        Path f = DIR.resolve("wrong-magic-images-idx3-ubyte");
        DataException e = failsWith("idx.badMagic", () -> Idx.readImages(f));
        assertEquals(f, e.file());
        assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("0x00000801"), e.getMessage());
    }

    @Test
    void truncatedDataAndHeader() {
        DataException e = failsWith("idx.truncated", () -> Idx.readImages(DIR.resolve("truncated-images-idx3-ubyte")));
        // 4*28*28 = 3136 promised, 3136-100 = 3036 present
        assertTrue(e.getMessage().contains("3,136") && e.getMessage().contains("3,036"), e.getMessage());
        failsWith("idx.truncatedHeader", () -> Idx.readImages(DIR.resolve("truncated-header-images-idx3-ubyte")));
    }

    @Test
    void trailingBytes() {
        failsWith("idx.trailing", () -> Idx.readImages(DIR.resolve("trailing-images-idx3-ubyte")));
    }

    @Test
    void badLabel() {
        DataException e = failsWith("idx.badLabel", () -> Idx.readLabels(DIR.resolve("bad-label-labels-idx1-ubyte"), 9));
        assertTrue(e.getMessage().contains("12"), e.getMessage());
    }

    @Test
    void notGzipAndCorruptGzip() {
        failsWith("idx.notGzip", () -> Idx.readImages(DIR.resolve("not-gzip-images-idx3-ubyte.gz")));
        failsWith("idx.corruptGzip", () -> Idx.readImages(DIR.resolve("corrupt-images-idx3-ubyte.gz")));
        failsWith("idx.corruptGzip", () -> Idx.readImages(DIR.resolve("cut-images-idx3-ubyte.gz")));
    }

    @Test
    void missingFile() {
        failsWith("idx.notFound", () -> Idx.readImages(DIR.resolve("no-such-file")));
    }

    @Test
    void countMismatchAndWrongSizeRejectedBySplit() {
        DataException e = failsWith("idx.countMismatch", () -> FashionMnist.readSplit("train",
                DIR.resolve("good-images-idx3-ubyte"), DIR.resolve("count-mismatch-labels-idx1-ubyte")));
        assertTrue(e.getMessage().contains("count-mismatch-labels-idx1-ubyte"), e.getMessage());
        failsWith("idx.wrongImageSize", () -> FashionMnist.readSplit("train",
                DIR.resolve("small-images-idx3-ubyte"), DIR.resolve("good-labels-idx1-ubyte")));
    }

    @Test
    void garbageHeaderDoesNotAllocate() {
        // magic ok, then 2^31-1 images of 28x28: far above the limit, refused before allocating
        byte[] header = {0, 0, 8, 3, 0x7f, -1, -1, -1, 0, 0, 0, 28, 0, 0, 0, 28};
        failsWith("idx.badDims", () -> Idx.readImages(new ByteArrayInputStream(header), Path.of("x")));
    }

    @Test
    void writeThenReadRoundTrips() throws Exception {
        byte[] pixels = new byte[2 * 3 * 5];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) (i * 9);
        }
        for (boolean gzip : new boolean[] {false, true}) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            Idx.writeImages(out, 2, 3, 5, pixels, gzip);
            Idx.Images back = Idx.readImages(new ByteArrayInputStream(out.toByteArray()), Path.of("mem"));
            assertEquals(3, back.rows());
            assertArrayEquals(pixels, back.pixels());
            ByteArrayOutputStream lab = new ByteArrayOutputStream();
            Idx.writeLabels(lab, new byte[] {1, 7}, gzip);
            assertArrayEquals(new byte[] {1, 7}, Idx.readLabels(new ByteArrayInputStream(lab.toByteArray()), Path.of("m"), 9));
        }
    }
}
