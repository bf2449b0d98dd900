package org.alexnetstudio.train.gpu;

import static org.bytedeco.cuda.global.cudnn.CUDNN_CROSS_CORRELATION;
import static org.bytedeco.cuda.global.cudnn.CUDNN_DATA_FLOAT;
import static org.bytedeco.cuda.global.cudnn.CUDNN_DEFAULT_MATH;
import static org.bytedeco.cuda.global.cudnn.CUDNN_FMA_MATH;
import static org.bytedeco.cuda.global.cudnn.CUDNN_PROPAGATE_NAN;
import static org.bytedeco.cuda.global.cudnn.CUDNN_TENSOR_NCHW;
import static org.bytedeco.cuda.global.cudnn.cudnnCreateActivationDescriptor;
import static org.bytedeco.cuda.global.cudnn.cudnnCreateConvolutionDescriptor;
import static org.bytedeco.cuda.global.cudnn.cudnnCreateFilterDescriptor;
import static org.bytedeco.cuda.global.cudnn.cudnnCreatePoolingDescriptor;
import static org.bytedeco.cuda.global.cudnn.cudnnCreateTensorDescriptor;
import static org.bytedeco.cuda.global.cudnn.cudnnDestroyActivationDescriptor;
import static org.bytedeco.cuda.global.cudnn.cudnnDestroyConvolutionDescriptor;
import static org.bytedeco.cuda.global.cudnn.cudnnDestroyFilterDescriptor;
import static org.bytedeco.cuda.global.cudnn.cudnnDestroyPoolingDescriptor;
import static org.bytedeco.cuda.global.cudnn.cudnnDestroyTensorDescriptor;
import static org.bytedeco.cuda.global.cudnn.cudnnSetActivationDescriptor;
import static org.bytedeco.cuda.global.cudnn.cudnnSetConvolution2dDescriptor;
import static org.bytedeco.cuda.global.cudnn.cudnnSetConvolutionMathType;
import static org.bytedeco.cuda.global.cudnn.cudnnSetFilter4dDescriptor;
import static org.bytedeco.cuda.global.cudnn.cudnnSetPooling2dDescriptor;
import static org.bytedeco.cuda.global.cudnn.cudnnSetTensor4dDescriptor;

import java.util.ArrayList;
import java.util.List;
import org.alexnetstudio.model.Shape;
import org.bytedeco.cuda.cudnn.cudnnActivationStruct;
import org.bytedeco.cuda.cudnn.cudnnConvolutionStruct;
import org.bytedeco.cuda.cudnn.cudnnFilterStruct;
import org.bytedeco.cuda.cudnn.cudnnPoolingStruct;
import org.bytedeco.cuda.cudnn.cudnnTensorStruct;

/** The cuDNN descriptors of one plan (float32, NCHW), destroyed together when the plan is released. */
final class Descriptors implements AutoCloseable {

    private final List<Runnable> destroy = new ArrayList<>();

    /** [n, C, H, W]; features F as [n, F, 1, 1]. */
    cudnnTensorStruct tensor(int n, Shape shape) {
        return shape.isSpatial() ? tensor(n, shape.channels(), shape.height(), shape.width())
                : tensor(n, shape.features(), 1, 1);
    }

    cudnnTensorStruct tensor(int n, int c, int h, int w) {
        cudnnTensorStruct t = new cudnnTensorStruct();
        Cuda.checkCudnn(cudnnCreateTensorDescriptor(t), "cudnnCreateTensorDescriptor");
        destroy.add(() -> cudnnDestroyTensorDescriptor(t));
        Cuda.checkCudnn(cudnnSetTensor4dDescriptor(t, CUDNN_TENSOR_NCHW, CUDNN_DATA_FLOAT, n, c, h, w),
                "cudnnSetTensor4dDescriptor(" + n + "," + c + "," + h + "," + w + ")");
        return t;
    }

    /** Per-channel values (bias, batch norm's γ, β and statistics): [1, C, 1, 1]. */
    cudnnTensorStruct channels(int c) {
        return tensor(1, c, 1, 1);
    }

    cudnnFilterStruct filter(int out, int in, int kh, int kw) {
        cudnnFilterStruct f = new cudnnFilterStruct();
        Cuda.checkCudnn(cudnnCreateFilterDescriptor(f), "cudnnCreateFilterDescriptor");
        destroy.add(() -> cudnnDestroyFilterDescriptor(f));
        Cuda.checkCudnn(cudnnSetFilter4dDescriptor(f, CUDNN_DATA_FLOAT, CUDNN_TENSOR_NCHW, out, in, kh, kw),
                "cudnnSetFilter4dDescriptor");
        return f;
    }

    /** Cross-correlation (what PyTorch's Conv2d computes); TF32 only when asked for. */
    cudnnConvolutionStruct convolution(int padH, int padW, int strideH, int strideW, boolean tf32) {
        cudnnConvolutionStruct c = new cudnnConvolutionStruct();
        Cuda.checkCudnn(cudnnCreateConvolutionDescriptor(c), "cudnnCreateConvolutionDescriptor");
        destroy.add(() -> cudnnDestroyConvolutionDescriptor(c));
        Cuda.checkCudnn(cudnnSetConvolution2dDescriptor(c, padH, padW, strideH, strideW, 1, 1, CUDNN_CROSS_CORRELATION,
                CUDNN_DATA_FLOAT), "cudnnSetConvolution2dDescriptor");
        // CUDNN_DEFAULT_MATH lets cuDNN use TF32 on Ampere and newer; FMA math keeps full float32.
        Cuda.checkCudnn(cudnnSetConvolutionMathType(c, tf32 ? CUDNN_DEFAULT_MATH : CUDNN_FMA_MATH),
                "cudnnSetConvolutionMathType");
        return c;
    }

    cudnnPoolingStruct pooling(int mode, int kh, int kw, int padH, int padW, int strideH, int strideW) {
        cudnnPoolingStruct p = new cudnnPoolingStruct();
        Cuda.checkCudnn(cudnnCreatePoolingDescriptor(p), "cudnnCreatePoolingDescriptor");
        destroy.add(() -> cudnnDestroyPoolingDescriptor(p));
        Cuda.checkCudnn(cudnnSetPooling2dDescriptor(p, mode, CUDNN_PROPAGATE_NAN, kh, kw, padH, padW, strideH, strideW),
                "cudnnSetPooling2dDescriptor");
        return p;
    }

    cudnnActivationStruct activation(int mode) {
        cudnnActivationStruct a = new cudnnActivationStruct();
        Cuda.checkCudnn(cudnnCreateActivationDescriptor(a), "cudnnCreateActivationDescriptor");
        destroy.add(() -> cudnnDestroyActivationDescriptor(a));
        Cuda.checkCudnn(cudnnSetActivationDescriptor(a, mode, CUDNN_PROPAGATE_NAN, 0.0), "cudnnSetActivationDescriptor");
        return a;
    }

    /** Kernel arguments, freed with the descriptors. */
    Kernels.Args args(Kernels.Args args) {
        destroy.add(args::close);
        return args;
    }

    @Override
    public void close() {
        for (Runnable r : destroy) {
            r.run();
        }
        destroy.clear();
    }
}
