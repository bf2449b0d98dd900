package org.alexnetstudio.train;

import java.util.Locale;

/**
 * Where the student asks ND4J to train. ND4J picks its backend once per process, when it first
 * loads, so a choice applies from the next start (see {@link EngineBootstrap#chooseDevice}).
 */
public enum DeviceChoice {
    /** ND4J's own order: the CUDA backend when it is on the classpath and finds a GPU, else the CPU. */
    AUTO,
    /** The CPU backend even when a GPU is present (the CUDA backend is hidden from ND4J). */
    CPU,
    /** The GPU; without a usable one ND4J still falls back to the CPU, and the app says so. */
    GPU;

    /** {@code cpu}, {@code gpu} or {@code auto} (any case), as the CLI and the preferences store them. */
    public static DeviceChoice parse(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        for (DeviceChoice c : values()) {
            if (c.id().equals(t)) {
                return c;
            }
        }
        throw new IllegalArgumentException(TrainMessages.format("device.unknown", text));
    }

    /** The lower-case name the CLI and the preferences use. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
