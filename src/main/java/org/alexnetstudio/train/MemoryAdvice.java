package org.alexnetstudio.train;

import org.alexnetstudio.model.NetworkAnalysis;
import org.alexnetstudio.model.NetworkSpec;

/**
 * What to change when a run does not fit in memory: a smaller batch, or a smaller input size that
 * this network's layers accept and that fits (never a size the network cannot take).
 */
public final class MemoryAdvice {

    private MemoryAdvice() {
    }

    /** The batch a run really uses: no larger than the bigger of its training and test sets. */
    public static int effectiveBatch(int batchSize, int trainSize, int testSize) {
        int data = Math.max(trainSize, testSize);
        return data > 0 ? Math.min(batchSize, data) : batchSize;
    }

    /** Why training is refused and what to change. */
    public static String refusal(MemoryEstimate estimate, NetworkAnalysis analysis, int batchSize, boolean momentum) {
        int largest = estimate.largestBatch(analysis, momentum);
        int size = largestFittingSize(analysis, batchSize, momentum, estimate.availableBytes());
        String advice;
        if (largest > 0 && size > 0) {
            advice = TrainMessages.format("memory.smallerBatchOrSize", largest, size, batchSize);
        } else if (largest > 0) {
            advice = TrainMessages.format("memory.smallerBatch", largest);
        } else if (size > 0) {
            advice = TrainMessages.format("memory.smallerSize", size, batchSize);
        } else {
            advice = TrainMessages.format("memory.smallerNetwork");
        }
        return TrainMessages.format("memory.refused", MemoryEstimate.mib(estimate.totalBytes()), batchSize,
                MemoryEstimate.mib(estimate.availableBytes()), MemoryEstimate.mib(estimate.parameterBytes()),
                MemoryEstimate.mib(estimate.activationBytes() + estimate.workspaceBytes())) + " " + advice;
    }

    /**
     * The largest square input smaller than the network's that its layers accept and that fits at
     * {@code batchSize}; 0 when there is none (or the input is not an image).
     */
    static int largestFittingSize(NetworkAnalysis analysis, int batchSize, boolean momentum, long available) {
        NetworkSpec spec = analysis.spec();
        if (!spec.input().isSpatial()) {
            return 0;
        }
        for (int size = Math.max(spec.input().height(), spec.input().width()) - 1; size >= 1; size--) {
            NetworkAnalysis smaller = spec.withResize(size).analyze();
            if (smaller.isValid() && estimate(smaller, batchSize, momentum, available).fits()) {
                return size;
            }
        }
        return 0;
    }

    /** As {@link MemoryEstimate#of(NetworkAnalysis, int, boolean)}, with a given amount available. */
    static MemoryEstimate estimate(NetworkAnalysis analysis, int batchSize, boolean momentum, long available) {
        return MemoryEstimate.of(analysis, batchSize, momentum, available);
    }
}
