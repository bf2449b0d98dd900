package org.alexnetstudio.train.cpu;

import static org.alexnetstudio.train.cpu.NdOps.matmul;
import static org.alexnetstudio.train.cpu.NdOps.view;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.Arrays;
import org.alexnetstudio.model.Conv2d;
import org.alexnetstudio.model.Shape;
import org.alexnetstudio.train.CpuIsa;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Conv2d's training forward and backward as im2col and three GEMMs on the channels-last maps, the
 * alternative to libnd4j's conv2d that {@link ConvPathChoice} times per layer (docs/performance.md,
 * "AVX2 and AVX-512"). Without AVX-512, ND4J's oneDNN 2.3 has no convolution kernel that works on
 * channels-last data: libnd4j asks it for "any" layout, gets the AVX2 kernels' blocked one (nChw8c)
 * and reorders the input, the output and both gradients around every call. With AVX-512 it runs 3×3
 * backward passes as Winograd, which loses to the GEMMs on AlexNet's layers.
 *
 * <p>Per example and output position one row of the im2col matrix holds the kh·kw input patches of
 * C channels each (contiguous in channels-last maps, so each is one array copy) and a 1 for the bias:
 * cols [M, K+1] with K = kh·kw·C. The weights W' [O, K+1] are PyTorch's OIYX weights reordered to
 * (ky, kx, c) with the bias as the last column, so
 * <pre>
 *   y  = cols · W'ᵀ               [M, O]  (the output maps, channels-last)
 *   dW' = Gᵀ · cols               [O, K+1] (weights and bias gradients together)
 *   dcols = G · W'                [M, K+1], scattered back onto the input's gradient (col2im)
 * </pre>
 * Examples are processed in chunks of at most {@link FirstConvWeightGradient#chunkValues} column
 * values; with one chunk the backward reuses the forward's columns.
 */
final class ConvGemm {

    /**
     * {@code -Dalexnet.conv=gemm|onednn|auto}: forces one implementation (benchmarks, tests); auto
     * measures both ({@link ConvPathChoice}).
     */
    static final String PROPERTY = "alexnet.conv";

    /** Overrides the property when set (tests). */
    static volatile String forced;

    /** How a conv layer trains: libnd4j's conv2d (oneDNN), this class's GEMMs, or the faster of both, measured. */
    enum Choice { ONEDNN, GEMM, MEASURE }

    private ConvGemm() {
    }

    /**
     * How this conv layer trains: forced by {@link #PROPERTY}, else measured. The first trained layer
     * keeps its own backward ({@link FirstConvWeightGradient}) and so libnd4j's forward.
     */
    static Choice choice(Conv2d c, Shape in, boolean firstTrained) {
        if (firstTrained) {
            return Choice.ONEDNN;
        }
        String mode = forced != null ? forced : System.getProperty(PROPERTY, "auto");
        return switch (mode) {
            case "gemm" -> Choice.GEMM;
            case "onednn" -> Choice.ONEDNN;
            default -> Choice.MEASURE;
        };
    }

    /**
     * The path that usually wins without measuring: the GEMMs on CPUs without AVX-512 (see the class
     * comment). Tried first when measuring, and used where nothing is measured (explanations).
     */
    static boolean likelyFaster() {
        return !CpuIsa.current().hasAvx512() && CpuIsa.current() != CpuIsa.UNKNOWN;
    }

    /** Columns per example row: kh·kw·C values and the bias's 1. */
    static int rowLength(Conv2d c, Shape in) {
        return c.kernelH() * c.kernelW() * in.channels() + 1;
    }

    /** Examples per chunk of columns: as many as fit in {@link FirstConvWeightGradient#chunkValues}, at least one. */
    static int chunkExamples(int batch, Conv2d c, Shape in, Shape out) {
        long perExample = (long) out.height() * out.width() * rowLength(c, in);
        return (int) Math.max(1, Math.min(batch, FirstConvWeightGradient.chunkValues / perExample));
    }

    static LayerNeeds.Buffer[] buffers(Conv2d c, Shape in, Shape out) {
        long positions = (long) out.height() * out.width();
        long row = rowLength(c, in);
        long weights = (long) c.outChannels() * row;
        return new LayerNeeds.Buffer[]{
            new LayerNeeds.Buffer("gemmCols", LayerNeeds.Scope.LAYER, LayerNeeds.Fill.NONE,
                    batch -> chunkExamples((int) batch, c, in, out) * positions * row, false),
            LayerNeeds.Buffer.fixed("gemmW", weights),
            LayerNeeds.Buffer.fixed("gemmDw", weights),
            LayerNeeds.Buffer.host("hostCols", batch -> chunkExamples((int) batch, c, in, out) * positions * row),
            LayerNeeds.Buffer.host("hostInput", batch -> batch * in.elements()),
            LayerNeeds.Buffer.host("hostInputGradient", batch -> batch * in.elements()),
            LayerNeeds.Buffer.host("hostW", batch -> 2 * weights)}; // W', then the OIYX weights and the bias
    }

    static TrainingOps training(TrainingContext ctx, int layer, Conv2d c, Shape in, Shape out, INDArray x, INDArray y,
                                INDArray g, INDArray gradIn, boolean inputGradient) {
        Geometry geo = new Geometry(c, in, out);
        int n = ctx.n;
        int perChunk = chunkExamples(n, c, in, out);
        boolean oneChunk = perChunk >= n;
        long positions = (long) out.height() * out.width();
        int row = geo.row;
        INDArray w = ctx.parameter(layer, 0);
        INDArray bias = ctx.parameter(layer, 1);
        INDArray dw = ctx.gradient(layer, 0);
        INDArray db = ctx.gradient(layer, 1);
        INDArray wGemm = ctx.own(layer, "gemmW", c.outChannels(), row);
        INDArray dwGemm = ctx.own(layer, "gemmDw", c.outChannels(), row);
        INDArray colsBuffer = ctx.own(layer, "gemmCols");
        INDArray y2 = y.reshape('c', n * positions, out.channels());
        INDArray g2 = g.reshape('c', n * positions, out.channels());
        Host host = new Host(ctx.host(layer, "hostInput"), ctx.host(layer, "hostCols"),
                ctx.host(layer, "hostInputGradient"), ctx.host(layer, "hostW"),
                ctx.exchange == null && Runtime.getRuntime().availableProcessors() > 1);
        int chunks = (n + perChunk - 1) / perChunk;
        Runnable[] forward = new Runnable[chunks];
        Runnable[] weightGrad = new Runnable[chunks];
        Runnable[] colsGrad = new Runnable[chunks];
        INDArray[] colViews = new INDArray[chunks];
        for (int k = 0; k < chunks; k++) {
            int start = k * perChunk;
            int count = Math.min(perChunk, n - start);
            INDArray cols = view(colsBuffer, new long[]{count * positions, row});
            INDArray yChunk = rows(y2, start * positions, count * positions);
            INDArray gChunk = rows(g2, start * positions, count * positions);
            colViews[k] = cols;
            forward[k] = matmul(cols, wGemm, yChunk, false, true, 0);
            weightGrad[k] = matmul(gChunk, cols, dwGemm, true, false, k == 0 ? 0 : 1);
            colsGrad[k] = matmul(gChunk, wGemm, cols, false, false, 0); // over the columns, read already
        }
        Runnable f = () -> {
            host.weightsIn(w, bias, wGemm, geo);
            host.readInput(x, n * geo.inLength);
            for (int k = 0; k < chunks; k++) {
                int start = k * perChunk;
                host.gather(geo, start, Math.min(perChunk, n - start), colViews[k]);
                forward[k].run();
            }
        };
        Runnable b = () -> {
            if (inputGradient) {
                host.clearInputGradient(n * geo.inLength);
            }
            for (int k = 0; k < chunks; k++) {
                int start = k * perChunk;
                int count = Math.min(perChunk, n - start);
                if (!oneChunk) {
                    host.gather(geo, start, count, colViews[k]); // the buffer holds the last chunk's
                }
                weightGrad[k].run();
                if (inputGradient) {
                    colsGrad[k].run();
                    host.scatter(geo, start, count, colViews[k]);
                }
            }
            if (inputGradient) {
                host.writeInputGradient(gradIn, n * geo.inLength);
            }
            host.gradientsOut(dwGemm, dw, db, geo);
        };
        return TrainingOps.of(f, b);
    }

    private static INDArray rows(INDArray m, long from, long count) {
        return m.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(from, from + count),
                org.nd4j.linalg.indexing.NDArrayIndex.all());
    }

    /** Examples from..to−1. */
    @FunctionalInterface
    interface Range {
        void run(int from, int to);
    }

    private static java.util.concurrent.ExecutorService helper;

    /**
     * The one helper thread of the host loops, started by the first engine thread that needs it, whose
     * (background) priority it inherits (docs/performance.md: engine threads run nicer than the window).
     */
    private static synchronized java.util.concurrent.ExecutorService helper() {
        if (helper == null) {
            helper = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "conv-im2col");
                t.setDaemon(true);
                return t;
            });
        }
        return helper;
    }

    /** The layer's sizes as ints, for the host loops. */
    record Geometry(int channels, int height, int width, int outHeight, int outWidth, int outChannels,
                    int kernelH, int kernelW, int strideH, int strideW, int padH, int padW, int row, int inLength) {

        Geometry(Conv2d c, Shape in, Shape out) {
            this(in.channels(), in.height(), in.width(), out.height(), out.width(), c.outChannels(), c.kernelH(),
                    c.kernelW(), c.strideH(), c.strideW(), c.paddingH(), c.paddingW(), rowLength(c, in),
                    Math.toIntExact(in.elements()));
        }
    }

    /** The Java arrays and the loops over them, in the step's precision (float or double). */
    static final class Host {
        private final Object input;
        private final Object cols;
        private final Object inputGradient;
        private final Object weights;
        private final boolean parallel;

        Host(Object input, Object cols, Object inputGradient, Object weights, boolean parallel) {
            this.input = input;
            this.cols = cols;
            this.inputGradient = inputGradient;
            this.weights = weights;
            this.parallel = parallel;
        }

        void readInput(INDArray x, int values) {
            int at = Math.toIntExact(x.offset());
            if (input instanceof float[] f) {
                x.data().asNioFloat().get(at, f, 0, values);
            } else {
                x.data().asNioDouble().get(at, (double[]) input, 0, values);
            }
        }

        /** im2col of examples first..first+count−1 into cols (and its native buffer). */
        void gather(Geometry g, int first, int count, INDArray nativeCols) {
            inParts(first, count, (from, to) -> {
                if (input instanceof float[]) {
                    gatherFloat(g, first, from, to);
                } else {
                    gatherDouble(g, first, from, to);
                }
            });
            int values = count * g.outHeight * g.outWidth * g.row;
            if (cols instanceof float[] f) {
                nativeCols.data().asNioFloat().put(Math.toIntExact(nativeCols.offset()), f, 0, values);
            } else {
                nativeCols.data().asNioDouble().put(Math.toIntExact(nativeCols.offset()), (double[]) cols, 0, values);
            }
        }

        private void gatherFloat(Geometry g, int first, int from, int to) {
            float[] src = (float[]) input;
            float[] dst = (float[]) cols;
            int c = g.channels;
            int at = (from - first) * g.outHeight * g.outWidth * g.row;
            for (int e = from; e < to; e++) {
                int base = e * g.inLength;
                for (int oy = 0; oy < g.outHeight; oy++) {
                    for (int ox = 0; ox < g.outWidth; ox++, at += g.row) {
                        int p = at;
                        for (int ky = 0; ky < g.kernelH; ky++) {
                            int iy = oy * g.strideH + ky - g.padH;
                            for (int kx = 0; kx < g.kernelW; kx++, p += c) {
                                int ix = ox * g.strideW + kx - g.padW;
                                if (iy >= 0 && iy < g.height && ix >= 0 && ix < g.width) {
                                    System.arraycopy(src, base + (iy * g.width + ix) * c, dst, p, c);
                                } else {
                                    Arrays.fill(dst, p, p + c, 0f);
                                }
                            }
                        }
                        dst[p] = 1f;
                    }
                }
            }
        }

        private void gatherDouble(Geometry g, int first, int from, int to) {
            double[] src = (double[]) input;
            double[] dst = (double[]) cols;
            int c = g.channels;
            int at = (from - first) * g.outHeight * g.outWidth * g.row;
            for (int e = from; e < to; e++) {
                int base = e * g.inLength;
                for (int oy = 0; oy < g.outHeight; oy++) {
                    for (int ox = 0; ox < g.outWidth; ox++, at += g.row) {
                        int p = at;
                        for (int ky = 0; ky < g.kernelH; ky++) {
                            int iy = oy * g.strideH + ky - g.padH;
                            for (int kx = 0; kx < g.kernelW; kx++, p += c) {
                                int ix = ox * g.strideW + kx - g.padW;
                                if (iy >= 0 && iy < g.height && ix >= 0 && ix < g.width) {
                                    System.arraycopy(src, base + (iy * g.width + ix) * c, dst, p, c);
                                } else {
                                    Arrays.fill(dst, p, p + c, 0.0);
                                }
                            }
                        }
                        dst[p] = 1.0;
                    }
                }
            }
        }

        void clearInputGradient(int values) {
            if (inputGradient instanceof float[] f) {
                Arrays.fill(f, 0, values, 0f);
            } else {
                Arrays.fill((double[]) inputGradient, 0, values, 0.0);
            }
        }

        /** col2im: the column gradients of examples first..first+count−1 added onto the input's gradient. */
        void scatter(Geometry g, int first, int count, INDArray nativeColsGradient) {
            int values = count * g.outHeight * g.outWidth * g.row;
            int at = Math.toIntExact(nativeColsGradient.offset());
            if (cols instanceof float[] f) {
                nativeColsGradient.data().asNioFloat().get(at, f, 0, values);
            } else {
                nativeColsGradient.data().asNioDouble().get(at, (double[]) cols, 0, values);
            }
            // each example adds onto its own part of the input's gradient: the parts run independently
            inParts(first, count, (from, to) -> {
                if (inputGradient instanceof float[]) {
                    scatterFloat(g, first, from, to);
                } else {
                    scatterDouble(g, first, from, to);
                }
            });
        }

        private void scatterFloat(Geometry g, int first, int from, int to) {
            float[] dx = (float[]) inputGradient;
            float[] d = (float[]) cols;
            int c = g.channels;
            int at = (from - first) * g.outHeight * g.outWidth * g.row;
            for (int e = from; e < to; e++) {
                int base = e * g.inLength;
                for (int oy = 0; oy < g.outHeight; oy++) {
                    for (int ox = 0; ox < g.outWidth; ox++, at += g.row) {
                        int p = at;
                        for (int ky = 0; ky < g.kernelH; ky++) {
                            int iy = oy * g.strideH + ky - g.padH;
                            for (int kx = 0; kx < g.kernelW; kx++, p += c) {
                                int ix = ox * g.strideW + kx - g.padW;
                                if (iy >= 0 && iy < g.height && ix >= 0 && ix < g.width) {
                                    int q = base + (iy * g.width + ix) * c;
                                    for (int k = 0; k < c; k++) {
                                        dx[q + k] += d[p + k];
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }

        private void scatterDouble(Geometry g, int first, int from, int to) {
            double[] dx = (double[]) inputGradient;
            double[] d = (double[]) cols;
            int c = g.channels;
            int at = (from - first) * g.outHeight * g.outWidth * g.row;
            for (int e = from; e < to; e++) {
                int base = e * g.inLength;
                for (int oy = 0; oy < g.outHeight; oy++) {
                    for (int ox = 0; ox < g.outWidth; ox++, at += g.row) {
                        int p = at;
                        for (int ky = 0; ky < g.kernelH; ky++) {
                            int iy = oy * g.strideH + ky - g.padH;
                            for (int kx = 0; kx < g.kernelW; kx++, p += c) {
                                int ix = ox * g.strideW + kx - g.padW;
                                if (iy >= 0 && iy < g.height && ix >= 0 && ix < g.width) {
                                    int q = base + (iy * g.width + ix) * c;
                                    for (int k = 0; k < c; k++) {
                                        dx[q + k] += d[p + k];
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }

        /**
         * Examples first..first+count−1 in two halves, the second on a helper thread, when this step
         * runs alone (a split step already has one single-threaded shard per core).
         */
        private void inParts(int first, int count, Range work) {
            if (!parallel || count < 2) {
                work.run(first, first + count);
                return;
            }
            int mid = first + count / 2;
            java.util.concurrent.Future<?> other = helper().submit(() -> work.run(mid, first + count));
            work.run(first, mid);
            try {
                other.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted in im2col", e);
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException(e.getCause());
            }
        }

        void writeInputGradient(INDArray gradIn, int values) {
            int at = Math.toIntExact(gradIn.offset());
            if (inputGradient instanceof float[] f) {
                gradIn.data().asNioFloat().put(at, f, 0, values);
            } else {
                gradIn.data().asNioDouble().put(at, (double[]) inputGradient, 0, values);
            }
        }

        /** W' ← OIYX weights in (ky, kx, c) order with the bias as the last column. */
        void weightsIn(INDArray w, INDArray bias, INDArray wGemm, Geometry g) {
            int o = g.outChannels;
            int k = g.row - 1;
            int taps = g.kernelH * g.kernelW;
            int c = g.channels;
            if (weights instanceof float[] h) {
                // the OIYX weights first, after the O·(K+1) values of W'
                FloatBuffer wb = w.data().asNioFloat();
                wb.get(Math.toIntExact(w.offset()), h, o * g.row, o * k);
                int bAt = o * g.row + o * k;
                bias.data().asNioFloat().get(Math.toIntExact(bias.offset()), h, bAt, o);
                for (int i = 0; i < o; i++) {
                    int src = o * g.row + i * k;
                    int dst = i * g.row;
                    for (int ch = 0; ch < c; ch++) {
                        for (int t = 0; t < taps; t++) {
                            h[dst + t * c + ch] = h[src + ch * taps + t];
                        }
                    }
                    h[dst + k] = h[bAt + i];
                }
                wGemm.data().asNioFloat().put(Math.toIntExact(wGemm.offset()), h, 0, o * g.row);
            } else {
                double[] h = (double[]) weights;
                DoubleBuffer wb = w.data().asNioDouble();
                wb.get(Math.toIntExact(w.offset()), h, o * g.row, o * k);
                int bAt = o * g.row + o * k;
                bias.data().asNioDouble().get(Math.toIntExact(bias.offset()), h, bAt, o);
                for (int i = 0; i < o; i++) {
                    int src = o * g.row + i * k;
                    int dst = i * g.row;
                    for (int ch = 0; ch < c; ch++) {
                        for (int t = 0; t < taps; t++) {
                            h[dst + t * c + ch] = h[src + ch * taps + t];
                        }
                    }
                    h[dst + k] = h[bAt + i];
                }
                wGemm.data().asNioDouble().put(Math.toIntExact(wGemm.offset()), h, 0, o * g.row);
            }
        }

        /** dW (OIYX) and db from dW' [O, K+1]. */
        void gradientsOut(INDArray dwGemm, INDArray dw, INDArray db, Geometry g) {
            int o = g.outChannels;
            int k = g.row - 1;
            int taps = g.kernelH * g.kernelW;
            int c = g.channels;
            if (weights instanceof float[] h) {
                dwGemm.data().asNioFloat().get(Math.toIntExact(dwGemm.offset()), h, 0, o * g.row);
                int bAt = o * g.row + o * k;
                for (int i = 0; i < o; i++) {
                    int src = i * g.row;
                    int dst = o * g.row + i * k;
                    for (int ch = 0; ch < c; ch++) {
                        for (int t = 0; t < taps; t++) {
                            h[dst + ch * taps + t] = h[src + t * c + ch];
                        }
                    }
                    h[bAt + i] = h[src + k];
                }
                dw.data().asNioFloat().put(Math.toIntExact(dw.offset()), h, o * g.row, o * k);
                db.data().asNioFloat().put(Math.toIntExact(db.offset()), h, bAt, o);
            } else {
                double[] h = (double[]) weights;
                dwGemm.data().asNioDouble().get(Math.toIntExact(dwGemm.offset()), h, 0, o * g.row);
                int bAt = o * g.row + o * k;
                for (int i = 0; i < o; i++) {
                    int src = i * g.row;
                    int dst = o * g.row + i * k;
                    for (int ch = 0; ch < c; ch++) {
                        for (int t = 0; t < taps; t++) {
                            h[dst + ch * taps + t] = h[src + t * c + ch];
                        }
                    }
                    h[bAt + i] = h[src + k];
                }
                dw.data().asNioDouble().put(Math.toIntExact(dw.offset()), h, o * g.row, o * k);
                db.data().asNioDouble().put(Math.toIntExact(db.offset()), h, bAt, o);
            }
        }

    }
}
