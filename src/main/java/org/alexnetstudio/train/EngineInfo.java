package org.alexnetstudio.train;

/**
 * What the training engine started on.
 *
 * @param backend      {@code CPU} (ND4J's CPU natives) or {@code CUDA} (cuDNN and cuBLAS)
 * @param device       as the book prints it: {@code cpu} or {@code cuda:0}
 * @param deviceName   a readable name: the GPU's model, or the CPU core count
 * @param natives      native libraries in use, e.g. {@code ONEDNN, OPENBLAS} or cuDNN's and cuBLAS's versions
 * @param threads      threads the CPU engine computes with
 * @param fellBack     true when the GPU was wanted (automatic or asked for) and training runs on the CPU
 * @param startMillis  how long starting took
 * @param requested    the device the student chose for this process
 * @param gpuNote      why the GPU is not used (one sentence: what is missing and how to get it), or empty
 */
public record EngineInfo(String backend, String device, String deviceName, String natives, int threads,
                         boolean fellBack, long startMillis, DeviceChoice requested, String gpuNote) {

    public EngineInfo {
        gpuNote = gpuNote == null ? "" : gpuNote;
    }

    public EngineInfo(String backend, String device, String deviceName, String natives, int threads,
                      boolean fellBack, long startMillis, DeviceChoice requested) {
        this(backend, device, deviceName, natives, threads, fellBack, startMillis, requested, "");
    }

    /** Started without a device choice ({@link DeviceChoice#AUTO}). */
    public EngineInfo(String backend, String device, String deviceName, String natives, int threads,
                      boolean fellBack, long startMillis) {
        this(backend, device, deviceName, natives, threads, fellBack, startMillis, DeviceChoice.AUTO, "");
    }

    /** This engine as started for a choice; {@code whyNoGpu} non-null when the GPU was wanted and is not used. */
    public EngineInfo chosen(DeviceChoice choice, String whyNoGpu) {
        return new EngineInfo(backend, device, deviceName, natives, threads, whyNoGpu != null, startMillis, choice,
                whyNoGpu);
    }

    /** True when the GPU was asked for and training runs on the CPU anyway. */
    public boolean gpuMissing() {
        return requested == DeviceChoice.GPU && !isGpu();
    }

    /** The one log line: backend and device. */
    public String summary() {
        String engine = isGpu() ? "cuDNN/cuBLAS GPU backend on " + device + " (" + deviceName + ", " + natives + ")"
                : "ND4J " + backend + " backend on " + device + " (" + deviceName + ", " + natives + ", "
                + threads + " threads)";
        return engine + (fellBack ? "; no usable GPU" : "")
                + (requested == DeviceChoice.CPU ? "; CPU chosen" : "");
    }

    /** Why training is on the CPU although a GPU was wanted (for {@link #fellBack()}), in one sentence. */
    public String gpuMissingMessage() {
        String why = gpuNote.isEmpty() ? TrainMessages.format("device.gpuNotFound") : gpuNote;
        return TrainMessages.format(requested == DeviceChoice.GPU ? "device.gpuMissing" : "device.fellBack", why);
    }

    public boolean isGpu() {
        return device.startsWith("cuda");
    }
}
