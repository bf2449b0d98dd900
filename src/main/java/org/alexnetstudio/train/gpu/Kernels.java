package org.alexnetstudio.train.gpu;

import static org.bytedeco.cuda.global.cudart.cuLaunchKernel;
import static org.bytedeco.cuda.global.cudart.cuModuleGetFunction;
import static org.bytedeco.cuda.global.cudart.cuModuleLoadData;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.bytedeco.cuda.cudart.CUfunc_st;
import org.bytedeco.cuda.cudart.CUmod_st;
import org.bytedeco.cuda.cudart.CUstream_st;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * The backend's own kernels (src/main/cuda/kernels.cu, shipped as PTX that the driver compiles for the
 * GPU it runs on), loaded once per process, and their launches on the backend's stream.
 */
final class Kernels {

    /** The PTX resource; its first line names the SHA-256 of the kernels.cu it was built from. */
    static final String RESOURCE = "kernels.ptx";
    private static final int THREADS = 256;
    /** Grid-stride loops: enough blocks to fill any current GPU, never more than the work needs. */
    private static final long MAX_BLOCKS = 65_535;

    private final CUfunc_st dropoutForward;
    private final CUfunc_st multiply;
    private final CUfunc_st scaleChannels;
    private final CUfunc_st lrnForward;
    private final CUfunc_st lrnBackward;
    private final CUstream_st stream;

    Kernels(CUstream_st stream) {
        this.stream = stream;
        CUmod_st module = new CUmod_st();
        BytePointer image = new BytePointer(ptx());
        Cuda.checkDriver(cuModuleLoadData(module, image), "cuModuleLoadData(kernels.ptx)");
        dropoutForward = function(module, "dropout_forward");
        multiply = function(module, "multiply");
        scaleChannels = function(module, "scale_channels");
        lrnForward = function(module, "lrn_forward");
        lrnBackward = function(module, "lrn_backward");
    }

    /** The PTX text, NUL-terminated as cuModuleLoadData wants it. */
    static String ptx() {
        try (InputStream in = Kernels.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII) + "\0";
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + RESOURCE + ": " + e.getMessage(), e);
        }
    }

    private static CUfunc_st function(CUmod_st module, String name) {
        CUfunc_st f = new CUfunc_st();
        Cuda.checkDriver(cuModuleGetFunction(f, module, name), "cuModuleGetFunction(" + name + ")");
        return f;
    }

    /** Blocks for a grid-stride loop over {@code total} values. */
    static int blocks(long total) {
        return (int) Math.max(1, Math.min(MAX_BLOCKS, (total + THREADS - 1) / THREADS));
    }

    /** The device address a pointer (with its position) points at. */
    static long address(FloatPointer p) {
        return p.address() + p.position() * Float.BYTES;
    }

    /** Kernel arguments: each value in its own small host block, as cuLaunchKernel reads them. */
    static final class Args implements AutoCloseable {
        private final PointerPointer<Pointer> pointers;
        private final Pointer[] values;
        private final StringBuilder signature = new StringBuilder();
        private int next;

        Args(int count) {
            pointers = new PointerPointer<>(count);
            values = new Pointer[count];
        }

        Args device(FloatPointer p) {
            return put(new LongPointer(1).put(address(p)), "u64");
        }

        Args int64(long v) {
            return put(new LongPointer(1).put(v), "u64");
        }

        Args int32(int v) {
            return put(new IntPointer(1).put(v), "u32");
        }

        Args float32(float v) {
            return put(new FloatPointer(1).put(v), "f32");
        }

        /** The PTX parameter types these arguments fill, e.g. {@code u64 u64 f32} (tests hold it to kernels.ptx). */
        String signature() {
            return signature.toString().trim();
        }

        /** Replaces argument i's 64-bit value (a draw counter) before a launch. */
        void setInt64(int i, long v) {
            ((LongPointer) values[i]).put(0, v);
        }

        private Args put(Pointer value, String type) {
            signature.append(type).append(' ');
            values[next] = value;
            pointers.put(next, value);
            next++;
            return this;
        }

        @Override
        public void close() {
            for (Pointer v : values) {
                if (v != null) {
                    v.close();
                }
            }
            pointers.close();
        }
    }

    private void launch(CUfunc_st f, long total, Args args, String name) {
        Cuda.checkDriver(cuLaunchKernel(f, blocks(total), 1, 1, THREADS, 1, 1, 0, stream, args.pointers, null),
                "cuLaunchKernel(" + name + ")");
    }

    /** Arguments of {@code dropout_forward}; argument 5 is the draw (set before each launch). */
    static Args dropoutArgs(FloatPointer x, FloatPointer y, FloatPointer mask, long total, long seed, float keep,
                            float scale) {
        return new Args(8).device(x).device(y).device(mask).int64(total).int64(seed).int64(0).float32(keep)
                .float32(scale);
    }

    void dropoutForward(Args args, long total, long draw) {
        args.setInt64(5, draw);
        launch(dropoutForward, total, args, "dropout_forward");
    }

    static Args multiplyArgs(FloatPointer a, FloatPointer b, FloatPointer out, long total) {
        return new Args(4).device(a).device(b).device(out).int64(total);
    }

    void multiply(Args args, long total) {
        launch(multiply, total, args, "multiply");
    }

    static Args scaleChannelsArgs(FloatPointer g, FloatPointer factor, FloatPointer out, long total, int channels,
                                  int positions) {
        return new Args(6).device(g).device(factor).device(out).int64(total).int32(channels).int32(positions);
    }

    void scaleChannels(Args args, long total) {
        launch(scaleChannels, total, args, "scale_channels");
    }

    static Args lrnForwardArgs(FloatPointer x, FloatPointer y, FloatPointer d, long total, int channels, int positions,
                               int before, int after, float alphaOverSize, float beta, float k) {
        return new Args(11).device(x).device(y).device(d).int64(total).int32(channels).int32(positions)
                .int32(before).int32(after).float32(alphaOverSize).float32(beta).float32(k);
    }

    void lrnForward(Args args, long total) {
        launch(lrnForward, total, args, "lrn_forward");
    }

    static Args lrnBackwardArgs(FloatPointer x, FloatPointer g, FloatPointer d, FloatPointer dx, long total,
                                int channels, int positions, int before, int after, float beta, float factor) {
        return new Args(11).device(x).device(g).device(d).device(dx).int64(total).int32(channels).int32(positions)
                .int32(before).int32(after).float32(beta).float32(factor);
    }

    void lrnBackward(Args args, long total) {
        launch(lrnBackward, total, args, "lrn_backward");
    }
}
