package org.alexnetstudio.train;

import java.util.List;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.concurrent.CompletableFuture;
import org.alexnetstudio.model.NetworkSpec;

/**
 * Builds networks on the backend this process trains with, and chooses that backend: the backends
 * registered in {@code META-INF/services/org.alexnetstudio.train.Backend} (the CPU's, the GPU's), picked
 * by the student's {@link DeviceChoice}. Choosing runs the GPU's probe and starts the chosen backend's
 * natives on one background thread ({@link #startAsync}); until then {@link #backend()} is the CPU's.
 */
public final class Networks {

    private static DeviceChoice choice = DeviceChoice.CPU;
    private static CompletableFuture<Selection> started;
    private static volatile Selection selected;
    private static List<Backend> registered;

    /**
     * Which backend a choice selects, and why.
     *
     * @param gpuMissing  why the GPU is not used although asked for (AUTO, GPU) or null; one sentence
     * @param refused     GPU was asked for and is not usable (the CLI refuses; the window trains on the CPU)
     */
    public record Selection(DeviceChoice requested, Backend backend, String gpuMissing, boolean refused, EngineInfo engine) {
    }

    private Networks() {
    }

    /** A network with the book's initialisation on this process's backend. */
    public static Network build(NetworkSpec spec, long seed) {
        return backend().build(spec, seed);
    }

    /** The chosen backend once chosen and started; the CPU's before (nothing is probed or waited for). */
    public static Backend backend() {
        Selection s = selected;
        return s != null ? s.backend() : cpu(backends());
    }

    /**
     * The device to train on from now on (the window: the saved setting; the CLI: {@code --device}). A
     * different choice than the running one starts again: a run in progress keeps its network.
     */
    public static synchronized void choose(DeviceChoice device) {
        Objects.requireNonNull(device);
        if (device != choice) {
            choice = device;
            started = null;
        }
    }

    public static synchronized DeviceChoice choice() {
        return choice;
    }

    /** Chooses the backend and starts it on a daemon thread, once per choice; later calls return the same future. */
    public static synchronized CompletableFuture<EngineInfo> startAsync() {
        if (started == null) {
            DeviceChoice c = choice;
            CompletableFuture<Selection> future = new CompletableFuture<>();
            Thread t = new Thread(() -> {
                if (ThreadPriority.isBackground()) {
                    ThreadPriority.lowerCurrentThread(); // before the natives start their worker threads
                }
                try {
                    NativeDefaults.apply();
                    Selection s = start(c, backends());
                    synchronized (Networks.class) {
                        if (started == future) {
                            selected = s;
                        }
                    }
                    future.complete(s);
                } catch (Throwable e) {
                    future.completeExceptionally(e);
                }
            }, "engine-start");
            t.setDaemon(true);
            t.start();
            started = future;
        }
        return started.thenApply(Selection::engine);
    }

    /** Blocks until the chosen backend runs (the CLI, the training thread); what it started on. */
    public static EngineInfo awaitReady() {
        return selection().engine();
    }

    /** The selection of the current choice, waiting for it. */
    public static Selection selection() {
        CompletableFuture<Selection> f;
        synchronized (Networks.class) {
            startAsync();
            f = started;
        }
        return f.join();
    }

    /** The registered backends, in registration order. */
    static synchronized List<Backend> backends() {
        if (registered == null) {
            registered = ServiceLoader.load(Backend.class, Networks.class.getClassLoader()).stream()
                    .map(ServiceLoader.Provider::get).toList();
            if (registered.isEmpty()) {
                throw new IllegalStateException("no training backend on the class path");
            }
        }
        return registered;
    }

    private static Backend cpu(List<Backend> backends) {
        return backends.stream().filter(b -> !b.isGpu()).findFirst().orElse(backends.get(0));
    }

    /**
     * The backend for a choice: CPU, the CPU's; AUTO, the GPU's when it is usable and starts, else the CPU's
     * with the reason; GPU, the same but refused (not silently replaced) when the GPU is not usable.
     */
    static Selection select(DeviceChoice c, List<Backend> backends) {
        Backend cpu = cpu(backends);
        if (c == DeviceChoice.CPU) {
            return new Selection(c, cpu, null, false, null);
        }
        Backend gpu = backends.stream().filter(Backend::isGpu).findFirst().orElse(null);
        String why = gpu == null ? TrainMessages.format("device.gpuNotInBuild") : gpu.unavailable();
        if (why == null) {
            return new Selection(c, gpu, null, false, null);
        }
        return new Selection(c, cpu, why, c == DeviceChoice.GPU, null);
    }

    /** Selects and starts; a GPU that fails to start falls back like a missing one. */
    static Selection start(DeviceChoice c, List<Backend> backends) {
        Selection s = select(c, backends);
        if (s.backend().isGpu()) {
            try {
                EngineInfo info = s.backend().awaitReady();
                return new Selection(c, s.backend(), null, false, info.chosen(c, null));
            } catch (RuntimeException e) {
                String why = TrainMessages.format("gpu.missing.start", String.valueOf(e.getMessage()));
                s = new Selection(c, cpu(backends), why, c == DeviceChoice.GPU, null);
            }
        }
        EngineInfo info;
        try {
            info = s.backend().awaitReady();
        } catch (RuntimeException | LinkageError e) {
            if (!s.refused()) {
                throw e;
            }
            // the CLI refuses anyway; a bundle without the CPU's natives (the GPU check) must still say why
            info = new EngineInfo("CPU", "cpu", "not started: " + e, "", 0, false, 0);
        }
        return new Selection(c, s.backend(), s.gpuMissing(), s.refused(), info.chosen(c, s.gpuMissing()));
    }
}
