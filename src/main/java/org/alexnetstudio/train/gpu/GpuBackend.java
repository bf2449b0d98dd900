package org.alexnetstudio.train.gpu;

import java.util.List;
import org.alexnetstudio.model.LayerReport;
import org.alexnetstudio.model.NetworkAnalysis;
import org.alexnetstudio.model.NetworkSpec;
import org.alexnetstudio.train.Backend;
import org.alexnetstudio.train.EngineInfo;
import org.alexnetstudio.train.MemoryUse;
import org.alexnetstudio.train.Network;
import org.alexnetstudio.train.NetworkBuildException;

/**
 * The GPU backend: cuDNN 9, cuBLAS and the CUDA 13 runtime of the system (NVIDIA's packages or Python
 * wheels) through JavaCPP's bindings; registered in META-INF/services. It never loads ND4J. Without a
 * usable GPU, {@link #unavailable()} says in one sentence what is missing and how to get it.
 */
public final class GpuBackend implements Backend {

    @Override
    public String device() {
        return "cuda:0";
    }

    @Override
    public boolean isGpu() {
        return true;
    }

    /** Probes once per process (loads the CUDA libraries; about a second, never on the JavaFX thread). */
    @Override
    public String unavailable() {
        GpuStatus s = GpuProbe.status();
        return s.usable() ? null : s.reason();
    }

    @Override
    public EngineInfo awaitReady() {
        long t0 = System.nanoTime();
        String why = unavailable();
        if (why != null) {
            throw new IllegalStateException(why);
        }
        GpuDevice d = GpuDevice.get();
        long ms = (System.nanoTime() - t0) / 1_000_000;
        GpuStatus s = d.status;
        String natives = "cuDNN " + GpuStatus.cudnnVersionText(s.cudnnVersion()) + ", cuBLAS " + s.cublasVersion()
                + ", CUDA " + GpuStatus.cudaVersion(s.runtimeVersion()) + " (driver " + GpuStatus.cudaVersion(s.driverVersion())
                + "), " + (d.tf32 ? "TF32 on" : "TF32 off");
        return new EngineInfo("CUDA", device(), s.deviceName() + " (compute " + s.computeMajor() + "." + s.computeMinor()
                + ")", natives, 1, false, ms);
    }

    @Override
    public Network build(NetworkSpec spec, long seed) {
        String why = unavailable();
        if (why != null) {
            throw new NetworkBuildException(why);
        }
        return GpuNetwork.build(spec, seed);
    }

    /**
     * Weights, gradients and (with momentum) the momentum array on the device; the training plan's and the
     * test plan's buffers at this batch size; cuDNN's workspace, estimated (its size is known only after
     * the algorithm search) as 128 MiB plus the largest activation of the batch. The session's
     * last-good-epoch copy is on the host and not counted here.
     */
    @Override
    public MemoryUse memoryUse(NetworkAnalysis analysis, int batchSize, boolean momentum) {
        long params = analysis.weightBytes() * (momentum ? 3 : 2);
        if (!analysis.isValid()) {
            return new MemoryUse(params, 0, 0);
        }
        List<LayerReport> reports = analysis.layers();
        List<GpuLayer> layers = GpuLayerFactory.forLayers(reports);
        PlanLayout train = GpuNetwork.planLayout(layers, reports, Mode.TRAIN, batchSize);
        PlanLayout test = GpuNetwork.planLayout(layers, reports, Mode.TEST, batchSize);
        long workspace = (128L << 20) + train.largest * batchSize * Float.BYTES;
        return new MemoryUse(params, train.bytes() + test.bytes(), workspace);
    }

    /**
     * Free device memory (0 without a usable GPU). Without the device's lock: cudaMemGetInfo needs no
     * handle, and the window asks while a run trains.
     */
    @Override
    public long availableBytes() {
        if (unavailable() != null) {
            return 0;
        }
        GpuDevice d = GpuDevice.get();
        GpuDevice.current();
        return d.freeBytes();
    }

    @Override
    public void resetPeakMemory() {
        GpuDevice d = GpuDevice.started();
        if (d != null) {
            d.resetPeak();
        }
    }

    /** The least free device memory after a step, against what was free at the reset. */
    @Override
    public java.util.OptionalLong peakMemory() {
        GpuDevice d = GpuDevice.started();
        long taken = d == null ? -1 : d.peakTaken();
        return taken < 0 ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(taken);
    }
}
