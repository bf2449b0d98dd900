package org.alexnetstudio.ui.explain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.concurrent.Executor;
import org.alexnetstudio.data.ImageSet;
import org.alexnetstudio.data.PictureInput;
import org.alexnetstudio.train.Misclassified;
import org.alexnetstudio.train.explain.ExplainLayers;
import org.alexnetstudio.train.explain.Explainer;
import org.alexnetstudio.train.explain.Heatmaps;
import org.alexnetstudio.ui.mistakes.MistakesViewModel;
import org.alexnetstudio.ui.predict.PredictViewModel;
import org.alexnetstudio.ui.shared.ExplainRequest;
import org.alexnetstudio.ui.shared.Run;
import org.alexnetstudio.ui.training.Fixtures;
import org.alexnetstudio.viz.ArgbImage;
import org.alexnetstudio.viz.HeatmapImages;
import org.junit.jupiter.api.Test;

class ExplainViewModelTest {

    private static final Run RUN = Fixtures.trainedRun();

    /** The first mistake of the trained fixture run, as Mistakes' "Why?" sends it. */
    private static ExplainRequest firstMistake() {
        ExplainRequest[] sent = {null};
        MistakesViewModel mistakes = new MistakesViewModel(Fixtures.EN, Fixtures.NOW, Fixtures.NOW);
        mistakes.setRun(RUN);
        mistakes.setOnExplain(r -> sent[0] = r);
        Misclassified m = mistakes.shown().get(0);
        mistakes.explain(m);
        assertEquals(m, mistakes.selectedProperty().get(), "Why? selects the image too");
        assertNotNull(sent[0]);
        assertEquals(m.trueLabel(), sent[0].trueLabel());
        ImageSet test = RUN.testSet();
        assertArrayEquals(Arrays.copyOfRange(test.pixels(), m.index() * 784, (m.index() + 1) * 784), sent[0].item());
        assertEquals("Test image " + m.index(), sent[0].title());
        return sent[0];
    }

    private static ExplainViewModel vm(Executor background) {
        ExplainViewModel vm = new ExplainViewModel(Fixtures.EN, background, Fixtures.NOW);
        vm.setRun(RUN);
        return vm;
    }

    private static float[] input(ExplainRequest r) {
        return PictureInput.networkInput(r.item(), 28);
    }

    @Test
    void aMistakeIsExplainedForItsPredictedAndItsTrueClass() {
        ExplainRequest r = firstMistake();
        ExplainViewModel vm = vm(Fixtures.NOW);
        vm.show(r);
        float[] p = vm.probabilitiesProperty().get();
        assertNotNull(p);
        int predicted = 0;
        for (int c = 1; c < p.length; c++) {
            predicted = p[c] > p[predicted] ? c : predicted;
        }
        assertEquals(predicted, vm.classAProperty().get());
        assertEquals(r.trueLabel(), vm.classBProperty().get());
        assertNotEquals(predicted, r.trueLabel(), "a mistake");
        // tinyCnn: conv 0 → ReLU 1, Grad-CAM's default
        assertEquals(0, vm.convProperty().get());
        assertTrue(vm.verdictProperty().get().contains(Fixtures.EN.className(r.trueLabel())), vm.verdictProperty().get());

        Explainer ex = new Explainer(RUN.network());
        float[] x = input(r);
        for (ExplainViewModel.Row row : new ExplainViewModel.Row[]{vm.rowAProperty().get(), vm.rowBProperty().get()}) {
            Explainer.Gradients g = ex.gradients(x, row.cls(), ExplainLayers.camLayer(RUN.spec(), 0));
            assertPixels(HeatmapImages.overlay(x, 1, Heatmaps.normalise(g.saliency()), 28, 28, false, 0.5), row.saliency());
            assertPixels(HeatmapImages.overlay(x, 1, Heatmaps.normalise(g.gradCam()), 28, 28, false, 0.5), row.gradCam());
            assertNotNull(row.occlusion(), "occlusion finished");
            assertTrue(row.occlusionCaption().contains("4×4 patch every 2 px"), row.occlusionCaption());
        }
        assertFalse(vm.busyProperty().get());
        assertEquals("", vm.messageProperty().get());
    }

    @Test
    void switchingTheClassUpdatesItsRowAndOpacityOnlyRedraws() {
        ExplainRequest r = firstMistake();
        ExplainViewModel vm = vm(Fixtures.NOW);
        vm.show(r);
        ArgbImage before = vm.rowAProperty().get().saliency();
        int other = (vm.classAProperty().get() + 3) % 10;
        vm.chooseClassA(other);
        assertEquals(other, vm.rowAProperty().get().cls());
        assertEquals(other, vm.classAProperty().get());
        assertFalse(Arrays.equals(before.pixels(), vm.rowAProperty().get().saliency().pixels()));
        Explainer.Gradients g = new Explainer(RUN.network()).gradients(input(r), other, 1);
        assertPixels(HeatmapImages.overlay(input(r), 1, Heatmaps.normalise(g.saliency()), 28, 28, false, 0.5),
                vm.rowAProperty().get().saliency());
        // opacity 0: every map shows the grey picture alone
        vm.setOpacity(0);
        assertPixels(HeatmapImages.overlay(input(r), 1, new float[784], 28, 28, false, 0),
                vm.rowAProperty().get().gradCam());
        // no second class
        vm.chooseClassB(-1);
        assertNull(vm.rowBProperty().get());
    }

    @Test
    void smoothGradAndAnotherOcclusionPatch() {
        ExplainRequest r = firstMistake();
        ExplainViewModel vm = vm(Fixtures.NOW);
        vm.show(r);
        int a = vm.classAProperty().get();
        vm.setSmoothGrad(true);
        float[] smooth = new Explainer(RUN.network()).smoothGrad(input(r), a, ExplainViewModel.SMOOTH_SAMPLES,
                ExplainViewModel.SMOOTH_LEVEL, 1, org.alexnetstudio.train.explain.Progress.NONE);
        assertPixels(HeatmapImages.overlay(input(r), 1, Heatmaps.normalise(smooth), 28, 28, false, 0.5),
                vm.rowAProperty().get().saliency());
        assertTrue(vm.rowAProperty().get().saliencyCaption().startsWith("SmoothGrad"));
        vm.setOcclusion(7, 7);
        assertTrue(vm.rowAProperty().get().occlusionCaption().contains("7×7 patch every 7 px"));
    }

    @Test
    void cancellingStopsTheLongPartAndANewerPictureSupersedesAnOlderOne() {
        ExplainRequest r = firstMistake();
        ArrayDeque<Runnable> queue = new ArrayDeque<>();
        ExplainViewModel vm = vm(queue::add);
        vm.show(r);
        assertTrue(vm.busyProperty().get());
        vm.cancel();
        queue.poll().run();
        assertFalse(vm.busyProperty().get());
        assertEquals("Stopped; the maps computed so far stay.", vm.statusProperty().get());
        assertNotNull(vm.rowAProperty().get().saliency(), "the fast maps came before the stop");
        assertNull(vm.rowAProperty().get().occlusion());

        // two pictures in a row: only the second one's maps arrive
        ExplainRequest blank = new ExplainRequest(new byte[784], "blank", -1);
        vm.show(r);
        vm.show(blank);
        queue.poll().run();
        assertNull(vm.rowAProperty().get().saliency(), "the first picture's maps are dropped");
        queue.poll().run();
        assertEquals("blank", vm.titleProperty().get());
        assertNotNull(vm.rowAProperty().get().occlusion());
        assertTrue(queue.isEmpty());
    }

    @Test
    void withoutAPictureOrANetworkItSaysWhatIsMissing() {
        ExplainViewModel vm = new ExplainViewModel(Fixtures.EN, Fixtures.NOW, Fixtures.NOW);
        assertTrue(vm.messageProperty().get().startsWith("Choose a picture"));
        vm.show(new ExplainRequest(new byte[784], "blank", -1));
        assertTrue(vm.messageProperty().get().startsWith("Train or load a network"));
        assertNull(vm.rowAProperty().get());
        vm.setRun(RUN);
        assertEquals("", vm.messageProperty().get());
        assertNotNull(vm.rowAProperty().get());
    }

    @Test
    void aNetworkThatAppearsAfterTheRunWasShownGetsItsLayersAndClasses() {
        // A run's network exists only once its training starts: the run reaches the tab before it.
        Run later = new Run(9, RUN.spec(), RUN.config(), "sample", RUN.testSet());
        ExplainViewModel vm = new ExplainViewModel(Fixtures.EN, Fixtures.NOW, Fixtures.NOW);
        vm.setRun(later);
        assertEquals(-1, vm.convProperty().get());
        later.setLoadedNetwork(RUN.network());
        vm.show(firstMistake());
        assertEquals(java.util.List.of(0), vm.convLayers());
        assertEquals(0, vm.convProperty().get());
        assertEquals(10, vm.classesProperty().get());
        assertNotNull(vm.rowAProperty().get().gradCam(), "Grad-CAM on the network's conv layer");
    }

    @Test
    void predictSendsItsPictureWithItsTitle() {
        ExplainRequest[] sent = {null};
        PredictViewModel predict = new PredictViewModel(Fixtures.EN, Fixtures.NOW, Fixtures.NOW);
        predict.setRun(RUN);
        predict.setOnExplain(r -> sent[0] = r);
        predict.explain();
        assertNull(sent[0], "nothing drawn yet");
        byte[] item = new byte[784];
        item[400] = (byte) 255;
        predict.predict(item);
        predict.explain();
        assertArrayEquals(item, sent[0].item());
        assertEquals("Your drawing", sent[0].title());
        assertEquals(-1, sent[0].trueLabel());
    }

    private static void assertPixels(ArgbImage expected, ArgbImage actual) {
        assertNotNull(actual);
        assertEquals(expected.width(), actual.width());
        assertArrayEquals(expected.pixels(), actual.pixels());
    }

    @Test
    void theOcclusionCaptionSaysWhenHidingAPartRaisesTheClass() {
        org.alexnetstudio.ui.shared.Texts en = new org.alexnetstudio.ui.shared.Texts(java.util.Locale.ENGLISH);
        // drops of p(Sneaker) per pixel: hiding lowers it by at most 0.085, raises it by at most 0.011
        String both = ExplainViewModel.occlusionCaption(en, "Sneaker", 4, 2, 0.5f, new float[]{0.085f, -0.011f, 0});
        assertEquals("p(Sneaker) = 50.0%; 4×4 patch every 2 px; hiding a part lowers it by up to 8.5 points, "
                + "hiding another raises it by up to 1.1", both);
        String drop = ExplainViewModel.occlusionCaption(en, "Bag", 7, 7, 0.982f, new float[]{0.3f, 0, -0.0001f});
        assertEquals("p(Bag) = 98.2%; 7×7 patch every 7 px; hiding a part lowers it by up to 30.0 points", drop);
        String zh = ExplainViewModel.occlusionCaption(new org.alexnetstudio.ui.shared.Texts(java.util.Locale.SIMPLIFIED_CHINESE),
                "运动鞋", 4, 2, 0.5f, new float[]{0.085f, -0.011f});
        assertTrue(zh.contains("上升 1.1 个百分点"), zh);
    }
}
