package org.alexnetstudio.train;

import java.lang.management.ManagementFactory;

/**
 * Settings that must be in place before the first native library or logger starts, whichever backend
 * loads first (the GPU's probe runs before ND4J in automatic mode): SLF4J's levels are read once when it
 * starts, JavaCPP's memory limits when its Pointer class loads. JDK only; applied once. (ND4J's own
 * settings, such as OpenMP's wait policy, stay in {@link EngineBootstrap#configureDefaults}.)
 */
public final class NativeDefaults {

    private static boolean applied;

    private NativeDefaults() {
    }

    /**
     * Logging at WARN unless the user chose a level; off-heap memory bounded by the machine rather
     * than the heap size (JavaCPP's default ties it to -Xmx), unless set explicitly. Must run before
     * the first ND4J or JavaCPP class loads.
     */
    public static synchronized void apply() {
        if (applied) {
            return;
        }
        applied = true;
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        // ND4J warns about its own op tables and op properties on every start: not the user's business.
        for (String logger : new String[]{"org.nd4j.imports.converters.ImportClassMapping",
            "org.nd4j.autodiff.functions.DifferentialFunction"}) {
            String key = "org.slf4j.simpleLogger.log." + logger;
            if (System.getProperty(key) == null) {
                System.setProperty(key, "error");
            }
        }
        // JavaCPP's own messages through SLF4J at ERROR: its one warning here ("Versions of
        // org.bytedeco:javacpp:1.5.13 and org.bytedeco:openblas:0.3.19-1.5.7 do not match") is expected
        // (docs/decisions/0007) and says nothing a student can act on.
        if (System.getProperty("org.bytedeco.javacpp.logger") == null && slf4jPresent()) {
            System.setProperty("org.bytedeco.javacpp.logger", "slf4j");
        }
        if (System.getProperty("org.slf4j.simpleLogger.log.org.bytedeco.javacpp.Loader") == null) {
            System.setProperty("org.slf4j.simpleLogger.log.org.bytedeco.javacpp.Loader", "error");
        }
        long ram = totalRam();
        if (ram > 0 && System.getProperty("org.bytedeco.javacpp.maxbytes") == null
                && System.getProperty("org.bytedeco.javacpp.maxBytes") == null) {
            long heap = Runtime.getRuntime().maxMemory();
            long offHeap = Math.max(heap, (long) (ram * 0.75) - heap);
            System.setProperty("org.bytedeco.javacpp.maxbytes", Long.toString(offHeap));
        }
        if (ram > 0 && System.getProperty("org.bytedeco.javacpp.maxphysicalbytes") == null
                && System.getProperty("org.bytedeco.javacpp.maxPhysicalBytes") == null) {
            System.setProperty("org.bytedeco.javacpp.maxphysicalbytes", Long.toString((long) (ram * 0.9)));
        }
    }

    static long totalRam() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getTotalMemorySize();
        }
        return 0;
    }

    /** JavaCPP's SLF4J logger fails to load without SLF4J on the class path. */
    private static boolean slf4jPresent() {
        try {
            Class.forName("org.slf4j.LoggerFactory", false, NativeDefaults.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
