package org.alexnetstudio.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.alexnetstudio.model.Conv2d;
import org.alexnetstudio.model.LayerReport;
import org.alexnetstudio.model.NetworkAnalysis;
import org.bytedeco.javacpp.Pointer;

/**
 * Memory a training run needs, estimated before anything is allocated, so that an impossible
 * setting is refused with advice instead of crashing the JVM.
 *
 * @param parameterBytes   weights + gradients + momentum buffers + the last-good-epoch copy
 * @param activationBytes  every layer's output for the batch (and the intermediates of batch norm,
 *                         LRN and dropout), ×3 for the backward pass
 * @param workspaceBytes   the largest convolution's unfolded input (im2col) in both directions
 * @param availableBytes   what ND4J may still allocate (JavaCPP's limits and free RAM)
 */
public record MemoryEstimate(long parameterBytes, long activationBytes, long workspaceBytes, long availableBytes) {

    /**
     * Calibrated against peak RSS of {@code bench} (AlexNet 224/128: 6.3 GB measured, 4.6 GB counted;
     * 68/128: 2.2 vs 0.7; alexnet-mini 32/128: ~3 vs 0.9): SameDiff keeps more temporaries than the
     * layer outputs and caches freed arrays, hence ×1.5 plus 512 MiB.
     */
    public long totalBytes() {
        return (long) (1.5 * (parameterBytes + activationBytes + workspaceBytes)) + OVERHEAD;
    }

    static final long OVERHEAD = 512L << 20;

    public boolean fits() {
        return totalBytes() <= availableBytes;
    }

    public static MemoryEstimate of(NetworkAnalysis analysis, int batchSize, boolean momentum) {
        return of(analysis, batchSize, momentum, available());
    }

    static MemoryEstimate of(NetworkAnalysis analysis, int batchSize, boolean momentum, long available) {
        long weights = analysis.weightBytes();
        // weights, gradients, update temporaries, snapshot; momentum adds a buffer and its snapshot
        long params = weights * (momentum ? 6 : 4);
        long perExample = analysis.spec().input().elements() * 4;
        for (LayerReport r : analysis.layers()) {
            perExample += r.activationBytes() * intermediates(r.layer());
        }
        long activations = perExample * batchSize * 3;
        long workspace = 0;
        for (LayerReport r : analysis.layers()) {
            if (r.layer() instanceof Conv2d c && r.known()) {
                long cols = (long) r.input().channels() * c.kernelH() * c.kernelW()
                        * r.output().height() * r.output().width() * 4;
                workspace = Math.max(workspace, cols * batchSize * 2);
            }
        }
        return new MemoryEstimate(params, activations, workspace, available);
    }

    /** Tensors of the layer's output size that the graph keeps: batch norm and LRN are built from several ops. */
    static int intermediates(org.alexnetstudio.model.LayerSpec layer) {
        if (layer instanceof org.alexnetstudio.model.BatchNorm2d) {
            return 6;
        }
        if (layer instanceof org.alexnetstudio.model.LocalResponseNorm) {
            return 6;
        }
        if (layer instanceof org.alexnetstudio.model.Dropout) {
            return 2; // mask and output
        }
        return 1;
    }

    /** The smallest of JavaCPP's off-heap limit, its physical-memory limit and the RAM free now. */
    static long available() {
        long byBytes = Pointer.maxBytes() > 0 ? Pointer.maxBytes() - Pointer.totalBytes() : Long.MAX_VALUE;
        long byPhysical = Pointer.maxPhysicalBytes() > 0
                ? Pointer.maxPhysicalBytes() - Pointer.physicalBytes() : Long.MAX_VALUE;
        return Math.min(Math.min(byBytes, byPhysical), freeRam());
    }

    /** MemAvailable of /proc/meminfo (Linux), else no limit known. */
    static long freeRam() {
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
            if (of(analysis, mid, momentum, availableBytes).fits()) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    /** Why training is refused and what to change. */
    public String refusal(NetworkAnalysis analysis, int batchSize, boolean momentum) {
        int largest = largestBatch(analysis, momentum);
        String advice = largest > 0
                ? TrainMessages.format("memory.smallerBatch", largest)
                : TrainMessages.format("memory.smallerNetwork");
        return TrainMessages.format("memory.refused", mib(totalBytes()), batchSize, mib(availableBytes),
                mib(parameterBytes), mib(activationBytes + workspaceBytes)) + " " + advice;
    }

    static long mib(long bytes) {
        return bytes / (1024 * 1024);
    }
}
