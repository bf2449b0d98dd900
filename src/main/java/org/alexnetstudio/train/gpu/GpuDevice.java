package org.alexnetstudio.train.gpu;

import static org.bytedeco.cuda.global.cublas.CUBLAS_DEFAULT_MATH;
import static org.bytedeco.cuda.global.cublas.CUBLAS_TF32_TENSOR_OP_MATH;
import static org.bytedeco.cuda.global.cublas.cublasCreate_v2;
import static org.bytedeco.cuda.global.cublas.cublasSetMathMode;
import static org.bytedeco.cuda.global.cublas.cublasSetStream_v2;
import static org.bytedeco.cuda.global.cudart.cudaMemGetInfo;
import static org.bytedeco.cuda.global.cudart.cudaMemcpyAsync;
import static org.bytedeco.cuda.global.cudart.cudaMemcpyDeviceToDevice;
import static org.bytedeco.cuda.global.cudart.cudaMemcpyDeviceToHost;
import static org.bytedeco.cuda.global.cudart.cudaMemcpyHostToDevice;
import static org.bytedeco.cuda.global.cudart.cudaMemsetAsync;
import static org.bytedeco.cuda.global.cudart.cudaSetDevice;
import static org.bytedeco.cuda.global.cudart.cudaStreamCreateWithFlags;
import static org.bytedeco.cuda.global.cudart.cudaStreamNonBlocking;
import static org.bytedeco.cuda.global.cudart.cudaStreamSynchronize;
import static org.bytedeco.cuda.global.cudnn.cudnnCreate;
import static org.bytedeco.cuda.global.cudnn.cudnnSetStream;

import java.util.concurrent.locks.ReentrantLock;
import org.bytedeco.cuda.cublas.cublasContext;
import org.bytedeco.cuda.cudart.CUstream_st;
import org.bytedeco.cuda.cudnn.cudnnContext;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.SizeTPointer;

/**
 * The process's GPU (device 0): one stream that every copy, cuDNN and cuBLAS call and kernel runs on, the
 * library handles, the kernels, the cuDNN workspace and the algorithm choices. Handles are not thread-safe,
 * so every network on this device runs its work under {@link #lock}: a window thread asking for
 * predictions while a run trains waits at most one step.
 */
final class GpuDevice {

    /** {@code -Dalexnet.gpu.tf32=true}: TF32 in convolutions and matrix products (faster, ~1e-3 relative). */
    static final String TF32_PROPERTY = "alexnet.gpu.tf32";

    private static GpuDevice instance;

    final GpuStatus status;
    final CUstream_st stream = new CUstream_st();
    final cudnnContext cudnn = new cudnnContext();
    final cublasContext cublas = new cublasContext();
    final Kernels kernels;
    final ConvAlgorithms algorithms = new ConvAlgorithms();
    final boolean tf32;
    final ReentrantLock lock = new ReentrantLock();
    /** Host scalars 1 and 0 for cuDNN's alpha/beta and cuBLAS's. */
    final FloatPointer one = new FloatPointer(1f);
    final FloatPointer zero = new FloatPointer(0f);
    private FloatPointer workspace;
    private long workspaceBytes;
    /** Free memory when the peak was last reset (−1: never), and the least seen since. */
    private volatile long baselineFree = -1;
    private volatile long lowestFree;

    private GpuDevice(GpuStatus status, boolean tf32) {
        this.status = status;
        this.tf32 = tf32;
        current();
        Cuda.check(cudaStreamCreateWithFlags(stream, cudaStreamNonBlocking), "cudaStreamCreateWithFlags");
        Cuda.checkCudnn(cudnnCreate(cudnn), "cudnnCreate");
        Cuda.checkCudnn(cudnnSetStream(cudnn, stream), "cudnnSetStream");
        Cuda.checkCublas(cublasCreate_v2(cublas), "cublasCreate");
        Cuda.checkCublas(cublasSetStream_v2(cublas, stream), "cublasSetStream");
        Cuda.checkCublas(cublasSetMathMode(cublas, tf32 ? CUBLAS_TF32_TENSOR_OP_MATH : CUBLAS_DEFAULT_MATH),
                "cublasSetMathMode");
        kernels = new Kernels(stream);
    }

    /** The device, started on first use; the probe must have found it usable. */
    static synchronized GpuDevice get() {
        if (instance == null) {
            GpuStatus s = GpuProbe.status();
            if (!s.usable()) {
                throw new IllegalStateException(s.reason());
            }
            instance = new GpuDevice(s, Boolean.getBoolean(TF32_PROPERTY));
        }
        return instance;
    }

    /** Makes device 0's primary context current on the calling thread (every entry point calls this). */
    static void current() {
        Cuda.check(cudaSetDevice(0), "cudaSetDevice(0)");
    }

    /** A workspace of at least {@code bytes} for cuDNN (grows, never shrinks; the old one is freed after a sync). */
    FloatPointer workspace(long bytes) {
        if (bytes > workspaceBytes) {
            sync();
            Cuda.free(workspace);
            workspace = Cuda.deviceFloats((bytes + Float.BYTES - 1) / Float.BYTES);
            workspaceBytes = bytes;
        }
        return workspace;
    }

    FloatPointer workspace() {
        return workspace;
    }

    long workspaceBytes() {
        return workspaceBytes;
    }

    void sync() {
        Cuda.check(cudaStreamSynchronize(stream), "cudaStreamSynchronize");
    }

    /** Free device memory now. */
    long freeBytes() {
        try (SizeTPointer free = new SizeTPointer(1); SizeTPointer total = new SizeTPointer(1)) {
            Cuda.check(cudaMemGetInfo(free, total), "cudaMemGetInfo");
            return free.get();
        }
    }

    /** The peak counts from now: what is free now is the baseline. */
    void resetPeak() {
        current();
        long free = freeBytes();
        lowestFree = free;
        baselineFree = free;
    }

    /** After a step: the least free memory so far. */
    void samplePeak() {
        if (baselineFree >= 0) {
            lowestFree = Math.min(lowestFree, freeBytes());
        }
    }

    /** Memory taken at most since {@link #resetPeak()}, or −1 before any reset. */
    long peakTaken() {
        long base = baselineFree;
        return base < 0 ? -1 : Math.max(0, base - lowestFree);
    }

    /** Whether the device was started in this process (nothing is probed or started by asking). */
    static synchronized GpuDevice started() {
        return instance;
    }

    /** Host → device, {@code floats} values, ordered on the stream (the host memory must stay until a sync). */
    void upload(FloatPointer device, FloatPointer host, long floats) {
        Cuda.check(cudaMemcpyAsync(device, host, floats * Float.BYTES, cudaMemcpyHostToDevice, stream), "cudaMemcpyAsync H2D");
    }

    void download(FloatPointer host, FloatPointer device, long floats) {
        Cuda.check(cudaMemcpyAsync(host, device, floats * Float.BYTES, cudaMemcpyDeviceToHost, stream), "cudaMemcpyAsync D2H");
    }

    void copy(FloatPointer to, FloatPointer from, long floats) {
        Cuda.check(cudaMemcpyAsync(to, from, floats * Float.BYTES, cudaMemcpyDeviceToDevice, stream), "cudaMemcpyAsync D2D");
    }

    void zero(FloatPointer device, long floats) {
        Cuda.check(cudaMemsetAsync(device, 0, floats * Float.BYTES, stream), "cudaMemsetAsync");
    }

    /** Host floats onto the device through a temporary pinned buffer, synchronously. */
    void put(FloatPointer device, float[] values, int from, int count) {
        try (FloatPointer host = new FloatPointer(count)) {
            host.put(values, from, count);
            upload(device, host, count);
            sync();
        }
    }

    /** Device floats into a new host array, synchronously. */
    float[] get(FloatPointer device, long floats) {
        float[] out = new float[Math.toIntExact(floats)];
        try (FloatPointer host = new FloatPointer(floats)) {
            download(host, device, floats);
            sync();
            host.get(out);
        }
        return out;
    }
}
