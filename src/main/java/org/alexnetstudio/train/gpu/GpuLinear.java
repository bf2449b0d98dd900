package org.alexnetstudio.train.gpu;

import static org.bytedeco.cuda.global.cublas.CUBLAS_OP_N;
import static org.bytedeco.cuda.global.cublas.CUBLAS_OP_T;
import static org.bytedeco.cuda.global.cublas.cublasSgemm_v2;
import static org.bytedeco.cuda.global.cudnn.cudnnAddTensor;
import static org.bytedeco.cuda.global.cudnn.cudnnConvolutionBackwardBias;

import java.util.List;
import org.alexnetstudio.model.Linear;
import org.alexnetstudio.model.Shape;
import org.bytedeco.cuda.cudnn.cudnnTensorStruct;

/**
 * Linear in PyTorch's layout, W [out, in] row-major: y = x·Wᵀ + b, dW = gᵀ·x, dx = g·W, db = Σ g. cuBLAS is
 * column-major, where a row-major [r, c] matrix is its transpose: y is computed as yᵀ = W·xᵀ (W read
 * transposed), dW as dWᵀ = xᵀ·g, dx as dxᵀ = Wᵀ·gᵀ. The bias goes through cuDNN as [n, out, 1, 1] maps.
 */
final class GpuLinear implements GpuLayer {

    private final Linear linear;
    private final Shape in;

    GpuLinear(Linear linear, Shape in) {
        this.linear = linear;
        this.in = in;
    }

    @Override
    public List<ParameterLayout.Spec> parameters() {
        return List.of(ParameterLayout.Spec.xavier("weight", new long[]{linear.outFeatures(), in.features()},
                        in.features(), linear.outFeatures()),
                ParameterLayout.Spec.zeros("bias", linear.outFeatures()));
    }

    @Override
    public boolean outputIsInput(Mode mode) {
        return false;
    }

    @Override
    public GpuOps ops(LayerContext c) {
        GpuDevice d = c.device;
        int n = c.n;
        int inF = in.features();
        int outF = linear.outFeatures();
        var w = c.parameters[0];
        var b = c.parameters[1];
        cudnnTensorStruct yDesc = c.descriptors.tensor(n, outF, 1, 1);
        cudnnTensorStruct bDesc = c.descriptors.channels(outF);
        Runnable forward = () -> {
            // yᵀ[out, n] = (W as col-major [in, out])ᵀ · (x as col-major [in, n])
            Cuda.checkCublas(cublasSgemm_v2(d.cublas, CUBLAS_OP_T, CUBLAS_OP_N, outF, n, inF, d.one, w, inF, c.x, inF,
                    d.zero, c.y, outF), "cublasSgemm (linear forward)");
            Cuda.checkCudnn(cudnnAddTensor(d.cudnn, d.one, bDesc, b, d.one, yDesc, c.y), "cudnnAddTensor (linear bias)");
        };
        if (!c.mode.backward()) {
            return GpuOps.forwardOnly(forward);
        }
        var dw = c.gradients[0];
        var db = c.gradients[1];
        Runnable backward = () -> {
            // dWᵀ[in, out] = (x as [in, n]) · (g as [out, n])ᵀ
            Cuda.checkCublas(cublasSgemm_v2(d.cublas, CUBLAS_OP_N, CUBLAS_OP_T, inF, outF, n, d.one, c.x, inF, c.dy, outF,
                    d.zero, dw, inF), "cublasSgemm (linear weight gradient)");
            Cuda.checkCudnn(cudnnConvolutionBackwardBias(d.cudnn, d.one, yDesc, c.dy, d.zero, bDesc, db),
                    "cudnnConvolutionBackwardBias (linear bias gradient)");
            if (c.inputGradient()) {
                // dxᵀ[in, n] = (W as [in, out]) · (g as [out, n])
                Cuda.checkCublas(cublasSgemm_v2(d.cublas, CUBLAS_OP_N, CUBLAS_OP_N, inF, n, outF, d.one, w, inF, c.dy,
                        outF, d.zero, c.dx, inF), "cublasSgemm (linear input gradient)");
            }
        };
        return new GpuOps(forward, backward);
    }
}
