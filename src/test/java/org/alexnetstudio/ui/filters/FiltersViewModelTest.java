package org.alexnetstudio.ui.filters;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.alexnetstudio.train.ConvWeights;
import org.alexnetstudio.ui.shared.FilterHistory;
import org.alexnetstudio.ui.shared.Run;
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

    /** 1×28×28 → conv 4 (3×3) → relu → conv 8 (3×3): two conv layers, at spec indices 0 and 2. */
    private static Run twoConvRun(FilterHistory history, int epochs) {
        var spec = new org.alexnetstudio.model.NetworkSpec(org.alexnetstudio.model.Shape.chw(1, 28, 28), List.of(
                new org.alexnetstudio.model.Conv2d(4, 3, 1, 0), new org.alexnetstudio.model.ReLU(),
                new org.alexnetstudio.model.Conv2d(8, 3, 1, 0)));
        Run run = new Run(1, spec, Fixtures.tinyConfig(epochs), "test", null, history);
        for (int e = 0; e <= epochs; e++) {
            float[] a = new float[4 * 3 * 3];
            float[] b = new float[8 * 4 * 3 * 3];
            for (int i = 0; i < b.length; i++) {
                b[i] = (i % 7) * (e + 1); // a different picture each epoch
                if (i < a.length) {
                    a[i] = (i % 5) * (e + 1);
                }
            }
            history.add(e, List.of(new ConvWeights(0, 4, 1, 3, 3, a), new ConvWeights(2, 8, 4, 3, 3, b)));
        }
        return run;
    }

    @Test
    void aDeeperLayerReplaysItsEpochsToo() {
        FilterHistory history = new FilterHistory(1 << 20);
        Run run = twoConvRun(history, 3);
        FiltersViewModel vm = new FiltersViewModel(Fixtures.EN, Fixtures.NOW, Fixtures.NOW);
        vm.setRun(run);
        assertEquals(List.of(0, 2), vm.layers());
        vm.chooseLayer(1);
        assertEquals(8, vm.tiles().size());
        assertEquals(4, vm.historySizeProperty().get()); // before training + 3 epochs
        assertEquals(3, vm.epochShownProperty().get());
        assertTrue(vm.captionProperty().get().contains("after epoch 3"), vm.captionProperty().get());
        vm.showEpoch(0);
        assertTrue(vm.captionProperty().get().contains("before training"), vm.captionProperty().get());
        assertEquals(history.of(2).get(0).weights(), vm.weightsShown());
        vm.showEpoch(2);
        assertEquals(history.of(2).get(2).weights(), vm.weightsShown());
        // Back to the first layer at the same epoch.
        vm.chooseLayer(0);
        assertEquals(history.of(0).get(2).weights(), vm.weightsShown());
        assertEquals("", vm.historyNoteProperty().get());
    }

    @Test
    void aDeeperLayerSaysWhichEpochsWereNotKept() {
        // conv 0: 36 floats = 144 B, conv 2: 288 floats = 1152 B per epoch; 3000 B hold the first layer's
        // 4 epochs (576 B) and 2 of the deeper layer's (2304 B): before training and epoch 3.
        FilterHistory history = new FilterHistory(3000);
        Run run = twoConvRun(history, 3);
        FiltersViewModel vm = new FiltersViewModel(Fixtures.EN, Fixtures.NOW, Fixtures.NOW);
        vm.setRun(run);
        assertEquals(4, vm.historySizeProperty().get());
        assertEquals("", vm.historyNoteProperty().get(), "the first layer keeps every epoch");
        vm.chooseLayer(1);
        assertEquals(2, vm.historySizeProperty().get());
        assertTrue(vm.historyNoteProperty().get().contains("after epoch 1–2 were not kept"),
                vm.historyNoteProperty().get());
        vm.showEpoch(0);
        assertTrue(vm.captionProperty().get().contains("before training"), vm.captionProperty().get());
    }

    @Test
    void epochRangesAreShortened() {
        assertEquals("1–3, 5, 7–8", FiltersViewModel.ranges(new java.util.TreeSet<>(List.of(1, 2, 3, 5, 7, 8))));
        assertEquals("4", FiltersViewModel.ranges(new java.util.TreeSet<>(List.of(4))));
    }

    @Test
    void withoutARunThereIsAMessageNotATile() {
        FiltersViewModel vm = new FiltersViewModel(Fixtures.EN, Fixtures.NOW, Fixtures.NOW);
        vm.setRun(null);
        assertTrue(vm.tiles().isEmpty());
        assertTrue(vm.captionProperty().get().startsWith("No run yet"));
    }
}
