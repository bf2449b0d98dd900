package org.alexnetstudio.train;

import java.util.Locale;

/** Where the student asks to train ({@link Networks#choose}); applies from the next run. */
public enum DeviceChoice {
    /** The GPU when a usable one is found, else the CPU (and the app says what the GPU lacks). */
    AUTO,
    /** The CPU even when a GPU is present. */
    CPU,
    /** The GPU; without a usable one the CLI refuses and the window trains on the CPU, saying why. */
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
