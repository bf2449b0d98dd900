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
}
