package org.alexnetstudio.data;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipException;

/**
 * Reads and writes IDX files (LeCun's MNIST format), gzipped or raw. Every check failure is a
 * {@link DataException} that names the file; nothing half-read is returned.
 */
public final class Idx {

    public static final int IMAGES_MAGIC = 0x00000803;
    public static final int LABELS_MAGIC = 0x00000801;
    /** Far above Fashion-MNIST's 47 MB; guards against allocating for a garbage header. */
    static final long MAX_DATA_BYTES = 512L * 1024 * 1024;

    private Idx() {
    }

    /** Images as read: count × rows × cols unsigned bytes. */
    public record Images(int count, int rows, int cols, byte[] pixels) {
    }

    public static Images readImages(Path file) throws DataException {
        try (InputStream in = open(file)) {
            return readImages(in, file);
        } catch (IOException e) {
            throw ioError(file, e);
        }
    }

    public static byte[] readLabels(Path file, int maxLabel) throws DataException {
        try (InputStream in = open(file)) {
            return readLabels(in, file, maxLabel);
        } catch (IOException e) {
            throw ioError(file, e);
        }
    }

    /** Reads images from a stream (already decompressed, or gzip: detected); file names errors. */
    public static Images readImages(InputStream raw, Path file) throws DataException {
        try {
            InputStream in = decompressIfGzip(raw, file);
            int[] header = readHeader(in, file, 4, IMAGES_MAGIC, "idx3");
            int count = header[1];
            int rows = header[2];
            int cols = header[3];
            if (count < 0 || rows < 1 || cols < 1) {
                throw new DataException(file, "idx.badDims", file, count + "×" + rows + "×" + cols);
            }
            long length = (long) count * rows * cols;
            if (length > MAX_DATA_BYTES) {
                throw new DataException(file, "idx.badDims", file, count + "×" + rows + "×" + cols);
            }
            byte[] pixels = readExactly(in, file, (int) length);
            return new Images(count, rows, cols, pixels);
        } catch (IOException e) {
            throw ioError(file, e);
        }
    }

    public static byte[] readLabels(InputStream raw, Path file, int maxLabel) throws DataException {
        try {
            InputStream in = decompressIfGzip(raw, file);
            int[] header = readHeader(in, file, 2, LABELS_MAGIC, "idx1");
            int count = header[1];
            if (count < 0 || count > MAX_DATA_BYTES) {
                throw new DataException(file, "idx.badDims", file, Integer.toString(count));
            }
            byte[] labels = readExactly(in, file, count);
            for (int i = 0; i < count; i++) {
                int l = labels[i] & 0xFF;
                if (l > maxLabel) {
                    throw new DataException(file, "idx.badLabel", file, l, i, maxLabel);
                }
            }
            return labels;
        } catch (IOException e) {
            throw ioError(file, e);
        }
    }

    /** Opens a file for reading; gzip is detected from its first bytes, not its name. */
    static InputStream open(Path file) throws DataException {
        try {
            return Files.newInputStream(file);
        } catch (NoSuchFileException e) {
            throw new DataException(file, e, "idx.notFound", file);
        } catch (IOException e) {
            throw ioError(file, e);
        }
    }

    /** Decompresses when the stream starts with the gzip magic; a *.gz name that is not gzip is an error. */
    static InputStream decompressIfGzip(InputStream raw, Path file) throws IOException, DataException {
        BufferedInputStream in = new BufferedInputStream(raw, 1 << 16);
        in.mark(2);
        int b0 = in.read();
        int b1 = in.read();
        in.reset();
        boolean gzip = b0 == 0x1f && b1 == 0x8b;
        if (gzip) {
            try {
                return new GZIPInputStream(in, 1 << 16);
            } catch (ZipException | EOFException e) {
                throw new DataException(file, e, "idx.corruptGzip", file, e.getMessage());
            }
        }
        if (file != null && file.getFileName() != null && file.getFileName().toString().endsWith(".gz")) {
            throw new DataException(file, "idx.notGzip", file,
                    String.format("0x%02X 0x%02X", Math.max(b0, 0), Math.max(b1, 0)));
        }
        return in;
    }

    private static int[] readHeader(InputStream in, Path file, int ints, int magic, String kind)
            throws IOException, DataException {
        byte[] bytes = new byte[ints * 4];
        int got = readFully(in, bytes, file);
        if (got < 4) {
            throw new DataException(file, "idx.truncatedHeader", file, got, bytes.length);
        }
        int[] header = new int[ints];
        for (int i = 0; i < ints; i++) {
            header[i] = ((bytes[4 * i] & 0xFF) << 24) | ((bytes[4 * i + 1] & 0xFF) << 16)
                    | ((bytes[4 * i + 2] & 0xFF) << 8) | (bytes[4 * i + 3] & 0xFF);
        }
        if (header[0] != magic) {
            throw new DataException(file, "idx.badMagic", file, kind, header[0], magic);
        }
        if (got < bytes.length) {
            throw new DataException(file, "idx.truncatedHeader", file, got, bytes.length);
        }
        return header;
    }

    /** Reads exactly length bytes and checks that nothing follows (which also checks the gzip CRC). */
    private static byte[] readExactly(InputStream in, Path file, int length) throws IOException, DataException {
        byte[] data = new byte[length];
        int got = readFully(in, data, file);
        if (got < length) {
            throw new DataException(file, "idx.truncated", file, (long) length, (long) got);
        }
        int extra = gzipSafeRead(in, file);
        if (extra >= 0) {
            throw new DataException(file, "idx.trailing", file, (long) length);
        }
        return data;
    }

    private static int readFully(InputStream in, byte[] buf, Path file) throws IOException, DataException {
        int n = 0;
        while (n < buf.length) {
            int r;
            try {
                r = in.read(buf, n, buf.length - n);
            } catch (ZipException | EOFException e) {
                throw new DataException(file, e, "idx.corruptGzip", file, e.getMessage());
            }
            if (r < 0) {
                break;
            }
            n += r;
        }
        return n;
    }

    private static int gzipSafeRead(InputStream in, Path file) throws IOException, DataException {
        try {
            return in.read();
        } catch (ZipException | EOFException e) {
            throw new DataException(file, e, "idx.corruptGzip", file, e.getMessage());
        }
    }

    private static DataException ioError(Path file, IOException e) {
        return new DataException(file, e, "idx.readError", file, e.getMessage());
    }

    /** Writes images in IDX format (gzip when gzip is true). */
    public static void writeImages(OutputStream out, int count, int rows, int cols, byte[] pixels, boolean gzip)
            throws IOException {
        OutputStream o = gzip ? new GZIPOutputStream(out, 1 << 16) : new BufferedOutputStream(out);
        writeInt(o, IMAGES_MAGIC);
        writeInt(o, count);
        writeInt(o, rows);
        writeInt(o, cols);
        o.write(pixels, 0, count * rows * cols);
        finish(o, gzip);
    }

    public static void writeLabels(OutputStream out, byte[] labels, boolean gzip) throws IOException {
        OutputStream o = gzip ? new GZIPOutputStream(out, 1 << 16) : new BufferedOutputStream(out);
        writeInt(o, LABELS_MAGIC);
        writeInt(o, labels.length);
        o.write(labels);
        finish(o, gzip);
    }

    private static void finish(OutputStream o, boolean gzip) throws IOException {
        if (gzip) {
            ((GZIPOutputStream) o).finish();
        }
        o.flush();
    }

    private static void writeInt(OutputStream o, int v) throws IOException {
        o.write(v >>> 24);
        o.write(v >>> 16);
        o.write(v >>> 8);
        o.write(v);
    }
}
