package org.alexnetstudio.train.gpu;

import static org.bytedeco.cuda.global.cudart.cudaFree;
import static org.bytedeco.cuda.global.cudart.cudaFreeHost;
import static org.bytedeco.cuda.global.cudart.cudaGetErrorName;
import static org.bytedeco.cuda.global.cudart.cudaGetErrorString;
import static org.bytedeco.cuda.global.cudart.cudaMalloc;
import static org.bytedeco.cuda.global.cudart.cudaMallocHost;

import org.bytedeco.cuda.global.cublas;
import org.bytedeco.cuda.global.cudnn;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;

/** Status checks of the three libraries and the allocations everything else uses. */
final class Cuda {

    private Cuda() {
    }

    /** A CUDA runtime status (0 is success). */
    static void check(int status, String call) {
        if (status != 0) {
            throw new CudaException(call + " failed: " + string(cudaGetErrorName(status)) + " ("
                    + string(cudaGetErrorString(status)) + ")");
        }
    }

    /** A CUDA driver API status (0 is success). */
    static void checkDriver(int status, String call) {
        if (status != 0) {
            throw new CudaException(call + " failed: CUDA driver error " + status);
        }
    }

    static void checkCudnn(int status, String call) {
        if (status != cudnn.CUDNN_STATUS_SUCCESS) {
            throw new CudaException(call + " failed: " + string(cudnn.cudnnGetErrorString(status)));
        }
    }

    static void checkCublas(int status, String call) {
        if (status != cublas.CUBLAS_STATUS_SUCCESS) {
            throw new CudaException(call + " failed: " + string(cublas.cublasGetStatusString(status)));
        }
    }

    private static String string(BytePointer p) {
        return p == null || p.isNull() ? "?" : p.getString();
    }

    /** {@code floats} float32 values on the device (uninitialised). */
    static FloatPointer deviceFloats(long floats) {
        FloatPointer p = new FloatPointer();
        check(cudaMalloc(p, Math.max(1, floats) * Float.BYTES), "cudaMalloc(" + floats * Float.BYTES + " bytes)");
        return p.capacity(floats).limit(floats);
    }

    /** Page-locked host memory (fast, asynchronous copies) for {@code floats} values. */
    static FloatPointer pinnedFloats(long floats) {
        FloatPointer p = new FloatPointer();
        check(cudaMallocHost(p, Math.max(1, floats) * Float.BYTES), "cudaMallocHost(" + floats * Float.BYTES + " bytes)");
        return p.capacity(floats).limit(floats);
    }

    static void free(Pointer device) {
        if (device != null && !device.isNull()) {
            cudaFree(device);
            device.setNull();
        }
    }

    static void freePinned(Pointer host) {
        if (host != null && !host.isNull()) {
            cudaFreeHost(host);
            host.setNull();
        }
    }

    /** A pointer {@code offset} floats into {@code base} (a view: nothing is allocated or freed). */
    static FloatPointer at(FloatPointer base, long offset) {
        FloatPointer p = new FloatPointer(base);
        p.position(base.position() + offset);
        return p;
    }
}
