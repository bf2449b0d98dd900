package org.alexnetstudio.ui.training;

import org.alexnetstudio.ui.shared.Run;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import org.alexnetstudio.train.TrainingSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Issue 21: progress, speed and ETA move between chart points, and "Building the network…" goes away. */
class TrainingProgressTest {

    private final ConcurrentLinkedQueue<Runnable> ui = new ConcurrentLinkedQueue<>();
    private final ExecutorService training = Executors.newSingleThreadExecutor();

    @AfterEach
    void tearDown() {
        training.shutdownNow();
    }

    private void drainUntil(String what, BooleanSupplier done) throws InterruptedException {
        long end = System.nanoTime() + 60_000_000_000L;
        while (!done.getAsBoolean()) {
            Runnable r;
            while ((r = ui.poll()) != null) {
                r.run();
            }
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(5);
        }
    }

    @Test
    void theEtaCountsDownWhileOneBatchIsStillRunning() throws Exception {
        TrainingViewModel vm = new TrainingViewModel(Fixtures.EN, training, ui::add, Fixtures.NOW);
        vm.setData(Fixtures.sample());
        vm.updateConfig(c -> Fixtures.tinyConfig(500));
        Run run = vm.start(Fixtures.tinyCnn()).orElseThrow();
        String building = Fixtures.EN.get("progress.starting");
        drainUntil("the network to be built", () -> run.session().network() != null && !vm.log().isEmpty());
        assertFalse(vm.progressTextProperty().get().contains(building),
                "replaced once training starts: " + vm.progressTextProperty().get());
        drainUntil("a measured speed", () -> vm.progressTextProperty().get().contains("examples/sec"));

        // The training thread holds still (as within one long batch); the window's clock goes on.
        run.session().pause();
        drainUntil("the session to hold", () -> run.session().state() == TrainingSession.State.PAUSED);
        vm.tick();
        String before = vm.progressTextProperty().get();
        Thread.sleep(1100);
        vm.tick();
        String after = vm.progressTextProperty().get();
        assertTrue(after.matches("epoch \\d+/500 · batch \\d+/10 · [\\d.]+ examples/sec · ETA [\\d:]+"), after);
        assertNotEquals(before, after, "a second later the ETA has moved");
        run.session().resume();
        vm.stop();
        drainUntil("the run to stop", () -> vm.getPhase() == TrainingViewModel.Phase.IDLE);
    }
}
