package org.alexnetstudio.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

class ThreadPriorityTest {

    @Test
    @EnabledOnOs(OS.LINUX)
    void lowersOnlyTheCallingThreadAndItsChildren() throws Exception {
        int before = ThreadPriority.currentNice();
        AtomicInteger lowered = new AtomicInteger(Integer.MIN_VALUE);
        AtomicInteger child = new AtomicInteger(Integer.MIN_VALUE);
        Thread t = new Thread(() -> {
            try {
                assertTrue(ThreadPriority.lowerCurrentThread());
                lowered.set(ThreadPriority.currentNice());
                // A thread started from here (as OpenMP starts its workers) inherits the value.
                Thread c = new Thread(() -> {
                    try {
                        child.set(ThreadPriority.currentNice());
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                c.start();
                c.join();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        t.start();
        t.join();
        int expected = Math.min(19, before + ThreadPriority.BACKGROUND_NICE);
        assertEquals(expected, lowered.get());
        assertEquals(expected, child.get());
        assertEquals(before, ThreadPriority.currentNice(), "the caller's own thread is untouched");
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void lowersTheJitCompilerThreadsOnly() throws Exception {
        java.util.Map<String, Integer> before = compilerNices();
        assertTrue(!before.isEmpty(), "this JVM has JIT compiler threads");
        int mine = ThreadPriority.currentNice();
        // The JVM may add or retire extra compiler threads meanwhile: check those seen both times.
        assertTrue(ThreadPriority.lowerThreads(ThreadPriority::isCompiler, ThreadPriority.COMPILER_NICE) >= 1);
        java.util.Map<String, Integer> after = compilerNices();
        before.forEach((tid, nice) -> {
            if (after.containsKey(tid)) {
                assertEquals(Math.min(19, nice + ThreadPriority.COMPILER_NICE), after.get(tid), "compiler thread " + tid);
            }
        });
        assertEquals(mine, ThreadPriority.currentNice(), "the caller's own thread is untouched");
    }

    private static java.util.Map<String, Integer> compilerNices() throws Exception {
        java.util.Map<String, Integer> nices = new java.util.HashMap<>();
        for (java.io.File task : java.util.Objects.requireNonNull(new java.io.File("/proc/self/task").listFiles())) {
            try {
                String name = java.nio.file.Files.readString(task.toPath().resolve("comm")).trim();
                if (ThreadPriority.isCompiler(name)) {
                    nices.put(task.getName(), ThreadPriority.nice(task.toPath().resolve("stat")));
                }
            } catch (java.nio.file.NoSuchFileException e) {
                // that thread ended while we listed them
            }
        }
        return nices;
    }
}
