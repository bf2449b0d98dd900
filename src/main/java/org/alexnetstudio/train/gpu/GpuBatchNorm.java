package org.alexnetstudio.train.gpu;

import static org.bytedeco.cuda.global.cudnn.CUDNN_BATCHNORM_SPATIAL;
import static org.bytedeco.cuda.global.cudnn.cudnnBatchNormalizationBackward;
import static org.bytedeco.cuda.global.cudnn.cudnnBatchNormalizationForwardInference;
import static org.bytedeco.cuda.global.cudnn.cudnnBatchNormalizationForwardTraining;

import java.util.List;
import org.alexnetstudio.model.BatchNorm2d;
import org.alexnetstudio.model.Shape;
import org.bytedeco.cuda.cudnn.cudnnTensorStruct;
import org.bytedeco.javacpp.FloatPointer;

/**
 * BatchNorm2d through cuDNN's spatial batch norm. Training normalises with the biased batch statistics
 * and moves the running ones as PyTorch does (running = (1 − m)·running + m·batch, the batch variance
 * unbiased: cuDNN's exponential average with factor m, as PyTorch calls it), into the step's copy that
 * {@link RunningBuffers#commit} keeps only when the loss is finite. The backward includes the gradient
 * through the batch statistics (cuDNN, from the saved mean and inverse deviation). Test mode normalises
 * with the running statistics; its backward (explanations) is dx = g·γ/√(var + eps) per channel.
 */
final class GpuBatchNorm implements GpuLayer {

    private final BatchNorm2d bn;
    private final Shape in;

    GpuBatchNorm(BatchNorm2d bn, Shape in) {
        this.bn = bn;
        this.in = in;
    }

    @Override
    public List<ParameterLayout.Spec> parameters() {
        int c = in.channels();
        return List.of(ParameterLayout.Spec.ones("weight", c), ParameterLayout.Spec.zeros("bias", c));
    }

    @Override
    public int runningChannels() {
        return in.channels();
    }

    @Override
    public double runningMomentum() {
        return bn.momentum();
    }

    @Override
    public boolean outputIsInput(Mode mode) {
        return false;
    }

    /** Saved mean and inverse deviation (training), or the per-channel factor (explanations). */
    @Override
    public long scratchFloats(int n, Mode mode) {
        return 2L * in.channels();
    }

    @Override
    public GpuOps ops(LayerContext c) {
        GpuDevice d = c.device;
        int channels = in.channels();
        cudnnTensorStruct desc = c.descriptors.tensor(c.n, in);
        cudnnTensorStruct perChannel = c.descriptors.channels(channels);
        FloatPointer gamma = c.parameters[0];
        FloatPointer beta = c.parameters[1];
        RunningBuffers running = c.running;
        double eps = bn.eps();
        if (c.mode.testBehaviour()) {
            Runnable forward = () -> Cuda.checkCudnn(cudnnBatchNormalizationForwardInference(d.cudnn,
                    CUDNN_BATCHNORM_SPATIAL, d.one, d.zero, desc, c.x, desc, c.y, perChannel, gamma, beta,
                    running.mean(), running.var(), eps), "cudnnBatchNormalizationForwardInference");
            if (!c.mode.backward() || !c.inputGradient()) {
                return GpuOps.forwardOnly(forward);
            }
            FloatPointer factor = c.scratch;
            long total = c.inputValues();
            Kernels.Args scale = c.descriptors.args(Kernels.scaleChannelsArgs(c.dy, factor, c.dx, total, channels,
                    in.height() * in.width()));
            return new GpuOps(forward, () -> {
                float[] g = d.get(gamma, channels);
                float[] v = d.get(running.var(), channels);
                float[] k = new float[channels];
                for (int ch = 0; ch < channels; ch++) {
                    k[ch] = (float) (g[ch] / Math.sqrt(v[ch] + eps));
                }
                d.put(factor, k, 0, channels);
                d.kernels.scaleChannels(scale, total);
            });
        }
        FloatPointer savedMean = c.scratch;
        FloatPointer savedInvStd = Cuda.at(c.scratch, channels);
        Runnable forward = () -> {
            d.copy(running.nextMean(), running.mean(), channels);
            d.copy(running.nextVar(), running.var(), channels);
            Cuda.checkCudnn(cudnnBatchNormalizationForwardTraining(d.cudnn, CUDNN_BATCHNORM_SPATIAL, d.one, d.zero,
                    desc, c.x, desc, c.y, perChannel, gamma, beta, running.momentum, running.nextMean(),
                    running.nextVar(), eps, savedMean, savedInvStd), "cudnnBatchNormalizationForwardTraining");
        };
        FloatPointer dGamma = c.gradients[0];
        FloatPointer dBeta = c.gradients[1];
        FloatPointer dx = c.dx; // cuDNN always computes it, also where nothing reads it
        Runnable backward = () -> Cuda.checkCudnn(cudnnBatchNormalizationBackward(d.cudnn, CUDNN_BATCHNORM_SPATIAL,
                d.one, d.zero, d.one, d.zero, desc, c.x, desc, c.dy, desc, dx, perChannel, gamma, dGamma, dBeta, eps,
                savedMean, savedInvStd), "cudnnBatchNormalizationBackward");
        return new GpuOps(forward, backward);
    }
}
