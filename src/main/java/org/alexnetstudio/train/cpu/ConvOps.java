package org.alexnetstudio.train.cpu;

import static org.alexnetstudio.train.cpu.NdOps.ins;
import static org.alexnetstudio.train.cpu.NdOps.op;
import static org.alexnetstudio.train.cpu.NdOps.prepared;

import org.alexnetstudio.model.Conv2d;
import org.alexnetstudio.model.Shape;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Conv2d: libnd4j's conv2d and conv2d_bp (oneDNN) on channels-last maps, with the weights in PyTorch's
 * OIYX layout ({@code weightsFormat} 1, which both ops honour when called directly), so no permute per
 * step. The first layer with parameters skips its input's gradient ({@link FirstConvWeightGradient}).
 * The other layers train through whichever of conv2d/conv2d_bp and im2col with GEMMs ({@link ConvGemm})
 * was faster in their first steps ({@link ConvPathChoice}); the test forward stays conv2d.
 */
final class ConvOps implements LayerOps {

    private final int index;
    private final Conv2d conv;
    private final Shape in;
    private final Shape out;
    private final boolean firstTrained;

    ConvOps(int index, Conv2d conv, Shape in, Shape out, boolean firstTrained) {
        this.index = index;
        this.conv = conv;
        this.in = in;
        this.out = out;
        this.firstTrained = firstTrained;
        this.choice = ConvGemm.choice(conv, in, firstTrained);
    }

    @Override
    public ParameterSpec.LayerState state() {
        int fanIn = in.channels() * conv.kernelH() * conv.kernelW();
        int fanOut = conv.outChannels() * conv.kernelH() * conv.kernelW();
        return ParameterSpec.LayerState.of(
                ParameterSpec.xavier("weight", new long[]{conv.outChannels(), in.channels(), conv.kernelH(), conv.kernelW()},
                        fanIn, fanOut),
                ParameterSpec.zeros("bias", conv.outChannels()));
    }

    /** oneDNN, GEMMs, or measured (then both paths' buffers are planned). */
    private final ConvGemm.Choice choice;
    /** The measured choice once made, for this layer's later plans (other batch sizes, shards). */
    private volatile ConvPathChoice.Decision decision;

    /** The measured choice, or null before it is made (or when nothing is measured). */
    ConvPathChoice.Decision decision() {
        return decision;
    }

    /** Whether this layer times both paths in its first steps. */
    boolean measures() {
        return choice == ConvGemm.Choice.MEASURE;
    }

    int index() {
        return index;
    }

    /**
     * The buffers of the path(s) this layer may train with: while measuring both; once decided, the
     * chosen one's (the network then re-plans).
     */
    @Override
    public LayerNeeds needs() {
        if (trainsGemm(decision, true)) {
            return LayerNeeds.NONE.withTraining(ConvGemm.buffers(conv, in, out));
        }
        return firstTrained ? LayerNeeds.NONE.withTraining(FirstConvWeightGradient.buffers(conv, in, out))
                : LayerNeeds.NONE;
    }

    /** conv2d / conv2d_bp integer arguments: channels-last data (9 = 1), OIYX weights (10 = 1). */
    static int[] args(Conv2d c) {
        return new int[]{c.kernelH(), c.kernelW(), c.strideH(), c.strideW(), c.paddingH(), c.paddingW(), 1, 1, 0, 1, 1};
    }

    @Override
    public TrainingOps training(TrainingContext c, INDArray x, INDArray y, INDArray g, INDArray gradIn,
                                boolean inputGradient) {
        ConvPathChoice.Decision d = decision;
        if (choice == ConvGemm.Choice.MEASURE && d == null && !c.testMode) {
            return new ConvPathChoice(onednn(c, x, y, g, gradIn, inputGradient),
                    ConvGemm.training(c, index, conv, in, out, x, y, g, gradIn, inputGradient),
                    ConvGemm.likelyFaster() ? ConvPathChoice.GEMM : ConvPathChoice.ONEDNN, c.n, this::decided).ops();
        }
        return trainsGemm(d, ConvGemm.likelyFaster())
                ? ConvGemm.training(c, index, conv, in, out, x, y, g, gradIn, inputGradient)
                : onednn(c, x, y, g, gradIn, inputGradient);
    }

    /** Whether the GEMM path trains: forced, or as decided; {@code undecided} while a measured layer has not chosen. */
    private boolean trainsGemm(ConvPathChoice.Decision d, boolean undecided) {
        return switch (choice) {
            case GEMM -> true;
            case ONEDNN -> false;
            case MEASURE -> d != null ? d.path() == ConvPathChoice.GEMM : undecided;
        };
    }

    /** The first plan to finish measuring decides for the layer (shards measure alike). */
    private synchronized void decided(ConvPathChoice.Decision d) {
        if (decision == null) {
            decision = d;
        }
    }

    private TrainingOps onednn(TrainingContext c, INDArray x, INDArray y, INDArray g, INDArray gradIn,
                               boolean inputGradient) {
        INDArray w = c.parameter(index, 0);
        INDArray bias = c.parameter(index, 1);
        INDArray dw = c.gradient(index, 0);
        INDArray db = c.gradient(index, 1);
        int[] args = args(conv);
        Runnable f = prepared(op("conv2d", ins(x, w, bias), ins(y), args).build());
        if (!inputGradient) {
            return TrainingOps.of(f, FirstConvWeightGradient.backward(c, index, conv, in, out, x, g, dw, db));
        }
        Runnable bp = prepared(op("conv2d_bp", ins(x, w, bias, g), ins(gradIn, dw, db), args).build());
        return TrainingOps.of(f, bp);
    }

    @Override
    public Runnable test(TestContext c, INDArray x, INDArray y) {
        return prepared(op("conv2d", ins(x, c.parameter(index, 0), c.parameter(index, 1)), ins(y), args(conv)).build());
    }
}
