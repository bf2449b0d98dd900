package org.alexnetstudio.train.cpu;

import static org.alexnetstudio.train.cpu.NdOps.gemv;
import static org.alexnetstudio.train.cpu.NdOps.ins;
import static org.alexnetstudio.train.cpu.NdOps.op;
import static org.alexnetstudio.train.cpu.NdOps.prepared;
import static org.alexnetstudio.train.cpu.NdOps.view;

import java.util.ArrayList;
import java.util.List;
import org.alexnetstudio.model.Conv2d;
import org.alexnetstudio.model.Shape;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The backward of the first trained conv without the gradient of its input, which nothing reads:
 * conv2d_bp has no weights-only form, and for a 1-channel image its input gradient is its costliest
 * part (docs/performance.md). dW = Gᵀ·cols with the im2col columns gathered on the host in chunks of
 * examples (bounded memory; each chunk's GEMM accumulates), db = Σ g as a GEMV.
 */
final class FirstConvWeightGradient {

    /** Values per chunk of the im2col columns (16 MiB of floats; not final: tests lower it). */
    static long chunkValues = 1 << 22;

    private FirstConvWeightGradient() {
    }

    /** Examples per chunk for a batch: as many as fit in {@link #chunkValues}, at least one. */
    static int chunkExamples(int batch, Conv2d c, Shape in, Shape out) {
        long positions = (long) out.height() * out.width();
        long rowLength = (long) in.channels() * c.kernelH() * c.kernelW();
        return (int) Math.max(1, Math.min(batch, chunkValues / (positions * rowLength)));
    }

    /** The columns (native and host copies), the host copy of the input, and the GEMV's ones. */
    static LayerNeeds.Buffer[] buffers(Conv2d c, Shape in, Shape out) {
        long positions = (long) out.height() * out.width();
        long rowLength = (long) in.channels() * c.kernelH() * c.kernelW();
        return new LayerNeeds.Buffer[]{
            new LayerNeeds.Buffer("cols", LayerNeeds.Scope.LAYER, LayerNeeds.Fill.NONE,
                    batch -> chunkExamples((int) batch, c, in, out) * positions * rowLength, false),
            LayerNeeds.Buffer.host("hostCols", batch -> chunkExamples((int) batch, c, in, out) * positions * rowLength),
            LayerNeeds.Buffer.host("hostInput", batch -> batch * in.elements()),
            LayerNeeds.Buffer.sharedPerExample("ones", LayerNeeds.Fill.ONES, positions)};
    }

    static Runnable backward(TrainingContext ctx, int layer, Conv2d c, Shape in, Shape out, INDArray x, INDArray g,
                             INDArray dw, INDArray db) {
        int n = ctx.n;
        long positions = (long) out.height() * out.width();
        int rowLength = in.channels() * c.kernelH() * c.kernelW();
        int[] table = im2colTable(in, out, c);
        int inLength = Math.toIntExact(in.elements());
        INDArray g2 = g.reshape('c', n * positions, out.channels());
        INDArray dw2 = dw.reshape('c', dw.size(0), rowLength);
        int perChunk = chunkExamples(n, c, in, out);
        Object hostIn = ctx.host(layer, "hostInput");
        Object hostCols = ctx.host(layer, "hostCols");
        INDArray colsBuffer = ctx.own(layer, "cols");
        List<Runnable> chunks = new ArrayList<>();
        for (int start = 0; start < n; start += perChunk) {
            int count = Math.min(perChunk, n - start);
            INDArray cols = view(colsBuffer, new long[]{count * positions, rowLength});
            INDArray gChunk = g2.get(NDArrayIndex.interval(start * positions, (start + count) * positions),
                    NDArrayIndex.all());
            Runnable gemm = prepared(op("matmul", ins(gChunk, cols), ins(dw2), 1, 0, 0)
                    .addFloatingPointArguments(1.0, start == 0 ? 0.0 : 1.0).build()); // accumulates
            int first = start;
            chunks.add(() -> {
                gatherColumns(table, inLength, first, count, cols, hostIn, hostCols);
                gemm.run();
            });
        }
        Runnable dB = prepared(gemv(ctx.shared("ones", 1, n * positions), g2, db.reshape(1, db.length())));
        boolean single = ctx.dtype == DataType.FLOAT;
        return () -> {
            // the input once onto the host, then the columns chunk by chunk
            if (single) {
                x.data().asNioFloat().get(0, (float[]) hostIn, 0, n * inLength);
            } else {
                x.data().asNioDouble().get(0, (double[]) hostIn, 0, n * inLength);
            }
            for (Runnable chunk : chunks) {
                chunk.run();
            }
            dB.run();
        };
    }

    /** im2col of examples first..first+count−1 from the host copy of the input into cols. */
    private static void gatherColumns(int[] table, int inLength, int first, int count, INDArray cols,
                                      Object hostIn, Object hostCols) {
        int per = table.length;
        if (hostIn instanceof float[] src) {
            float[] dst = (float[]) hostCols;
            for (int e = 0; e < count; e++) {
                int base = (first + e) * inLength;
                int at = e * per;
                for (int i = 0; i < per; i++) {
                    int from = table[i];
                    dst[at + i] = from < 0 ? 0f : src[base + from];
                }
            }
            cols.data().asNioFloat().put(0, dst, 0, count * per);
        } else {
            double[] src = (double[]) hostIn;
            double[] dst = (double[]) hostCols;
            for (int e = 0; e < count; e++) {
                int base = (first + e) * inLength;
                int at = e * per;
                for (int i = 0; i < per; i++) {
                    int from = table[i];
                    dst[at + i] = from < 0 ? 0.0 : src[base + from];
                }
            }
            cols.data().asNioDouble().put(0, dst, 0, count * per);
        }
    }

    /**
     * For one example: row (oy, ox) of the im2col matrix, column (c, ky, kx) in OIYX weight order →
     * the index of that input value in the channels-last example, or −1 in the zero padding.
     */
    static int[] im2colTable(Shape in, Shape out, Conv2d c) {
        int ch = in.channels();
        int h = in.height();
        int w = in.width();
        int kh = c.kernelH();
        int kw = c.kernelW();
        int rowLength = ch * kh * kw;
        int[] table = new int[out.height() * out.width() * rowLength];
        int at = 0;
        for (int oy = 0; oy < out.height(); oy++) {
            for (int ox = 0; ox < out.width(); ox++) {
                for (int cc = 0; cc < ch; cc++) {
                    for (int ky = 0; ky < kh; ky++) {
                        int iy = oy * c.strideH() + ky - c.paddingH();
                        for (int kx = 0; kx < kw; kx++) {
                            int ix = ox * c.strideW() + kx - c.paddingW();
                            table[at++] = iy >= 0 && iy < h && ix >= 0 && ix < w ? (iy * w + ix) * ch + cc : -1;
                        }
                    }
                }
            }
        }
        return table;
    }
}
