package org.alexnetstudio.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Starts ND4J (the CPU backend's natives) off the caller's thread: loading the natives takes seconds
 * (JavaCPP unpacks them into {@code ~/.javacpp/cache} the first time;
 * {@code -Dorg.bytedeco.javacpp.cachedir} moves it), and the GUI must never wait on that. Also quiets
 * ND4J's start-up logging and sizes the off-heap limit. The device choice is {@link Networks}'s: this
 * runs only when the CPU trains (the GPU backend never loads ND4J).
 */
public final class EngineBootstrap {

    private static CompletableFuture<EngineInfo> started;

    private EngineBootstrap() {
    }

    /** Starts ND4J once on a daemon thread; later calls return the same future. */
    public static synchronized CompletableFuture<EngineInfo> startAsync() {
        if (started == null) {
            configureDefaults();
            CompletableFuture<EngineInfo> future = new CompletableFuture<>();
            Thread t = new Thread(() -> {
                if (ThreadPriority.isBackground()) {
                    ThreadPriority.lowerCurrentThread(); // before the natives start their worker threads
                }
                try {
                    future.complete(detect());
                } catch (Throwable e) {
                    future.completeExceptionally(e);
                }
            }, "nd4j-start");
            t.setDaemon(true);
            t.start();
            started = future;
        }
        return started;
    }

    /** Blocks until ND4J runs (for the CLI and the training thread). */
    public static EngineInfo awaitReady() {
        return startAsync().join();
    }

    /**
     * Logging at WARN unless the user chose a level; off-heap memory bounded by the machine rather
     * than the heap size (JavaCPP's default ties it to -Xmx), unless set explicitly. Must run before
     * the first ND4J or JavaCPP class loads.
     */
    static void configureDefaults() {
        NativeDefaults.apply(); // logging, JavaCPP's limits: before any native library, whichever backend loads first
        passiveOpenMpThreads();
        passOnIsaCap(System.getenv());
    }

    /**
     * OMP_WAIT_POLICY=PASSIVE unless the user set it: ND4J's OpenMP threads then sleep between ops
     * instead of spinning. On a 2-core laptop that also runs a GUI (or anything else) spinning
     * threads steal the cores the other thread needs: several times slower steps under load, equal
     * when idle (docs/performance.md). libgomp reads the
     * variable when ND4J's natives load, so it is set in the process environment before that.
     */
    static void passiveOpenMpThreads() {
        String os = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT);
        if (System.getenv("OMP_WAIT_POLICY") != null || os.contains("win")) {
            return;
        }
        setenv("OMP_WAIT_POLICY", "PASSIVE"); // without JNA: the default (spinning) policy, slower under load only
    }

    /**
     * An instruction-set cap applies to every native library, as the user meant it: ND4J's oneDNN
     * (2.3) reads only {@code DNNL_MAX_CPU_ISA}, not the newer {@code ONEDNN_MAX_CPU_ISA}, so the
     * latter is copied to the former; and OpenBLAS, which picks its kernels from the CPU alone, gets
     * {@code OPENBLAS_CORETYPE=Haswell} (its AVX2 kernels) when AVX-512 hardware is capped below
     * AVX-512. Nothing is changed that the user set; both libraries read these when they load.
     */
    static void passOnIsaCap(Map<String, String> env) {
        for (Map.Entry<String, String> e : isaCapVariables(env, CpuIsa.fromFlags(CpuIsa.readFlags())).entrySet()) {
            setenv(e.getKey(), e.getValue());
        }
    }

    /** The variables {@link #passOnIsaCap} sets, given the environment and the CPU's own instruction set. */
    static Map<String, String> isaCapVariables(Map<String, String> env, CpuIsa hardware) {
        Map<String, String> set = new java.util.LinkedHashMap<>();
        String modern = env.get("ONEDNN_MAX_CPU_ISA");
        if (env.get("DNNL_MAX_CPU_ISA") == null && modern != null && !modern.isBlank()) {
            set.put("DNNL_MAX_CPU_ISA", modern.trim());
        }
        Map<String, String> after = new java.util.HashMap<>(env);
        after.putAll(set);
        CpuIsa capped = CpuIsa.capped(hardware, after);
        if (hardware == CpuIsa.AVX512 && capped != CpuIsa.AVX512 && capped != CpuIsa.UNKNOWN
                && env.get("OPENBLAS_CORETYPE") == null) {
            set.put("OPENBLAS_CORETYPE", capped == CpuIsa.AVX2 ? "Haswell" : "Sandybridge");
        }
        return set;
    }

    private static void setenv(String name, String value) {
        String os = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT);
        if (os.contains("win")) {
            return;
        }
        try {
            com.sun.jna.NativeLibrary libc = com.sun.jna.NativeLibrary.getInstance("c");
            libc.getFunction("setenv").invokeInt(new Object[]{name, value, 0});
        } catch (Throwable e) {
            // No JNA or no libc: the native libraries see the environment as it was.
        }
    }

    private static EngineInfo detect() {
        long t0 = System.nanoTime();
        loadImagingFirst();
        var backend = Nd4j.getBackend();
        Nd4j.scalar(1.0f).addi(1.0f); // first op: loads and initialises the natives
        Map<Object, Object> env = Nd4j.getExecutioner().getEnvironmentInformation();
        boolean gpu = !Nd4j.getEnvironment().isCPU();
        String device = gpu ? "cuda:0" : "cpu";
        CpuIsa isa = CpuIsa.current();
        String deviceName = gpu ? gpuName(env) : Runtime.getRuntime().availableProcessors() + " cores"
                + (isa == CpuIsa.UNKNOWN ? "" : ", " + isa.label());
        List<String> natives = new ArrayList<>();
        for (String line : backend.buildInfo().split("\n")) {
            if (line.startsWith("HAVE_") && !line.equals("HAVE_FLATBUFFERS")) {
                String name = line.substring(5).trim();
                natives.add(name.equals("OPENBLAS") && !gpu ? openBlasKernels(name) : name);
            }
        }
        int threads = Nd4j.getEnvironment().maxThreads();
        long ms = (System.nanoTime() - t0) / 1_000_000;
        return new EngineInfo(gpu ? "CUDA" : "CPU", device, deviceName, String.join(", ", natives), threads,
                false, ms);
    }

    /**
     * ND4J's start looks symbols up once with a walk over the loaded libraries that deadlocks against a
     * library being mapped on another thread at that moment (docs/performance.md, issue 18). AWT's
     * imaging natives are the ones the app maps later on other threads (a PNG written or a picture read
     * in the first seconds), so they are mapped here, before that walk, not during it.
     */
    private static void loadImagingFirst() {
        try {
            new java.awt.image.BufferedImage(1, 1, java.awt.image.BufferedImage.TYPE_INT_ARGB).getRGB(0, 0);
        } catch (Throwable e) {
            // A JDK without java.desktop's natives: nothing to map ahead.
        }
    }

    /** "OPENBLAS Haswell": OpenBLAS picks its kernels for the CPU when it loads (OPENBLAS_CORETYPE overrides). */
    private static String openBlasKernels(String name) {
        try {
            // the copy ND4J loaded (dlopen finds a loaded library by its soname)
            com.sun.jna.NativeLibrary blas = com.sun.jna.NativeLibrary.getInstance("libopenblas.so.0");
            return name + " " + blas.getFunction("openblas_get_corename").invokeString(new Object[0], false);
        } catch (Throwable e) {
            return name;
        }
    }

    private static String gpuName(Map<Object, Object> env) {
        Object list = env.get("cuda.devicesInformation");
        if (list instanceof List<?> devices && !devices.isEmpty() && devices.get(0) instanceof Map<?, ?> d) {
            Object name = d.get("cuda.deviceName");
            if (name != null) {
                return name.toString();
            }
        }
        return "GPU";
    }
}
