package org.alexnetstudio.train.gpu;

import static org.bytedeco.cuda.global.cudnn.CUDNN_CONVOLUTION_BWD_DATA_ALGO_COUNT;
import static org.bytedeco.cuda.global.cudnn.CUDNN_CONVOLUTION_BWD_FILTER_ALGO_COUNT;
import static org.bytedeco.cuda.global.cudnn.CUDNN_CONVOLUTION_FWD_ALGO_COUNT;
import static org.bytedeco.cuda.global.cudnn.CUDNN_STATUS_SUCCESS;
import static org.bytedeco.cuda.global.cudnn.cudnnFindConvolutionBackwardDataAlgorithm;
import static org.bytedeco.cuda.global.cudnn.cudnnFindConvolutionBackwardFilterAlgorithm;
import static org.bytedeco.cuda.global.cudnn.cudnnFindConvolutionForwardAlgorithm;
import static org.bytedeco.cuda.global.cudnn.cudnnGetConvolutionBackwardDataAlgorithm_v7;
import static org.bytedeco.cuda.global.cudnn.cudnnGetConvolutionBackwardFilterAlgorithm_v7;
import static org.bytedeco.cuda.global.cudnn.cudnnGetConvolutionForwardAlgorithm_v7;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bytedeco.cuda.cudnn.cudnnContext;
import org.bytedeco.cuda.cudnn.cudnnConvolutionBwdDataAlgoPerf_t;
import org.bytedeco.cuda.cudnn.cudnnConvolutionBwdFilterAlgoPerf_t;
import org.bytedeco.cuda.cudnn.cudnnConvolutionFwdAlgoPerf_t;
import org.bytedeco.cuda.cudnn.cudnnConvolutionStruct;
import org.bytedeco.cuda.cudnn.cudnnFilterStruct;
import org.bytedeco.cuda.cudnn.cudnnTensorStruct;

/**
 * cuDNN's convolution algorithms chosen once per shape, as PyTorch's {@code cudnn.benchmark = True} does:
 * cudnnFind… times every algorithm on this GPU and the fastest whose workspace fits is kept for the
 * process (a network's first step of each batch size pays for the search). When the search fails, cuDNN's
 * heuristics choose.
 */
final class ConvAlgorithms {

    /** An algorithm and the workspace it needs. */
    record Choice(int algorithm, long workspaceBytes) {
    }

    /** The three choices of one convolution shape. */
    record Set(Choice forward, Choice backwardData, Choice backwardFilter) {
    }

    private final Map<String, Set> chosen = new ConcurrentHashMap<>();

    /**
     * @param key  the shape: batch, input, filter, padding, stride and math mode (what cuDNN's choice depends on)
     */
    Set choose(String key, cudnnContext handle, cudnnTensorStruct x, cudnnFilterStruct w, cudnnConvolutionStruct conv,
               cudnnTensorStruct y, long workspaceLimit) {
        return chosen.computeIfAbsent(key, k -> new Set(forward(handle, x, w, conv, y, workspaceLimit),
                backwardData(handle, x, w, conv, y, workspaceLimit), backwardFilter(handle, x, w, conv, y, workspaceLimit)));
    }

    int size() {
        return chosen.size();
    }

    private static Choice forward(cudnnContext h, cudnnTensorStruct x, cudnnFilterStruct w, cudnnConvolutionStruct c,
                                  cudnnTensorStruct y, long limit) {
        int count = CUDNN_CONVOLUTION_FWD_ALGO_COUNT;
        int[] returned = {0};
        try (cudnnConvolutionFwdAlgoPerf_t perf = new cudnnConvolutionFwdAlgoPerf_t(count)) {
            if (cudnnFindConvolutionForwardAlgorithm(h, x, w, c, y, count, returned, perf) == CUDNN_STATUS_SUCCESS) {
                for (int i = 0; i < returned[0]; i++) {
                    perf.position(i);
                    if (perf.status() == CUDNN_STATUS_SUCCESS && perf.memory() <= limit) {
                        return new Choice(perf.algo(), perf.memory());
                    }
                }
            }
            perf.position(0);
            Cuda.checkCudnn(cudnnGetConvolutionForwardAlgorithm_v7(h, x, w, c, y, count, returned, perf),
                    "cudnnGetConvolutionForwardAlgorithm_v7");
            return firstFitting(returned[0], i -> perf.position(i).status(), i -> perf.position(i).memory(),
                    i -> perf.position(i).algo(), limit, "forward");
        }
    }

    private static Choice backwardData(cudnnContext h, cudnnTensorStruct x, cudnnFilterStruct w, cudnnConvolutionStruct c,
                                       cudnnTensorStruct y, long limit) {
        int count = CUDNN_CONVOLUTION_BWD_DATA_ALGO_COUNT;
        int[] returned = {0};
        try (cudnnConvolutionBwdDataAlgoPerf_t perf = new cudnnConvolutionBwdDataAlgoPerf_t(count)) {
            if (cudnnFindConvolutionBackwardDataAlgorithm(h, w, y, c, x, count, returned, perf) == CUDNN_STATUS_SUCCESS) {
                for (int i = 0; i < returned[0]; i++) {
                    perf.position(i);
                    if (perf.status() == CUDNN_STATUS_SUCCESS && perf.memory() <= limit) {
                        return new Choice(perf.algo(), perf.memory());
                    }
                }
            }
            perf.position(0);
            Cuda.checkCudnn(cudnnGetConvolutionBackwardDataAlgorithm_v7(h, w, y, c, x, count, returned, perf),
                    "cudnnGetConvolutionBackwardDataAlgorithm_v7");
            return firstFitting(returned[0], i -> perf.position(i).status(), i -> perf.position(i).memory(),
                    i -> perf.position(i).algo(), limit, "backward data");
        }
    }

    private static Choice backwardFilter(cudnnContext h, cudnnTensorStruct x, cudnnFilterStruct w,
                                         cudnnConvolutionStruct c, cudnnTensorStruct y, long limit) {
        int count = CUDNN_CONVOLUTION_BWD_FILTER_ALGO_COUNT;
        int[] returned = {0};
        try (cudnnConvolutionBwdFilterAlgoPerf_t perf = new cudnnConvolutionBwdFilterAlgoPerf_t(count)) {
            if (cudnnFindConvolutionBackwardFilterAlgorithm(h, x, y, c, w, count, returned, perf) == CUDNN_STATUS_SUCCESS) {
                for (int i = 0; i < returned[0]; i++) {
                    perf.position(i);
                    if (perf.status() == CUDNN_STATUS_SUCCESS && perf.memory() <= limit) {
                        return new Choice(perf.algo(), perf.memory());
                    }
                }
            }
            perf.position(0);
            Cuda.checkCudnn(cudnnGetConvolutionBackwardFilterAlgorithm_v7(h, x, y, c, w, count, returned, perf),
                    "cudnnGetConvolutionBackwardFilterAlgorithm_v7");
            return firstFitting(returned[0], i -> perf.position(i).status(), i -> perf.position(i).memory(),
                    i -> perf.position(i).algo(), limit, "backward filter");
        }
    }

    private static Choice firstFitting(int returned, java.util.function.IntUnaryOperator status,
                                       java.util.function.IntToLongFunction memory, java.util.function.IntUnaryOperator algo,
                                       long limit, String pass) {
        for (int i = 0; i < returned; i++) {
            if (status.applyAsInt(i) == CUDNN_STATUS_SUCCESS && memory.applyAsLong(i) <= limit) {
                return new Choice(algo.applyAsInt(i), memory.applyAsLong(i));
            }
        }
        throw new CudaException("cuDNN has no " + pass + " convolution algorithm within " + (limit >> 20)
                + " MiB of workspace for this layer");
    }
}
