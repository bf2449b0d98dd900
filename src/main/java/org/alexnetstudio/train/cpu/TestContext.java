package org.alexnetstudio.train.cpu;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** What a layer's test-mode forward works with for one batch size: parameters, running statistics, its buffers. */
final class TestContext {

    final int n;
    final DataType dtype;
    private final NetworkArrays arrays;
    private final TestBuffers buffers;

    TestContext(int n, NetworkArrays arrays, TestBuffers buffers) {
        this.n = n;
        this.dtype = arrays.dtype;
        this.arrays = arrays;
        this.buffers = buffers;
    }

    INDArray parameter(int layer, int i) {
        return arrays.array(arrays.layers().get(layer).parameters().get(i).variable());
    }

    INDArray own(int layer, String name, long... shape) {
        return NdOps.view(buffers.own(layer, name), shape);
    }

    INDArray shared(String name, long... shape) {
        return NdOps.view(buffers.shared(name), shape);
    }

    RunningStatistics running(int layer) {
        return arrays.runningStatistics(layer);
    }
}
