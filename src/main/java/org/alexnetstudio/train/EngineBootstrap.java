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
            NativeDefaults.apply();
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




    private static EngineInfo detect() {
        long t0 = System.nanoTime();
        var backend = Nd4j.getBackend();
        Nd4j.scalar(1.0f).addi(1.0f); // first op: loads and initialises the natives
        Map<Object, Object> env = Nd4j.getExecutioner().getEnvironmentInformation();
        boolean gpu = !Nd4j.getEnvironment().isCPU();
        String device = gpu ? "cuda:0" : "cpu";
        String deviceName = gpu ? gpuName(env) : Runtime.getRuntime().availableProcessors() + " cores";
        List<String> natives = new ArrayList<>();
        for (String line : backend.buildInfo().split("\n")) {
            if (line.startsWith("HAVE_") && !line.equals("HAVE_FLATBUFFERS")) {
                natives.add(line.substring(5).trim());
            }
        }
        int threads = Nd4j.getEnvironment().maxThreads();
        long ms = (System.nanoTime() - t0) / 1_000_000;
        return new EngineInfo(gpu ? "CUDA" : "CPU", device, deviceName, String.join(", ", natives), threads,
                false, ms);
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
