package org.alexnetstudio.train;

/**
 * What ND4J started on.
 *
 * @param backend      ND4J's backend, e.g. {@code CPU} or {@code CUDA}
 * @param device       as the book prints it: {@code cpu} or {@code cuda:0}
 * @param deviceName   a readable name: the GPU's model, or the CPU core count
 * @param natives      native features in use, e.g. {@code ONEDNN, OPENBLAS}
 * @param threads      threads ND4J computes with
 * @param fellBack     true when CUDA natives were present but no usable GPU was found
 * @param startMillis  how long starting took
 * @param requested    the device the student chose for this process
 */
public record EngineInfo(String backend, String device, String deviceName, String natives, int threads,
                         boolean fellBack, long startMillis, DeviceChoice requested) {

    /** Started with ND4J's own choice ({@link DeviceChoice#AUTO}). */
    public EngineInfo(String backend, String device, String deviceName, String natives, int threads,
                      boolean fellBack, long startMillis) {
        this(backend, device, deviceName, natives, threads, fellBack, startMillis, DeviceChoice.AUTO);
    }

    /** True when the GPU was asked for and training runs on the CPU anyway. */
    public boolean gpuMissing() {
        return requested == DeviceChoice.GPU && !isGpu();
    }

    /** The one log line: backend and device. */
    public String summary() {
        return "ND4J " + backend + " backend on " + device + " (" + deviceName + ", " + natives + ", "
                + threads + " threads)" + (fellBack ? "; no usable GPU, fell back to the CPU" : "")
                + (requested == DeviceChoice.CPU ? "; CPU chosen" : "");
    }

    /** Why training is on the CPU although the GPU was asked for (for {@link #gpuMissing()}). */
    public String gpuMissingMessage() {
        return TrainMessages.format("device.gpuMissing",
                TrainMessages.format(fellBack ? "device.gpuNotFound" : "device.gpuNotInBuild"));
    }

    public boolean isGpu() {
        return device.startsWith("cuda");
    }
}
