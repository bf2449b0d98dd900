package org.alexnetstudio.train.cpu;

import static org.alexnetstudio.train.cpu.NdOps.gemv;
import static org.alexnetstudio.train.cpu.NdOps.ins;
import static org.alexnetstudio.train.cpu.NdOps.op;
import static org.alexnetstudio.train.cpu.NdOps.prepared;

import org.alexnetstudio.model.BatchNorm2d;
import org.alexnetstudio.model.Shape;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * BatchNorm2d as PyTorch trains it: normalised with the biased batch statistics, the running
 * statistics moved by {@link RunningStatistics#update} after the step; in test mode normalised with
 * the running statistics.
 *
 * <p>Training runs on the channels-last activations viewed as a matrix [M, C] (M = n·H·W positions):
 * per-channel sums are one GEMV each (a ones row times the matrix), per-channel factors are [C]
 * vectors that libnd4j's ops broadcast along the rows, and the affine parts run as libnd4j's batchnorm
 * op on the 4-d maps (oneDNN, one pass; on the [M, C] view libnd4j takes a generic loop, several times
 * slower). The centred input xc = x − mean is kept in a buffer of its own for the backward:
 * dγ = Σ g·x̂, dβ = Σ g, dx = k·(g − Σg/M) − (k/(M·(var+eps)))·Σ(g·xc)·xc with k = γ/√(var+eps),
 * the gradient through the batch statistics included. Totals are combined in double on the host.
 * libnd4j's own batchnorm_bp is not used: it is slower here and, in double, only float-accurate.
 */
final class BatchNormOps implements LayerOps {

    private static final String MEAN = "mean";
    private static final String VAR = "var";
    private static final String CENTRED = "centred";
    private static final String ZEROS = "zeros";

    private final int index;
    private final BatchNorm2d bn;
    private final Shape in;

    BatchNormOps(int index, BatchNorm2d bn, Shape in) {
        this.index = index;
        this.bn = bn;
        this.in = in;
    }

    @Override
    public ParameterSpec.LayerState state() {
        int c = in.channels();
        return new ParameterSpec.LayerState(java.util.List.of(ParameterSpec.ones("weight", c),
                ParameterSpec.zeros("bias", c)), c, bn.momentum());
    }

    @Override
    public LayerNeeds needs() {
        int c = in.channels();
        long hw = (long) in.height() * in.width();
        return new LayerNeeds(false, false, true, java.util.List.of(
                LayerNeeds.Buffer.fixed(MEAN, c), LayerNeeds.Buffer.fixed(VAR, c),
                LayerNeeds.Buffer.fixed(ZEROS, c).filled(LayerNeeds.Fill.ZEROS),
                LayerNeeds.Buffer.perExample(CENTRED, in.elements()),
                LayerNeeds.Buffer.sharedPerExample("ones", LayerNeeds.Fill.ONES, hw),
                LayerNeeds.Buffer.sharedFixed("sumA", c), LayerNeeds.Buffer.sharedFixed("sumB", c),
                LayerNeeds.Buffer.sharedFixed("v0", c), LayerNeeds.Buffer.sharedFixed("v1", c)), java.util.List.of());
    }

    @Override
    public TrainingOps training(TrainingContext ctx, INDArray x, INDArray y, INDArray g, INDArray gradIn,
                                boolean inputGradient) {
        if (ctx.testMode) {
            return testModeTraining(ctx, x, y, g, gradIn);
        }
        int k = index;
        int c = in.channels();
        long hw = (long) in.height() * in.width();
        long positions = ctx.n * hw;
        INDArray gamma = ctx.parameter(k, 0);
        INDArray beta = ctx.parameter(k, 1);
        INDArray dGamma = ctx.gradient(k, 0);
        INDArray dBeta = ctx.gradient(k, 1);
        INDArray batchMean = ctx.own(k, MEAN);
        INDArray batchVar = ctx.own(k, VAR);
        ctx.norms.add(0, new TrainingContext.Norm(k, batchMean, batchVar, hw)); // plans are built last layer first
        int site = 3 * k; // this layer's three exchanges with the other shards: Σx, Σxc², Σg and Σg·xc
        long[] matrix = {positions, c};
        INDArray x2 = x.reshape('c', matrix);
        INDArray xc = ctx.own(k, CENTRED, matrix);
        INDArray y2 = y.reshape('c', matrix);
        INDArray g2 = g.reshape('c', matrix);
        INDArray dx2 = gradIn.reshape('c', matrix);
        INDArray ones = ctx.shared("ones", 1, positions);
        INDArray sumA = ctx.shared("sumA", 1, c);
        INDArray sumB = ctx.shared("sumB", 1, c);
        INDArray v0 = ctx.shared("v0", c);
        INDArray v1 = ctx.shared("v1", c);
        double eps = bn.eps();
        double[] mean = new double[c];
        double[] std = new double[c];
        double[] gam = new double[c];
        double[] tmp = new double[c];
        double[] runMean = new double[c];
        double[] runVar = new double[c];
        boolean single = ctx.dtype == DataType.FLOAT;
        Runnable sumX = prepared(gemv(ones, x2, sumA));
        Runnable centre = prepared(op("add", ins(x2, v0), ins(xc), new int[0]).build());
        Runnable square = prepared(op("multiply", ins(xc, xc), ins(y2), new int[0]).build());
        Runnable sumSquares = prepared(gemv(ones, y2, sumA));
        // y = (x − mean)·γ/√(var+eps) + β over the channel axis (3) of the 4-d maps
        Runnable normalise = prepared(op("batchnorm", ins(x, batchMean, batchVar, gamma, beta), ins(y), 1, 1, 3)
                .addFloatingPointArguments(eps).build());
        Runnable sumGrad = prepared(gemv(ones, g2, sumA));
        Runnable gradTimesXc = prepared(op("multiply", ins(g2, xc), ins(dx2), new int[0]).build());
        Runnable sumGradXc = prepared(gemv(ones, dx2, sumB));
        // dx = (g − Σg/M)·γ/√(var+eps): the batchnorm op with Σg/M as the mean and no shift
        Runnable gradPart = prepared(op("batchnorm", ins(g, v0, batchVar, gamma), ins(gradIn), 1, 0, 3)
                .addFloatingPointArguments(eps).build());
        Runnable xcPart = prepared(op("multiply", ins(xc, v1), ins(g2), new int[0]).build()); // g is not read afterwards
        Runnable addXcPart = prepared(op("add", ins(dx2, g2), ins(dx2), new int[0]).build());
        Runnable forward = () -> {
            long count = ctx.examples * hw; // the whole batch's, also when this is one shard of it
            sumX.run();
            HostIo.read(sumA, c, mean);
            if (ctx.exchange != null) {
                ctx.exchange.allReduce(site, ctx.shard, c, mean);
            }
            RunningStatistics running = ctx.running(k);
            HostIo.read(running.mean, c, runMean);
            HostIo.read(running.var, c, runVar);
            for (int ch = 0; ch < c; ch++) {
                mean[ch] = overflowed(single, mean[ch]) / count;
                // A running statistic that is no longer finite (a diverging run) makes the step NaN,
                // as PyTorch's test mode would be: such a run stops instead of training on.
                if (!Double.isFinite(runMean[ch]) || !Double.isFinite(runVar[ch])) {
                    mean[ch] = Double.NaN;
                }
                tmp[ch] = -mean[ch];
            }
            HostIo.writeVector(v0, c, tmp);
            centre.run();                          // xc = x − mean
            square.run();                          // y ← xc² (scratch)
            sumSquares.run();
            HostIo.read(sumA, c, tmp);
            if (ctx.exchange != null) {
                ctx.exchange.allReduce(site + 1, ctx.shard, c, tmp);
            }
            HostIo.read(gamma, c, gam);
            for (int ch = 0; ch < c; ch++) {
                double var = overflowed(single, tmp[ch]) / count; // biased, as PyTorch normalises
                std[ch] = Math.sqrt(var + eps);
                tmp[ch] = var;
            }
            HostIo.writeVector(batchMean, c, mean);
            HostIo.writeVector(batchVar, c, tmp);
            normalise.run();
        };
        double[] sumG = new double[c];
        double[] sumGx = new double[c];
        Runnable backward = () -> {
            long count = ctx.examples * hw;
            sumGrad.run();
            gradTimesXc.run();
            sumGradXc.run();
            HostIo.read(sumA, c, sumG);
            HostIo.read(sumB, c, sumGx);
            // dβ and dγ of this shard's examples: the shards' parameter gradients are added later
            HostIo.writeVector(dBeta, c, sumG);
            for (int ch = 0; ch < c; ch++) {
                tmp[ch] = sumGx[ch] / std[ch];
            }
            HostIo.writeVector(dGamma, c, tmp);
            if (ctx.exchange != null) {
                ctx.exchange.allReduce(site + 2, ctx.shard, c, sumG, sumGx); // dx needs the whole batch's
            }
            for (int ch = 0; ch < c; ch++) {
                tmp[ch] = sumG[ch] / count;
            }
            HostIo.writeVector(v0, c, tmp);
            for (int ch = 0; ch < c; ch++) {
                tmp[ch] = -gam[ch] / (std[ch] * std[ch] * std[ch]) * sumGx[ch] / count;
            }
            HostIo.writeVector(v1, c, tmp);
            gradPart.run();                        // dx = k·(g − Σg/M)
            xcPart.run();                          // g ← −(k/(M·(var+eps)))·Σ(g·xc)·xc
            addXcPart.run();                       // dx += g
        };
        return TrainingOps.of(forward, backward);
    }

    /**
     * Test mode with a backward (explanations): y = (x − running mean)·k + β, so dx = k·g with
     * k = γ/√(running var + eps): the batchnorm op applied to g with a zero mean and no shift. The
     * parameter gradients are not computed (nothing learns in test mode).
     */
    private TrainingOps testModeTraining(TrainingContext ctx, INDArray x, INDArray y, INDArray g, INDArray gradIn) {
        INDArray gamma = ctx.parameter(index, 0);
        INDArray beta = ctx.parameter(index, 1);
        INDArray zeros = ctx.own(index, ZEROS);
        double eps = bn.eps();
        return TrainingOps.of(() -> {
            RunningStatistics running = ctx.running(index);
            NdOps.op(op("batchnorm", ins(x, running.mean, running.var, gamma, beta), ins(y), 1, 1, 3)
                    .addFloatingPointArguments(eps)).run();
        }, () -> NdOps.op(op("batchnorm", ins(g, zeros, ctx.running(index).var, gamma), ins(gradIn), 1, 0, 3)
                .addFloatingPointArguments(eps)).run());
    }

    /**
     * A channel total as float sums have it: beyond float's range it is infinite. Summed in double it
     * would stay finite, and exploding weights would train on instead of turning the loss NaN (an
     * infinite mean) or the output into β (an infinite variance), as float32 PyTorch does.
     */
    private static double overflowed(boolean single, double total) {
        return single && Math.abs(total) > Float.MAX_VALUE ? Math.copySign(Double.POSITIVE_INFINITY, total) : total;
    }

    /**
     * y = (x − running mean)·γ/√(running var + eps) + β, as one batchnorm op over the last axis of
     * the channels-last maps (in place when the plan shares x's buffer). The running statistics are
     * looked up at every call: a load replaces their arrays.
     */
    @Override
    public Runnable test(TestContext c, INDArray x, INDArray y) {
        INDArray gamma = c.parameter(index, 0);
        INDArray beta = c.parameter(index, 1);
        double eps = bn.eps();
        INDArray[][] built = new INDArray[1][];
        Runnable[] normalise = new Runnable[1];
        return () -> {
            RunningStatistics running = c.running(index);
            if (built[0] == null || built[0][0] != running.mean || built[0][1] != running.var) {
                normalise[0] = NdOps.op(op("batchnorm", ins(x, running.mean, running.var, gamma, beta), ins(y), 1, 1, 3)
                        .addFloatingPointArguments(eps));
                built[0] = new INDArray[]{running.mean, running.var};
            }
            normalise[0].run();
        };
    }
}
