package org.alexnetstudio.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Locale;
import org.alexnetstudio.model.Conv2d;
import org.alexnetstudio.model.Flatten;
import org.alexnetstudio.model.LayerSpec;
import org.alexnetstudio.model.Linear;
import org.alexnetstudio.model.NetworkSpec;
import org.alexnetstudio.model.Presets;
import org.alexnetstudio.model.Shape;
import org.junit.jupiter.api.Test;

/** Issue 21, item 8: a one-click fix says when more fixes follow; layer 0's advice fits layer 0. */
class StudioViewModelFixesTest {

    private static StudioViewModel vm(NetworkSpec spec) {
        return new StudioViewModel(new I18n(Locale.ENGLISH), new ModelFormats(Locale.ENGLISH),
                Runnable::run, Runnable::run, spec);
    }

    @Test
    void aFixThatLeavesALaterLayerBrokenSaysSo() {
        // Input 32: (32+2-11)/4+1 = 6, pool (6-3)/2+1 = 2, conv 5×5 pad 2 keeps 2, pool (2-3)/2+1 = 0 at layer 5.
        StudioViewModel vm = vm(Presets.alexnet().withResize(32));
        assertEquals(5, vm.getFirstError().index());
        List<StudioViewModel.FixChoice> choices = vm.getFixChoices();
        assertFalse(choices.isEmpty());
        for (StudioViewModel.FixChoice c : choices) {
            NetworkSpec after = vm.getSpec().applyFix(5, c.fix());
            assertEquals(after.analyze().isValid(), c.completes(), c.label());
            if (!c.completes()) {
                // padding 1: (2+2-3)/2+1 = 1, then the last pool at layer 12: (1-3)/2+1 = 0
                int next = after.analyze().firstError().orElseThrow().index();
                assertTrue(next > 5);
                assertTrue(c.label().endsWith("then layer " + next + " ("
                        + after.layers().get(next).kind() + ") needs a fix too"), c.label());
            }
        }
        assertTrue(choices.stream().anyMatch(c -> c.label().contains("then layer 12 (MaxPool2d) needs a fix too")),
                choices.toString());
        // Following the chain ends in a valid network.
        int guard = 0;
        while (vm.getFirstError() != null && guard++ < 10) {
            vm.applyFix(vm.getFixChoices().get(0).fix());
        }
        assertTrue(vm.getAnalysis().isValid());
    }

    @Test
    void layerZerosErrorDoesNotTalkAboutAPoolingLayerBeforeIt() {
        // 11×11 kernel on an 8×8 input: (8+2·0-11)/4+1 = 0
        StudioViewModel vm = vm(new NetworkSpec(Shape.chw(1, 8, 8), List.<LayerSpec>of(
                new Conv2d(4, 11, 4, 0), new Flatten(), new Linear(10))));
        assertEquals(0, vm.getFirstError().index());
        String message = vm.getFirstError().error().message(Locale.ENGLISH);
        assertTrue(message.contains("⌊(8 + 2·0 − 11)/4⌋ + 1 = 0"), message);
        assertFalse(message.contains("pooling"), message);
        assertTrue(message.contains("larger input"), message);
        // Each fix offered here completes the network.
        assertTrue(vm.getFixChoices().stream().allMatch(StudioViewModel.FixChoice::completes), vm.getFixChoices().toString());
        // After a pooling layer the advice to remove one stays.
        StudioViewModel pooled = vm(Presets.alexnet().withResize(63));
        assertTrue(pooled.getFirstError().error().message(Locale.ENGLISH).contains("remove a pooling layer"));
    }
}
