package org.alexnetstudio.train;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * NumPy's {@code .npy} format (version 1.0, C order, little-endian): float32, float64, int64, int32.
 * See https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html
 */
final class Npy {

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private Npy() {
    }

    /** float32 tensors as {@code <f4}, int64 as {@code <i8}. */
    static byte[] write(Tensor array) {
        boolean isLong = array.isLong();
        long[] shape = array.shape();
        StringBuilder dims = new StringBuilder();
        for (long d : shape) {
            dims.append(d).append(", ");
        }
        String shapeText = shape.length == 1 ? shape[0] + "," : dims.length() == 0 ? "" : dims.substring(0, dims.length() - 2);
        String dict = "{'descr': '" + (isLong ? "<i8" : "<f4") + "', 'fortran_order': False, 'shape': ("
                + shapeText + "), }";
        int unpadded = MAGIC.length + 2 + 2 + dict.length() + 1;
        int pad = (64 - unpadded % 64) % 64;
        String header = dict + " ".repeat(pad) + "\n";
        long count = array.length();
        int elementSize = isLong ? 8 : 4;
        ByteBuffer buf = ByteBuffer.allocate(Math.toIntExact(MAGIC.length + 4 + header.length() + count * elementSize))
                .order(ByteOrder.LITTLE_ENDIAN);
        buf.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) header.length());
        buf.put(header.getBytes(StandardCharsets.US_ASCII));
        if (isLong) {
            for (long v : array.longs()) {
                buf.putLong(v);
            }
        } else {
            buf.asFloatBuffer().put(array.floats());
        }
        return buf.array();
    }

    /** Reads a float32/float64/int32/int64 array; float64 and int32 arrive as float32 / int64. */
    static Tensor read(byte[] bytes, String name) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (bytes.length < 10) {
            throw new IOException(name + ": too short for a .npy array");
        }
        for (byte b : MAGIC) {
            if (buf.get() != b) {
                throw new IOException(name + ": not a .npy array (bad magic)");
            }
        }
        int major = buf.get();
        buf.get();
        int headerLen = major == 1 ? Short.toUnsignedInt(buf.getShort()) : buf.getInt();
        if (headerLen < 0 || buf.position() + headerLen > bytes.length) {
            throw new IOException(name + ": truncated .npy header");
        }
        String header = new String(bytes, buf.position(), headerLen, StandardCharsets.ISO_8859_1);
        buf.position(buf.position() + headerLen);
        Matcher descr = DESCR.matcher(header);
        Matcher fortran = FORTRAN.matcher(header);
        Matcher shapeM = SHAPE.matcher(header);
        if (!descr.find() || !fortran.find() || !shapeM.find()) {
            throw new IOException(name + ": unreadable .npy header: " + header.trim());
        }
        if (fortran.group(1).equals("True")) {
            throw new IOException(name + ": Fortran-ordered arrays are not supported; save with C order");
        }
        List<Long> dims = new ArrayList<>();
        for (String part : shapeM.group(1).split(",")) {
            if (!part.isBlank()) {
                dims.add(Long.parseLong(part.trim()));
            }
        }
        long[] shape = dims.stream().mapToLong(Long::longValue).toArray();
        long count = 1;
        for (long d : shape) {
            count *= d;
        }
        String type = descr.group(1);
        int size = switch (type) {
            case "<f4", "<i4" -> 4;
            case "<f8", "<i8" -> 8;
            default -> throw new IOException(name + ": element type " + type
                    + " is not supported (float32, float64, int32, int64 are)");
        };
        if (buf.remaining() < count * size) {
            throw new IOException(name + ": truncated data (" + buf.remaining() + " of " + count * size + " bytes)");
        }
        int n = Math.toIntExact(count);
        switch (type) {
            case "<f4" -> {
                float[] v = new float[n];
                buf.asFloatBuffer().get(v);
                return Tensor.of(v, shape);
            }
            case "<f8" -> {
                float[] v = new float[n];
                for (int k = 0; k < n; k++) {
                    v[k] = (float) buf.getDouble();
                }
                return Tensor.of(v, shape);
            }
            default -> {
                long[] v = new long[n];
                for (int k = 0; k < n; k++) {
                    v[k] = size == 8 ? buf.getLong() : buf.getInt();
                }
                return Tensor.ofLongs(v, shape);
            }
        }
    }

    static byte[] readAll(java.io.InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        in.transferTo(out);
        return out.toByteArray();
    }
}
