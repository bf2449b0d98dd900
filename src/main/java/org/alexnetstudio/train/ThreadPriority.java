package org.alexnetstudio.train;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Lets the window win the CPU over training. On a 2-core laptop ND4J's threads would otherwise take
 * both cores and the JavaFX thread and renderer wait their turn (long gaps between frames while
 * training: docs/performance.md, issue 8 target 6). On Linux a thread's nice value is its own and is inherited by the threads it creates,
 * so lowering the priority of the threads that run ND4J before their first op also lowers the
 * OpenMP and OpenBLAS worker threads they start. Training loses nothing when the UI is idle.
 * Other systems keep normal priority (Java priorities do not reach native worker threads).
 */
public final class ThreadPriority {

    /** How much nicer background work runs than the window (nice +10: CFS weight 110 against 1024). */
    public static final int BACKGROUND_NICE = 10;
    private static final int PRIO_PROCESS = 0;

    /**
     * How much nicer the JVM's JIT compiler threads run than the window: when a run starts they
     * compile its new code within a frame or two, which on 2 cores pushed the JavaFX thread and
     * renderer back in the run queue (docs/performance.md). At +5 they still run ahead of training.
     */
    public static final int COMPILER_NICE = 5;

    private static volatile boolean background;
    private static final java.util.concurrent.atomic.AtomicBoolean compilersLowered =
            new java.util.concurrent.atomic.AtomicBoolean();

    private ThreadPriority() {
    }

    /** From now on, engine threads started by {@link EngineBootstrap} run at background priority. */
    public static void useBackgroundPriority() {
        background = true;
    }

    static boolean isBackground() {
        return background;
    }

    /**
     * Makes the calling thread {@link #BACKGROUND_NICE} nicer than it is (at most 19, the lowest).
     * Returns false where that is not possible (not Linux, no JNA, a sandbox that refuses); the
     * thread then keeps its priority.
     */
    public static boolean lowerCurrentThread() {
        if (!System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("linux")) {
            return false;
        }
        try {
            return setNice(currentTid(), Math.min(19, currentNice() + BACKGROUND_NICE));
        } catch (Throwable e) {
            return false;
        }
    }

    /**
     * Makes the JVM's JIT compiler threads {@link #COMPILER_NICE} nicer, once per process (threads
     * the JVM adds later are started by a compiler thread and inherit its value). Linux only;
     * returns how many threads were lowered.
     */
    public static int lowerJitCompilerThreads() {
        return compilersLowered.compareAndSet(false, true) ? lowerThreads(ThreadPriority::isCompiler, COMPILER_NICE) : 0;
    }

    static boolean isCompiler(String threadName) {
        return threadName.startsWith("C1 CompilerThre") || threadName.startsWith("C2 CompilerThre");
    }

    /** Lowers every thread of this process whose name matches by {@code by} nice steps; returns how many. */
    static int lowerThreads(java.util.function.Predicate<String> name, int by) {
        java.io.File[] tasks = new java.io.File("/proc/self/task").listFiles();
        if (tasks == null) {
            return 0;
        }
        int lowered = 0;
        for (java.io.File task : tasks) {
            try {
                if (name.test(Files.readString(task.toPath().resolve("comm")).trim())) {
                    int nice = Math.min(19, nice(task.toPath().resolve("stat")) + by);
                    if (setNice(Integer.parseInt(task.getName()), nice)) {
                        lowered++;
                    }
                }
            } catch (Throwable e) {
                // the thread ended, or no JNA / not Linux: it keeps its priority
            }
        }
        return lowered;
    }

    /** libc {@code setpriority} for one thread (Linux: a thread id is a process id to it); throws without JNA. */
    private static boolean setNice(int tid, int nice) {
        com.sun.jna.NativeLibrary libc = com.sun.jna.NativeLibrary.getInstance("c");
        return libc.getFunction("setpriority").invokeInt(new Object[]{PRIO_PROCESS, tid, nice}) == 0;
    }

    /** The Linux thread id of the calling thread ({@code /proc/thread-self} → {@code PID/task/TID}). */
    static int currentTid() throws java.io.IOException {
        Path link = Files.readSymbolicLink(Path.of("/proc/thread-self"));
        return Integer.parseInt(link.getFileName().toString());
    }

    /** The nice value of the calling thread, from {@code /proc/thread-self/stat} (Linux only). */
    static int currentNice() throws java.io.IOException {
        return nice(Path.of("/proc/thread-self/stat"));
    }

    /** The nice value in a {@code /proc/.../stat} file. */
    static int nice(Path statFile) throws java.io.IOException {
        String stat = Files.readString(statFile);
        // Fields after the command name, which is in parentheses and may contain spaces.
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Integer.parseInt(f[16]); // field 19 of stat; f[0] is field 3
    }
}
