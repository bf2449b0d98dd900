package org.alexnetstudio.train.gpu;

import java.util.Locale;
import org.alexnetstudio.train.TrainMessages;

/**
 * What the probe found: a usable GPU with its libraries, or why there is none. A missing piece is one
 * of {@link Missing}, with a detail (a library's file name, a version) for the sentence the student reads.
 *
 * @param missing  null when the GPU can train
 * @param detail   the library or version the sentence names
 */
record GpuStatus(Missing missing, String detail, String deviceName, int computeMajor, int computeMinor,
                 long memoryBytes, int driverVersion, int runtimeVersion, long cudnnVersion, int cublasVersion) {

    /** What can stop the GPU backend, in the order the probe checks. */
    enum Missing {
        /** NVIDIA ships no CUDA for this operating system (macOS). */
        OS,
        /** This build has no CUDA bindings for this system (the JNI wrappers' jar). */
        BINDINGS,
        /** No NVIDIA driver (libcuda.so.1 / nvcuda.dll). */
        DRIVER,
        /** A driver older than CUDA 13's (580). */
        DRIVER_OLD,
        /** The CUDA 13 runtime library. */
        RUNTIME,
        /** No GPU the driver can use. */
        DEVICE,
        /** A GPU older than CUDA 13 supports (compute capability below 7.5). */
        DEVICE_OLD,
        /** cuBLAS 13. */
        CUBLAS,
        /** cuDNN 9. */
        CUDNN,
        /** The libraries loaded but the GPU could not be started (handles, kernels). */
        START
    }

    static GpuStatus missing(Missing what, String detail) {
        return new GpuStatus(what, detail == null ? "" : detail, "", 0, 0, 0, 0, 0, 0, 0);
    }

    boolean usable() {
        return missing == null;
    }

    /** "CUDA 13.0" from 13000. */
    static String cudaVersion(int v) {
        return (v / 1000) + "." + (v % 1000) / 10;
    }

    /** The GPU's line in the log: name, compute capability, memory, library versions. */
    String summary() {
        return String.format(Locale.ROOT, "%s (compute %d.%d, %.1f GiB), driver for CUDA %s, runtime %s, cuDNN %s, cuBLAS %s",
                deviceName, computeMajor, computeMinor, memoryBytes / (double) (1L << 30), cudaVersion(driverVersion),
                cudaVersion(runtimeVersion), cudnnVersionText(cudnnVersion), cublasVersion);
    }

    /** cuDNN 9 numbers its versions major·10000 + minor·100 + patch. */
    static String cudnnVersionText(long v) {
        return v >= 90000 ? (v / 10000) + "." + (v % 10000) / 100 + "." + v % 100 : Long.toString(v);
    }

    /**
     * The one sentence that says what is missing and how to get it (in the student's language); empty
     * when the GPU is usable.
     */
    String reason() {
        if (missing == null) {
            return "";
        }
        String what = TrainMessages.format("gpu.missing." + missing.name().toLowerCase(Locale.ROOT), detail);
        String how = switch (missing) {
            case OS, DEVICE, DEVICE_OLD, START -> "";
            case BINDINGS -> TrainMessages.format("gpu.how.bindings");
            case DRIVER, DRIVER_OLD -> TrainMessages.format("gpu.how.driver");
            case RUNTIME, CUBLAS, CUDNN -> TrainMessages.format("gpu.how.libraries", GpuLibraries.PATH_VARIABLE,
                    GpuLibraries.PATH_PROPERTY);
        };
        return how.isEmpty() ? what : what + TrainMessages.format("gpu.how.join") + how;
    }
}
