package org.alexnetstudio.ui.filters;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.alexnetstudio.ui.training.Fixtures;
import org.alexnetstudio.viz.Colormap;
import org.junit.jupiter.api.Test;

class FiltersViewModelTest {

    @Test
    void oneTilePerOutputChannelOfTheFirstConvLayer() {
        FiltersViewModel vm = new FiltersViewModel(Fixtures.EN, Fixtures.NOW, Fixtures.NOW);
        vm.setRun(Fixtures.trainedRun());
        assertEquals(List.of(0), vm.layers()); // the tiny network's only conv is layer 0
        assertEquals(6, vm.tiles().size());
        assertEquals(5, vm.tiles().get(0).width());
        assertEquals(2, vm.historySizeProperty().get()); // before training + epoch 1
        assertEquals(1, vm.epochShownProperty().get());
        assertTrue(vm.captionProperty().get().startsWith("6 filters of 5×5"), vm.captionProperty().get());
    }

    @Test
    void replayShowsTheInitialWeights() {
        FiltersViewModel vm = new FiltersViewModel(Fixtures.EN, Fixtures.NOW, Fixtures.NOW);
        vm.setRun(Fixtures.trainedRun());
        int[] trained = vm.tiles().get(0).pixels().clone();
        vm.showEpoch(0);
        assertEquals(0, vm.epochShownProperty().get());
        assertTrue(vm.captionProperty().get().contains("before training"));
        assertNotEquals(java.util.Arrays.toString(trained), java.util.Arrays.toString(vm.tiles().get(0).pixels()));
        vm.showEpoch(99); // clamped
        assertEquals(1, vm.epochShownProperty().get());
        vm.setColormap(Colormap.DIVERGING);
        assertEquals(6, vm.tiles().size());
        // grid: 6 columns of 5·4 px + 7 gaps = 127 wide, one row: 20 + 2 = 22 high
        assertEquals(127, vm.grid(4).width());
        assertEquals(22, vm.grid(4).height());
    }

    @Test
    void featureMapsForEveryLayer() {
        FiltersViewModel vm = new FiltersViewModel(Fixtures.EN, Fixtures.NOW, Fixtures.NOW);
        vm.setRun(Fixtures.trainedRun());
        vm.showImage(3);
        assertEquals(5, vm.featureMaps().size()); // conv, relu, pool, flatten, linear
        assertEquals(6, vm.featureMaps().get(0).tiles().size());
        assertEquals(14, vm.featureMaps().get(2).tiles().get(0).width()); // 28/2 = 14
        assertEquals(10, vm.featureMaps().get(4).tiles().get(0).width()); // the 10 class scores
        assertEquals(3, vm.imageIndexProperty().get());
    }

    @Test
    void withoutARunThereIsAMessageNotATile() {
        FiltersViewModel vm = new FiltersViewModel(Fixtures.EN, Fixtures.NOW, Fixtures.NOW);
        vm.setRun(null);
        assertTrue(vm.tiles().isEmpty());
        assertTrue(vm.captionProperty().get().startsWith("No run yet"));
    }
}
