package org.alexnetstudio.ui.mistakes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.alexnetstudio.train.EpochResult;
import org.alexnetstudio.train.Misclassified;
import org.alexnetstudio.ui.shared.Run;
import org.alexnetstudio.ui.training.Fixtures;
import org.junit.jupiter.api.Test;

class MistakesViewModelTest {

    private MistakesViewModel vm() {
        MistakesViewModel vm = new MistakesViewModel(Fixtures.EN, Fixtures.NOW, Fixtures.NOW);
        vm.setRun(Fixtures.trainedRun());
        return vm;
    }

    @Test
    void misclassifiedCountAgreesWithTestAccuracy() {
        MistakesViewModel vm = vm();
        EpochResult r = vm.getResult();
        assertNotNull(r);
        assertEquals(200, vm.testCount()); // the test subset
        // wrong = round((1 − acc) · N)
        assertEquals(Math.round((1 - r.testAccuracy()) * 200), vm.misclassifiedCount());
        assertEquals(vm.misclassifiedCount(), vm.shown().size());
        assertTrue(vm.misclassifiedCount() > 0, "a 1-epoch tiny network still makes mistakes");
    }

    @Test
    void confusionCellOpensExactlyItsImages() {
        MistakesViewModel vm = vm();
        int[][] cm = vm.getResult().confusion();
        int bestT = -1;
        int bestP = -1;
        for (int t = 0; t < 10; t++) {
            for (int p = 0; p < 10; p++) {
                if (t != p && (bestT < 0 || cm[t][p] > cm[bestT][bestP])) {
                    bestT = t;
                    bestP = p;
                }
            }
        }
        vm.openCell(bestT, bestP);
        assertEquals(cm[bestT][bestP], vm.shown().size());
        for (Misclassified m : vm.shown()) {
            assertEquals(bestT, m.trueLabel());
            assertEquals(bestP, m.predicted());
        }
    }

    @Test
    void sortingAndFilteringByTrueClass() {
        MistakesViewModel vm = vm();
        var all = vm.shown();
        for (int i = 1; i < all.size(); i++) {
            assertTrue(all.get(i - 1).confidence() >= all.get(i).confidence());
        }
        vm.sortMostConfidentFirst(false);
        for (int i = 1; i < vm.shown().size(); i++) {
            assertTrue(vm.shown().get(i - 1).confidence() <= vm.shown().get(i).confidence());
        }
        int t = vm.shown().get(0).trueLabel();
        vm.filterTrue(t);
        int row = 0;
        for (int p = 0; p < 10; p++) {
            row += p == t ? 0 : vm.getResult().confusion()[t][p];
        }
        assertEquals(row, vm.shown().size());
    }

    @Test
    void selectingAnImageGivesItsProbabilities() {
        MistakesViewModel vm = vm();
        Misclassified m = vm.shown().get(0);
        vm.select(m);
        float[] p = vm.probabilitiesProperty().get();
        assertNotNull(p);
        assertEquals(10, p.length);
        float sum = 0;
        for (float v : p) {
            sum += v;
        }
        assertEquals(1f, sum, 1e-4f);
        // the network still predicts the wrong class with the recorded confidence
        Run run = Fixtures.trainedRun();
        assertEquals(m.confidence(), p[m.predicted()], 1e-4f);
        assertEquals(28, vm.selectedImageProperty().get().width());
        assertEquals(28 * 28, vm.image(m).pixels().length);
        assertNotNull(run.testSet());
    }
}
