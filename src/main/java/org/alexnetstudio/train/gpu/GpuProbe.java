package org.alexnetstudio.train.gpu;

import static org.bytedeco.cuda.global.cudart.cuDeviceGetName;
import static org.bytedeco.cuda.global.cudart.cuDeviceTotalMem;
import static org.bytedeco.cuda.global.cudart.cudaDevAttrComputeCapabilityMajor;
import static org.bytedeco.cuda.global.cudart.cudaDevAttrComputeCapabilityMinor;
import static org.bytedeco.cuda.global.cudart.cudaDeviceGetAttribute;
import static org.bytedeco.cuda.global.cudart.cudaDriverGetVersion;
import static org.bytedeco.cuda.global.cudart.cudaGetDeviceCount;
import static org.bytedeco.cuda.global.cudart.cudaGetErrorName;
import static org.bytedeco.cuda.global.cudart.cudaRuntimeGetVersion;
import static org.bytedeco.cuda.global.cudart.cudaSetDevice;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.bytedeco.cuda.global.cublas;
import org.bytedeco.cuda.global.cudart;
import org.bytedeco.cuda.global.cudnn;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.SizeTPointer;

/**
 * Whether this machine can train on its GPU: the driver, the CUDA 13 runtime, a GPU of compute capability
 * 7.5 or newer, cuBLAS 13 and cuDNN 9, in that order; the first thing missing is the answer. Runs once per
 * process (a library that failed to load stays failed in a JVM). Never throws.
 */
final class GpuProbe {

    /** CUDA 13's first driver (580) reports 13000. */
    static final int MIN_DRIVER = 13000;
    static final int MIN_MAJOR = 7;
    static final int MIN_MINOR = 5;

    private static GpuStatus result;

    private GpuProbe() {
    }

    static synchronized GpuStatus status() {
        if (result == null) {
            result = probe();
        }
        return result;
    }

    private static GpuStatus probe() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (os.contains("mac") || os.contains("darwin")) {
            return GpuStatus.missing(GpuStatus.Missing.OS, System.getProperty("os.name"));
        }
        GpuLibraries.configure();
        try {
            Loader.load(cudart.class);
        } catch (Throwable e) {
            return GpuLibraries.classify(GpuStatus.Missing.RUNTIME, e);
        }
        try {
            int[] driver = {0};
            int[] runtime = {0};
            cudaDriverGetVersion(driver);
            cudaRuntimeGetVersion(runtime);
            if (driver[0] == 0) {
                return GpuStatus.missing(GpuStatus.Missing.DRIVER, "libcuda.so.1");
            }
            if (driver[0] < MIN_DRIVER) {
                return GpuStatus.missing(GpuStatus.Missing.DRIVER_OLD, GpuStatus.cudaVersion(driver[0]));
            }
            int[] count = {0};
            int status = cudaGetDeviceCount(count);
            if (status != 0 || count[0] < 1) {
                return GpuStatus.missing(GpuStatus.Missing.DEVICE, status != 0 ? cudaGetErrorName(status).getString() : "0");
            }
            Cuda.check(cudaSetDevice(0), "cudaSetDevice(0)");
            int[] major = {0};
            int[] minor = {0};
            cudaDeviceGetAttribute(major, cudaDevAttrComputeCapabilityMajor, 0);
            cudaDeviceGetAttribute(minor, cudaDevAttrComputeCapabilityMinor, 0);
            String name = deviceName();
            if (major[0] < MIN_MAJOR || (major[0] == MIN_MAJOR && minor[0] < MIN_MINOR)) {
                return GpuStatus.missing(GpuStatus.Missing.DEVICE_OLD, name + ", " + major[0] + "." + minor[0]);
            }
            long memory;
            try (SizeTPointer bytes = new SizeTPointer(1)) {
                cuDeviceTotalMem(bytes, 0);
                memory = bytes.get();
            }
            try {
                Loader.load(cublas.class);
            } catch (Throwable e) {
                return GpuLibraries.classify(GpuStatus.Missing.CUBLAS, e);
            }
            try {
                Loader.load(cudnn.class);
            } catch (Throwable e) {
                return GpuLibraries.classify(GpuStatus.Missing.CUDNN, e);
            }
            long cudnnVersion = cudnn.cudnnGetVersion();
            if (cudnnVersion < 90000) {
                return GpuStatus.missing(GpuStatus.Missing.CUDNN, GpuStatus.cudnnVersionText(cudnnVersion));
            }
            int cublasVersion = cublasVersion();
            return new GpuStatus(null, "", name, major[0], minor[0], memory, driver[0], runtime[0], cudnnVersion,
                    cublasVersion);
        } catch (Throwable e) {
            return GpuStatus.missing(GpuStatus.Missing.START, String.valueOf(e.getMessage()));
        }
    }

    private static String deviceName() {
        byte[] name = new byte[256];
        if (cuDeviceGetName(name, name.length, 0) != 0) {
            return "GPU 0";
        }
        int end = 0;
        while (end < name.length && name[end] != 0) {
            end++;
        }
        return new String(name, 0, end, StandardCharsets.UTF_8);
    }

    private static int cublasVersion() {
        int[] v = {0};
        cublas.cublasGetProperty(0, v); // MAJOR_VERSION
        int major = v[0];
        cublas.cublasGetProperty(1, v);
        int minor = v[0];
        return major * 100 + minor;
    }
}
