package org.alexnetstudio.train.cpu;

import java.util.List;
import org.alexnetstudio.model.NetworkAnalysis;
import org.alexnetstudio.model.NetworkSpec;
import org.alexnetstudio.model.Shape;
import org.alexnetstudio.train.Backend;
import org.alexnetstudio.train.EngineBootstrap;
import org.alexnetstudio.train.EngineInfo;
import org.alexnetstudio.train.MemoryEstimate;
import org.alexnetstudio.train.MemoryUse;
import org.alexnetstudio.train.Network;
import org.bytedeco.javacpp.Pointer;

/** The CPU backend: ND4J's CPU natives (oneDNN), registered in META-INF/services. */
public final class CpuBackend implements Backend {

    @Override
    public String device() {
        return "cpu";
    }

    /** ND4J's start-up ({@link EngineBootstrap}: natives, threads, logging, the device choice). */
    @Override
    public EngineInfo awaitReady() {
        return EngineBootstrap.awaitReady();
    }

    @Override
    public Network build(NetworkSpec spec, long seed) {
        return CpuNetwork.build(spec, seed);
    }

    /**
     * Weights, gradients and the session's snapshot (with momentum: velocity and its snapshot); the
     * buffers of the training step's plan and of the test pass (at the training batch size); oneDNN's
     * reorders of the largest activation during a convolution, twice; the first conv's columns and host
     * copies. Invalid networks estimate their weights only.
     */
    @Override
    public MemoryUse memoryUse(NetworkAnalysis analysis, int batchSize, boolean momentum) {
        long params = analysis.weightBytes() * (momentum ? 5 : 3);
        if (!analysis.isValid()) {
            return new MemoryUse(params, 0, 0);
        }
        Shape out = analysis.output().orElseThrow();
        List<LayerOps> ops = LayerOpsFactory.forLayers(analysis.layers());
        BufferPlan plan = CpuNetwork.plan(analysis.layers(), ops, out.isSpatial() ? 0 : out.features());
        long width = 4; // float32
        long activations = (plan.trainingValues(batchSize, true) + plan.testValues(batchSize, true)) * width;
        long workspace = (2 * plan.largestActivation() * batchSize + plan.trainingValues(batchSize, false)
                + plan.testValues(batchSize, false) + plan.hostValues(batchSize)) * width;
        return new MemoryUse(params, activations, workspace);
    }

    /** The smallest of JavaCPP's off-heap limit, its physical-memory limit and the RAM free now. */
    @Override
    public long availableBytes() {
        long byBytes = Pointer.maxBytes() > 0 ? Pointer.maxBytes() - Pointer.totalBytes() : Long.MAX_VALUE;
        long byPhysical = Pointer.maxPhysicalBytes() > 0
                ? Pointer.maxPhysicalBytes() - Pointer.physicalBytes() : Long.MAX_VALUE;
        return Math.min(Math.min(byBytes, byPhysical), MemoryEstimate.freeRam());
    }
}
