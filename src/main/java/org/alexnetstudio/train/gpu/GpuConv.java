package org.alexnetstudio.train.gpu;

import static org.bytedeco.cuda.global.cudnn.cudnnAddTensor;
import static org.bytedeco.cuda.global.cudnn.cudnnConvolutionBackwardBias;
import static org.bytedeco.cuda.global.cudnn.cudnnConvolutionBackwardData;
import static org.bytedeco.cuda.global.cudnn.cudnnConvolutionBackwardFilter;
import static org.bytedeco.cuda.global.cudnn.cudnnConvolutionForward;

import java.util.List;
import org.alexnetstudio.model.Conv2d;
import org.alexnetstudio.model.Shape;
import org.bytedeco.cuda.cudnn.cudnnConvolutionStruct;
import org.bytedeco.cuda.cudnn.cudnnFilterStruct;
import org.bytedeco.cuda.cudnn.cudnnTensorStruct;

/**
 * Conv2d: cuDNN's cross-correlation forward, backward data and backward filter with the algorithms
 * {@link ConvAlgorithms} chose for this shape, the bias added by cudnnAddTensor and its gradient summed by
 * cudnnConvolutionBackwardBias. Weights in PyTorch's [out, in, kh, kw], cuDNN's NCHW filter layout.
 */
final class GpuConv implements GpuLayer {

    private final Conv2d conv;
    private final Shape in;
    private final Shape out;

    GpuConv(Conv2d conv, Shape in, Shape out) {
        this.conv = conv;
        this.in = in;
        this.out = out;
    }

    @Override
    public List<ParameterLayout.Spec> parameters() {
        int fanIn = in.channels() * conv.kernelH() * conv.kernelW();
        int fanOut = conv.outChannels() * conv.kernelH() * conv.kernelW();
        return List.of(ParameterLayout.Spec.xavier("weight",
                        new long[]{conv.outChannels(), in.channels(), conv.kernelH(), conv.kernelW()}, fanIn, fanOut),
                ParameterLayout.Spec.zeros("bias", conv.outChannels()));
    }

    @Override
    public boolean outputIsInput(Mode mode) {
        return false;
    }

    @Override
    public GpuOps ops(LayerContext c) {
        GpuDevice d = c.device;
        Descriptors ds = c.descriptors;
        cudnnTensorStruct xDesc = ds.tensor(c.n, in);
        cudnnTensorStruct yDesc = ds.tensor(c.n, out);
        cudnnTensorStruct bDesc = ds.channels(out.channels());
        cudnnFilterStruct wDesc = ds.filter(conv.outChannels(), in.channels(), conv.kernelH(), conv.kernelW());
        cudnnConvolutionStruct cDesc = ds.convolution(conv.paddingH(), conv.paddingW(), conv.strideH(), conv.strideW(),
                d.tf32);
        String key = c.n + "x" + in + ">" + conv.outChannels() + "k" + conv.kernelH() + "x" + conv.kernelW() + "s"
                + conv.strideH() + "x" + conv.strideW() + "p" + conv.paddingH() + "x" + conv.paddingW()
                + (d.tf32 ? "tf32" : "fp32");
        ConvAlgorithms.Set algos = d.algorithms.choose(key, d.cudnn, xDesc, wDesc, cDesc, yDesc,
                Math.max(64L << 20, d.freeBytes() / 2));
        long ws = Math.max(algos.forward().workspaceBytes(), c.mode.backward()
                ? Math.max(algos.backwardData().workspaceBytes(), algos.backwardFilter().workspaceBytes()) : 0);
        d.workspace(ws);
        var w = c.parameters[0];
        var b = c.parameters[1];
        Runnable forward = () -> {
            Cuda.checkCudnn(cudnnConvolutionForward(d.cudnn, d.one, xDesc, c.x, wDesc, w, cDesc,
                    algos.forward().algorithm(), d.workspace(), algos.forward().workspaceBytes(), d.zero, yDesc, c.y),
                    "cudnnConvolutionForward");
            Cuda.checkCudnn(cudnnAddTensor(d.cudnn, d.one, bDesc, b, d.one, yDesc, c.y), "cudnnAddTensor (conv bias)");
        };
        if (!c.mode.backward()) {
            return GpuOps.forwardOnly(forward);
        }
        var dw = c.gradients[0];
        var db = c.gradients[1];
        Runnable backward = () -> {
            Cuda.checkCudnn(cudnnConvolutionBackwardBias(d.cudnn, d.one, yDesc, c.dy, d.zero, bDesc, db),
                    "cudnnConvolutionBackwardBias");
            Cuda.checkCudnn(cudnnConvolutionBackwardFilter(d.cudnn, d.one, xDesc, c.x, yDesc, c.dy, cDesc,
                    algos.backwardFilter().algorithm(), d.workspace(), algos.backwardFilter().workspaceBytes(), d.zero,
                    wDesc, dw), "cudnnConvolutionBackwardFilter");
            if (c.inputGradient()) {
                Cuda.checkCudnn(cudnnConvolutionBackwardData(d.cudnn, d.one, wDesc, w, yDesc, c.dy, cDesc,
                        algos.backwardData().algorithm(), d.workspace(), algos.backwardData().workspaceBytes(), d.zero,
                        xDesc, c.dx), "cudnnConvolutionBackwardData");
            }
        };
        return new GpuOps(forward, backward);
    }
}
