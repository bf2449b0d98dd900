package org.alexnetstudio.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.alexnetstudio.model.NetworkAnalysis;

/**
 * Memory a training run needs, estimated before anything is allocated, so that an impossible
 * setting is refused with advice instead of crashing the JVM. The backend counts it
 * ({@link Backend#memoryUse}: the CPU's from the buffer plan its training step allocates).
 *
 * @param parameterBytes   weights + gradients + momentum buffers + the last-good-epoch copy
 * @param activationBytes  the training step's and the test pass's buffers that grow with the batch
 * @param workspaceBytes   what the libraries allocate inside the ops (convolution reorders) and
 *                         buffers of a fixed size
 * @param availableBytes   what the backend may still allocate (its limits and free RAM)
 */
public record MemoryEstimate(long parameterBytes, long activationBytes, long workspaceBytes, long availableBytes) {

    /**
     * The buffers ×1.2 plus 512 MiB for the JVM, the natives and allocator slack: calibrated against
     * peak RSS measured by {@code bench} on the CPU backend (docs/performance.md).
     */
    public long totalBytes() {
        return (long) (1.2 * (parameterBytes + activationBytes + workspaceBytes)) + OVERHEAD;
    }

    static final long OVERHEAD = 512L << 20;

    public boolean fits() {
        return totalBytes() <= availableBytes;
    }

    /** For this process's backend, against what it may allocate now. */
    public static MemoryEstimate of(NetworkAnalysis analysis, int batchSize, boolean momentum) {
        return of(analysis, batchSize, momentum, Networks.backend().availableBytes());
    }

    /** For this process's backend, against {@code available} bytes. */
    public static MemoryEstimate of(NetworkAnalysis analysis, int batchSize, boolean momentum, long available) {
        MemoryUse use = Networks.backend().memoryUse(analysis, batchSize, momentum);
        return new MemoryEstimate(use.parameterBytes(), use.activationBytes(), use.workspaceBytes(), available);
    }

    /** MemAvailable of /proc/meminfo (Linux), else no limit known. */
    public static long freeRam() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemAvailable:")) {
                    return Long.parseLong(line.replaceAll("\\D+", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: rely on JavaCPP's limits
        }
        return Long.MAX_VALUE;
    }

    /** The largest batch size that fits (0 if not even one example does). */
    public int largestBatch(NetworkAnalysis analysis, boolean momentum) {
        int lo = 0;
        int hi = 1 << 16;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            MemoryEstimate e = of(analysis, mid, momentum, availableBytes);
            if (e.fits()) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }


    static long mib(long bytes) {
        return bytes / (1024 * 1024);
    }
}
