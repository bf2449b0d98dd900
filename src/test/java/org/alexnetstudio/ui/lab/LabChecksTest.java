package org.alexnetstudio.ui.lab;

import static org.alexnetstudio.ui.lab.Records.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.alexnetstudio.model.Conv2d;
import org.alexnetstudio.model.Dropout;
import org.alexnetstudio.model.Flatten;
import org.alexnetstudio.model.LayerSpec;
import org.alexnetstudio.model.Linear;
import org.alexnetstudio.model.MaxPool2d;
import org.alexnetstudio.model.NetworkSpec;
import org.alexnetstudio.model.Presets;
import org.alexnetstudio.model.ReLU;
import org.alexnetstudio.model.Shape;
import org.alexnetstudio.model.Sigmoid;
import org.junit.jupiter.api.Test;

/** State in, verdict out: each exercise's check, done the book's way and done differently. */
class LabChecksTest {

    private static Verdict check(Exercise e, RunRecord... runs) {
        return LabChecks.check(e, new LabChecks.LabInput(Presets.alexnet(), List.of(runs), Picks.NONE, 128, false, -1));
    }

    private static List<String> keys(List<Finding> findings) {
        return findings.stream().map(f -> f.text().key()).toList();
    }

    private static List<String> keysOf(List<Msg> msgs) {
        return msgs.stream().map(Msg::key).toList();
    }

    private static NetworkSpec without(NetworkSpec spec, int... indices) {
        List<LayerSpec> layers = new ArrayList<>(spec.layers());
        for (int i = indices.length - 1; i >= 0; i--) {
            layers.remove(indices[i]);
        }
        return new NetworkSpec(spec.input(), layers);
    }

    private static NetworkSpec replaced(NetworkSpec spec, int index, LayerSpec layer) {
        return spec.withLayer(index, layer);
    }

    /** LeNet with every sigmoid replaced by ReLU and dropout after both hidden dense layers. */
    private static NetworkSpec lenetReluDropout() {
        return new NetworkSpec(Shape.chw(1, 28, 28), List.of(
                new Conv2d(6, 5, 1, 2), new ReLU(), new MaxPool2d(2, 2),
                new Conv2d(16, 5, 1, 0), new ReLU(), new MaxPool2d(2, 2),
                new Flatten(),
                new Linear(120), new ReLU(), new Dropout(0.5),
                new Linear(84), new ReLU(), new Dropout(0.5),
                new Linear(10)));
    }

    // ---- exercise 1 ----------------------------------------------------------------------------

    @Test
    void exerciseOneSaysWhatIsMissingThenPassesWithMoreEpochsThanTheRecipe() {
        Verdict empty = check(Exercise.EPOCHS);
        assertFalse(empty.passed());
        assertEquals(List.of("e1.lenet.todo", "e1.alexnet.todo"), keys(empty.findings()));

        RunRecord lenet = run(1, Presets.lenet(), 28, 256, 0.30, 0.55);
        // alexnet-mini's recipe has 4 epochs: 4 epochs are not "more"
        RunRecord mini4 = run(2, Presets.alexnetMini(), 28, 128, 0.70, 0.78, 0.81, 0.83);
        Verdict notMore = check(Exercise.EPOCHS, lenet, mini4);
        assertEquals(List.of("e1.lenet.done", "e1.more.todo"), keys(notMore.findings()));
        assertEquals(List.of(2, 4, 4), notMore.findings().get(1).text().args());

        RunRecord mini6 = run(3, Presets.alexnetMini(), 28, 128, 0.70, 0.78, 0.81, 0.83, 0.85, 0.86);
        Verdict v = check(Exercise.EPOCHS, lenet, mini4, mini6);
        assertTrue(v.passed());
        // compared with the shorter run of the same network on the same data: 6 epochs against 4
        assertEquals(List.of(LabChecks.name(mini6), 3, 6, 4), v.findings().get(1).text().args());
        assertEquals(List.of("e1.d.alexnet", "e1.d.lenet", "e1.d.gap", "e1.d.whyAhead"), keysOf(v.discussion()));
        // extra epochs added 0.86 − 0.83 = 0.03; at epoch min(6, 2) = 2: AlexNet 0.78, LeNet 0.55
        assertEquals(0.03, (double) v.discussion().get(0).args().get(6), 1e-9);
        assertEquals(List.of(1, 2, 0.55, 2, 0.78, 0.55), v.discussion().get(1).args());
    }

    @Test
    void exerciseOnePassesForTheBooksAlexNetTrainedLongerThanAnEarlierRunOfIt() {
        // Fewer than the book's 10 epochs, but longer than the student's own first run on the same data.
        RunRecord lenet = run(1, Presets.lenet(), 28, 256, 0.62, 0.70, 0.74);
        RunRecord short1 = run(2, Presets.alexnet(), 96, 128, 0.40);
        RunRecord long3 = run(3, Presets.alexnet(), 96, 128, 0.40, 0.55, 0.66);
        Verdict v = check(Exercise.EPOCHS, lenet, short1, long3);
        assertTrue(v.passed());
        assertEquals(1, v.findings().get(1).text().args().get(3));
        // LeNet ahead after 3 epochs (0.74 > 0.66): the discussion explains why a big network lags
        assertTrue(keysOf(v.discussion()).contains("e1.d.whyBehind"));
        assertFalse(keysOf(v.discussion()).contains("d.lenetChance"));
        // a LeNet still guessing (0.10 after 2 epochs) gets a note on its plateau: ⌈500/256⌉·2 = 4 steps
        Verdict guessing = check(Exercise.EPOCHS, run(4, Presets.lenet(), 28, 256, 0.10, 0.10), short1, long3);
        Msg chance = guessing.discussion().stream().filter(m -> m.key().equals("d.lenetChance")).findFirst().orElseThrow();
        assertEquals(List.of(4, 0.10, "4"), chance.args());
        // a shorter run on other data does not count
        assertFalse(check(Exercise.EPOCHS, lenet, Records.otherData(short1), long3).passed());
    }

    // ---- exercise 2 ----------------------------------------------------------------------------

    @Test
    void exerciseTwoAPassesForAnAlexNetWithAConvolutionRemoved() {
        RunRecord book = run(1, Presets.alexnet(), 224, 128, 0.80);
        // conv4 (index 8) and its ReLU removed: 938,146,176 − 191,102,976 = 747,043,200 MACs (79.6 %)
        RunRecord fewer = run(2, without(Presets.alexnet(), 8, 9), 224, 128, 0.78);
        Verdict v = check(Exercise.SIMPLER, book, fewer);
        assertEquals(List.of("e2.alexnet.done", "e2.simpler.done", "e2.accuracy.done", "e2.design.todo",
                "e2.mini.todo"), keys(v.findings()));
        assertEquals(79.63, (double) v.findings().get(1).text().args().get(1), 0.01);
        assertFalse(v.passed(), "part (b) is still missing");
        assertTrue(keysOf(v.discussion()).contains("e2.d.simpler"));
    }

    @Test
    void exerciseTwoAPassesForANarrowerDenseHeadOrASmallerInput() {
        RunRecord book = run(1, Presets.alexnet(), 224, 128, 0.80);
        // dense 4096 → 1024: 11,338,442 parameters (24 %), MACs 902,726,016 (96 %): cheaper by parameters
        NetworkSpec narrow = replaced(replaced(Presets.alexnet(), 14, new Linear(1024)), 17, new Linear(1024));
        assertEquals("e2.simpler.done", keys(check(Exercise.SIMPLER, book, run(2, narrow, 224, 128, 0.79)).findings()).get(1));
        // the same AlexNet at resize 96: 6400 → 256 features, far fewer MACs and parameters
        assertEquals("e2.simpler.done", keys(check(Exercise.SIMPLER, book, run(3, Presets.alexnet(), 96, 128, 0.79))
                .findings()).get(1));
    }

    @Test
    void exerciseTwoARefusesANetworkThatIsNotCheaperOrLostAccuracyOrUsedOtherData() {
        RunRecord book = run(1, Presets.alexnet(), 224, 128, 0.80);
        // conv5 removed: its 384 channels reach the dense head, 9,600 features: 58,986,954 parameters (more)
        RunRecord noConv5 = run(2, without(Presets.alexnet(), 10, 11), 224, 128, 0.80);
        assertEquals("e2.simpler.todo", keys(check(Exercise.SIMPLER, book, noConv5).findings()).get(1));

        RunRecord worse = run(3, without(Presets.alexnet(), 8, 9), 224, 128, 0.60);
        Verdict v = check(Exercise.SIMPLER, book, worse);
        assertEquals("e2.accuracy.todo", keys(v.findings()).get(2));
        // tolerance 2·√(0.6·0.4/200 + 0.8·0.2/200) = 2·√0.002 = 0.0894; the drop is 0.20
        assertEquals(0.0894, (double) v.findings().get(2).text().args().get(4), 1e-4);

        assertEquals("e2.simpler.data.todo", keys(check(Exercise.SIMPLER, book,
                Records.otherData(run(4, without(Presets.alexnet(), 8, 9), 224, 128, 0.8))).findings()).get(1));
    }

    @Test
    void exerciseTwoBNeedsAnOwnDesignAt28NextToAlexNetMiniOnTheSameData() {
        RunRecord book = run(1, Presets.alexnet(), 224, 128, 0.80);
        RunRecord fewer = run(2, without(Presets.alexnet(), 8, 9), 224, 128, 0.79);
        RunRecord design = run(3, lenetReluDropout(), 28, 128, 0.84);
        Verdict noMini = check(Exercise.SIMPLER, book, fewer, design);
        assertEquals(List.of("e2.design.done", "e2.mini.todo"), keys(noMini.findings()).subList(3, 5));

        RunRecord miniOther = Records.otherData(run(4, Presets.alexnetMini(), 28, 128, 0.86));
        assertEquals("e2.mini.data.todo", keys(check(Exercise.SIMPLER, book, fewer, design, miniOther).findings()).get(4));

        RunRecord mini = run(5, Presets.alexnetMini(), 28, 128, 0.86);
        Verdict v = check(Exercise.SIMPLER, book, fewer, design, mini);
        assertTrue(v.passed());
        // 0.84 − 0.86 = −0.02, within 2·√(0.84·0.16/200 + 0.86·0.14/200) = 0.0705: as good
        assertTrue(keysOf(v.discussion()).contains("e2.d.even"));
        // a preset trained at 28 is not a design of one's own
        assertEquals("e2.design.todo", keys(check(Exercise.SIMPLER, book, fewer, run(6, Presets.lenet(), 28, 256, 0.8),
                mini).findings()).get(3));
    }

    // ---- exercise 3 ----------------------------------------------------------------------------

    @Test
    void exerciseThreeNeedsTwoBatchSizesOfOneNetworkOnTheSameData() {
        assertEquals(List.of("e3.first.todo"), keys(check(Exercise.BATCH).findings()));
        RunRecord b128 = Records.withPeak(run(1, Presets.alexnetMini(), 28, 128, 0.80, 0.85), 900_000_000L);
        assertEquals(List.of("e3.another.todo"), keys(check(Exercise.BATCH, b128).findings()));
        // another network at another batch size is no comparison
        assertFalse(check(Exercise.BATCH, b128, run(2, Presets.lenet(), 28, 32, 0.7)).passed());

        RunRecord b32 = Records.withPeak(run(3, Presets.alexnetMini(), 28, 32, 0.84, 0.87), 700_000_000L);
        Verdict v = check(Exercise.BATCH, b128, b32);
        assertTrue(v.passed());
        assertEquals(List.of(32, 128), v.batches().stream().map(BatchRow::batchSize).toList());
        assertEquals(List.of("e3.d.memory", "e3.d.rss", "e3.d.accuracy", "e3.d.speed", "e3.d.noGpu"),
                keysOf(v.discussion()));
        // one training batch, counted: the activations grow 4×, parameter state stays
        var at32 = b32.memory();
        var at128 = b128.memory();
        assertEquals(at32.parameterStateBytes(), at128.parameterStateBytes());
        assertEquals(4 * at32.activationStateBytes(), at128.activationStateBytes());
        assertEquals(at32.totalBytes(), v.batches().get(0).estimateBytes());
        // steps in 2 epochs of 500 images: ⌈500/32⌉·2 = 16·2 = 32 and ⌈500/128⌉·2 = 4·2 = 8
        assertEquals("32", v.discussion().get(2).args().get(3));
        assertEquals("8", v.discussion().get(2).args().get(4));
    }

    // ---- exercise 4 ----------------------------------------------------------------------------

    private static Verdict costs(NetworkSpec editor, Set<Integer> memory, Set<Integer> compute, int batch) {
        Picks p = new Picks(Networks.fingerprint(editor), memory, compute);
        return LabChecks.check(Exercise.COSTS, new LabChecks.LabInput(editor, List.of(), p, batch, false, -1));
    }

    @Test
    void exerciseFourComparesThePicksWithTheRealNumbers() {
        assertEquals(List.of("e4.network.todo", "e4.memory.empty", "e4.compute.empty"),
                keys(costs(Presets.lenet(), Set.of(), Set.of(), 128).findings()));
        NetworkSpec alexnet = Presets.alexnet();
        Verdict none = costs(alexnet, Set.of(), Set.of(), 128);
        assertEquals(List.of("e4.network.done", "e4.memory.empty", "e4.compute.empty"), keys(none.findings()));

        // the two big dense layers: (26,218,496 + 16,781,312) / 46,764,746 = 91.9 %; all five convolutions:
        // 895,113,600 / 938,146,176 = 95.4 % of the MACs
        Verdict v = costs(alexnet, Set.of(14, 17), Set.of(0, 3, 6, 8, 10), 128);
        assertTrue(v.passed());
        assertEquals(91.95, (double) v.findings().get(1).text().args().get(1), 0.05);
        assertEquals(95.41, (double) v.findings().get(2).text().args().get(1), 0.05);
        assertEquals(List.of("e4.d.params", "e4.d.macs", "e4.d.training", "e4.d.activationsWin", "e4.d.bandwidth",
                "e4.d.noGpu"), keysOf(v.discussion()));
        // dense share of the parameters: (26,218,496 + 16,781,312 + 40,970) / 46,764,746 = 92.04 %
        assertEquals(92.04, (double) v.discussion().get(0).args().get(0), 0.01);
        // at batch 1 the dense weights (with gradients) outweigh the feature maps
        assertTrue(keysOf(costs(alexnet, Set.of(14, 17), Set.of(0, 3, 6, 8, 10), 1).discussion())
                .contains("e4.d.weightsWin"));
    }

    @Test
    void exerciseFourAcceptsAnyDominantSetAndExplainsAWrongOne() {
        NetworkSpec alexnet = Presets.alexnet();
        // four convolutions without the small first one: 86 % of the MACs, still the dominant part
        assertEquals("e4.compute.done", keys(costs(alexnet, Set.of(14, 17), Set.of(3, 6, 8, 10), 128).findings()).get(2));
        // Linear #14 alone: 26,218,496 / 46,764,746 = 56 %
        assertEquals("e4.memory.little", keys(costs(alexnet, Set.of(14), Set.of(3), 128).findings()).get(1));
        // Linear #20 holds 40,970 / 46,764,746 = 0.09 %
        assertEquals("e4.memory.small", keys(costs(alexnet, Set.of(14, 17, 20), Set.of(3), 128).findings()).get(1));
        // Conv2d #8 (2.8 %) ticked while Linear #17 (35.9 %) is left out
        Finding bigger = costs(alexnet, Set.of(14, 8), Set.of(3), 128).findings().get(1);
        assertEquals("e4.memory.bigger", bigger.text().key());
        assertEquals("Linear #17", bigger.text().args().get(0));
        assertEquals("Conv2d #8", bigger.text().args().get(2));
        // picks made for another network do not count
        Picks other = new Picks(Networks.fingerprint(Presets.lenet()), Set.of(14, 17), Set.of(3, 6, 8, 10));
        assertFalse(LabChecks.check(Exercise.COSTS, new LabChecks.LabInput(alexnet, List.of(), other, 128, false, -1))
                .passed());
    }

    // ---- exercise 5 ----------------------------------------------------------------------------

    @Test
    void exerciseFiveComparesReluAndDropoutWithTheBooksLeNetAndAResize() {
        RunRecord plain = run(1, Presets.lenet(), 28, 256, 0.55, 0.65);
        Verdict first = check(Exercise.LENET, plain);
        assertEquals(List.of("e5.baseline.done", "e5.modified.todo", "e5.preprocess.todo"), keys(first.findings()));

        NetworkSpec reluOnly = without(lenetReluDropout(), 9, 12);
        assertEquals("e5.modified.dropout.todo",
                keys(check(Exercise.LENET, plain, run(2, reluOnly, 28, 256, 0.8)).findings()).get(1));

        RunRecord changed = run(3, lenetReluDropout(), 28, 256, 0.75, 0.82);
        RunRecord at32 = run(4, Presets.lenet(), 32, 256, 0.58, 0.66);
        Verdict v = check(Exercise.LENET, plain, changed, at32);
        assertTrue(v.passed());
        // 0.82 − 0.65 = +0.17 > 2·√(0.82·0.18/200 + 0.65·0.35/200) = 0.0869: it helped
        assertEquals(List.of("e5.d.relu", "e5.d.helped", "e5.d.preprocess", "e5.d.why"), keysOf(v.discussion()));
    }

    @Test
    void exerciseFivePassesForADifferentRouteToTheSameChange() {
        // ReLU in the convolutions only, a sigmoid kept in the dense head, one dropout, and max-pooling
        NetworkSpec other = new NetworkSpec(Shape.chw(1, 28, 28), List.of(
                new Conv2d(6, 5, 1, 2), new ReLU(), new MaxPool2d(2, 2),
                new Conv2d(16, 5, 1, 0), new ReLU(), new MaxPool2d(2, 2),
                new Flatten(), new Linear(120), new Sigmoid(), new Dropout(0.3), new Linear(84), new Sigmoid(),
                new Linear(10)));
        RunRecord plain = run(1, Presets.lenet(), 28, 256, 0.65);
        RunRecord changed = run(2, other, 28, 256, 0.70);
        RunRecord plain32 = run(3, Presets.lenet(), 32, 256, 0.66);
        assertTrue(check(Exercise.LENET, plain, changed, plain32).passed());
        // the changed LeNet on other data is no comparison
        assertFalse(check(Exercise.LENET, plain, Records.otherData(changed), plain32).passed());
    }

    // ---- shared rules --------------------------------------------------------------------------

    @Test
    void toleranceIsTwoStandardErrorsOfTheDifferenceAndAtLeastTwoPoints() {
        // 2·√(0.8·0.2/1000 + 0.78·0.22/1000) = 2·√0.0003316 = 0.03642
        assertEquals(0.03642, LabChecks.tolerance(0.80, 1000, 0.78, 1000), 1e-5);
        // 10,000 test images each: 2·√(0.88·0.12/10⁴·2) = 0.0092, below the 0.02 floor
        assertEquals(0.02, LabChecks.tolerance(0.88, 10_000, 0.88, 10_000), 1e-12);
        assertEquals(0.02, LabChecks.tolerance(0.5, 0, 0.5, 100), 1e-12);
    }

    @Test
    void runsWithoutAFinishedEpochDoNotCount() {
        RunRecord nothing = run(1, Presets.lenet(), 28, 256);
        assertEquals(List.of("e3.first.todo"), keys(check(Exercise.BATCH, nothing).findings()));
    }
}
