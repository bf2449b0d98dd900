package org.alexnetstudio.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.alexnetstudio.model.AvgPool2d;
import org.alexnetstudio.model.BatchNorm2d;
import org.alexnetstudio.model.Conv2d;
import org.alexnetstudio.model.Dropout;
import org.alexnetstudio.model.Flatten;
import org.alexnetstudio.model.LayerReport;
import org.alexnetstudio.model.LayerSpec;
import org.alexnetstudio.model.ReLU;
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
 * @param direct           estimated for the direct training step ({@code DirectStep}), else for the graph
 */
public record MemoryEstimate(long parameterBytes, long activationBytes, long workspaceBytes, long availableBytes,
                             boolean direct) {

    /**
     * Graph: calibrated against peak RSS of {@code bench} (AlexNet 224/128: 6.3 GB measured, 4.6 GB
     * counted; 68/128: 2.2 vs 0.7; alexnet-mini 32/128: ~3 vs 0.9): SameDiff keeps more temporaries
     * than the layer outputs and caches freed arrays, hence ×1.5 plus 512 MiB. Direct step: its buffers
     * are what it counts, ×1.2 plus 512 MiB (AlexNet 224/128: 1.72 GiB measured by {@code bench},
     * 2.2 GiB estimated, the training session's weight snapshot included; alexnet-mini 28/128: 0.40
     * vs 0.58 GiB).
     */
    public long totalBytes() {
        double factor = direct ? 1.2 : 1.5;
        return (long) (factor * (parameterBytes + activationBytes + workspaceBytes)) + OVERHEAD;
    }

    static final long OVERHEAD = 512L << 20;

    public boolean fits() {
        return totalBytes() <= availableBytes;
    }

    /** For the engine that will train this network: the direct step when it covers it, else the graph. */
    public static MemoryEstimate of(NetworkAnalysis analysis, int batchSize, boolean momentum) {
        return DirectStep.wouldTrain(analysis) ? direct(analysis, batchSize, momentum, available())
                : of(analysis, batchSize, momentum, available());
    }

    /**
     * The direct step's memory: weights, gradients and the session's snapshot (with momentum: velocity
     * and its snapshot); every activation buffer it allocates (ReLU shares its input's, so does Flatten
     * of features, while Flatten of feature maps copies them into C, H, W order; dropout masks; the
     * centred copy of each batch norm's input; padded average-pooling inputs) and
     * its two gradient buffers (counted as the largest activation twice) and the test pass's two
     * activation buffers (twice more: the test batch is the training batch); oneDNN's reorders of the
     * largest activation during a convolution, twice.
     */
    static MemoryEstimate direct(NetworkAnalysis analysis, int batchSize, boolean momentum, long available) {
        long weights = analysis.weightBytes();
        long params = weights * (momentum ? 5 : 3);
        long perExample = analysis.spec().input().elements() * 4;
        long largest = perExample;
        long firstConvColumns = 0;
        boolean trainedSeen = false;
        for (LayerReport r : analysis.layers()) {
            LayerSpec layer = r.layer();
            if (!trainedSeen && r.parameters() > 0) {
                trainedSeen = true;
                if (layer instanceof Conv2d c && r.output() != null && r.input() != null) {
                    // its im2col columns (native and host copies, ≤ DirectStep.im2colChunkValues) and a host
                    // copy of its input
                    long columns = Math.min(DirectStep.im2colChunkValues, (long) batchSize * r.output().height()
                            * r.output().width() * r.input().channels() * c.kernelH() * c.kernelW());
                    firstConvColumns = 2 * columns * 4 + (long) batchSize * r.input().elements() * 4;
                }
            }
            long in = r.input() == null ? 0 : r.input().elements() * 4;
            boolean sharesInput = layer instanceof ReLU
                    || layer instanceof Flatten && r.input() != null && !r.input().isSpatial();
            if (!sharesInput) {
                perExample += r.activationBytes();
            }
            if (layer instanceof Dropout d && d.p() != 0) {
                perExample += in;
            }
            if (layer instanceof BatchNorm2d) {
                perExample += in;
            }
            if (layer instanceof AvgPool2d p && (p.paddingH() > 0 || p.paddingW() > 0) && r.input() != null) {
                perExample += 2L * r.input().channels() * (r.input().height() + 2L * p.paddingH())
                        * (r.input().width() + 2L * p.paddingW()) * 4;
            }
            largest = Math.max(largest, r.activationBytes());
        }
        // + 2 gradient buffers; + the test pass's 2 alternating activation buffers (same batch size)
        long activations = (perExample + 4 * largest) * batchSize;
        long workspace = 2 * largest * batchSize + firstConvColumns;
        return new MemoryEstimate(params, activations, workspace, available, true);
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
        return new MemoryEstimate(params, activations, workspace, available, false);
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
            MemoryEstimate e = direct ? direct(analysis, mid, momentum, availableBytes)
                    : of(analysis, mid, momentum, availableBytes);
            if (e.fits()) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    /** Why training is refused and what to change (see {@link MemoryAdvice}). */
    public String refusal(NetworkAnalysis analysis, int batchSize, boolean momentum) {
        return MemoryAdvice.refusal(this, analysis, batchSize, momentum);
    }

    static long mib(long bytes) {
        return bytes / (1024 * 1024);
    }
}
