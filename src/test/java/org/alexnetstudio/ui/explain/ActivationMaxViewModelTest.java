package org.alexnetstudio.ui.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import org.alexnetstudio.ui.shared.Run;
import org.alexnetstudio.ui.training.Fixtures;
import org.junit.jupiter.api.Test;

class ActivationMaxViewModelTest {

    private static final Run RUN = Fixtures.trainedRun();

    @Test
    void everyClassAndTheFirstFiltersBecomeTiles() {
        ActivationMaxViewModel vm = new ActivationMaxViewModel(Fixtures.EN, Fixtures.NOW, Fixtures.NOW);
        vm.setRun(RUN);
        assertEquals(0, vm.convProperty().get()); // tinyCnn's only conv
        assertEquals(6, vm.filtersProperty().get());
        vm.setSteps(5);
        vm.visualiseClasses();
        assertEquals(10, vm.tiles().size());
        assertTrue(vm.tiles().get(8).caption().startsWith("Bag: score"), vm.tiles().get(8).caption());
        assertEquals(28, vm.tiles().get(0).image().width());
        assertEquals("10 pictures, 5 steps each.", vm.statusProperty().get());
        assertFalse(vm.busyProperty().get());
        // a layer with 6 filters: all 6 (fewer than 16)
        vm.visualiseFilters();
        assertEquals(6, vm.tiles().size());
        assertTrue(vm.tiles().get(5).caption().startsWith("Filter 5: mean"), vm.tiles().get(5).caption());
        vm.chooseFilter(4);
        vm.visualiseFilter();
        assertEquals(1, vm.tiles().size());
        assertEquals("Filter 4 of conv #0", vm.titleProperty().get());
    }

    @Test
    void cancellingKeepsThePicturesFinishedSoFar() {
        ArrayDeque<Runnable> queue = new ArrayDeque<>();
        ActivationMaxViewModel vm = new ActivationMaxViewModel(Fixtures.EN, queue::add, Fixtures.NOW);
        vm.setRun(RUN);
        vm.setSteps(3);
        vm.visualiseClasses();
        assertTrue(vm.busyProperty().get());
        vm.cancel();
        queue.poll().run();
        assertFalse(vm.busyProperty().get());
        assertEquals("Stopped; the pictures finished so far stay.", vm.statusProperty().get());
        assertEquals(0, vm.tiles().size()); // stopped in the first picture's first step
    }

    @Test
    void aNetworkThatAppearsLaterIsReadWhenAskedFor() {
        Run later = new Run(9, RUN.spec(), RUN.config(), "sample", RUN.testSet());
        ActivationMaxViewModel vm = new ActivationMaxViewModel(Fixtures.EN, Fixtures.NOW, Fixtures.NOW);
        vm.setRun(later);
        assertEquals(-1, vm.convProperty().get());
        later.setLoadedNetwork(RUN.network());
        vm.setSteps(2);
        vm.visualiseClasses();
        assertEquals(10, vm.tiles().size());
        assertEquals(0, vm.convProperty().get());
    }
}
