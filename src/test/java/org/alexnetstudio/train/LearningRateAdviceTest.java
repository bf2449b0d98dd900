package org.alexnetstudio.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Locale;
import org.alexnetstudio.model.Conv2d;
import org.alexnetstudio.model.Flatten;
import org.alexnetstudio.model.Linear;
import org.alexnetstudio.model.NetworkSpec;
import org.alexnetstudio.model.Presets;
import org.alexnetstudio.model.Shape;
import org.junit.jupiter.api.Test;

class LearningRateAdviceTest {

    private static final NetworkSpec CUSTOM = new NetworkSpec(Shape.chw(1, 28, 28),
            List.of(new Conv2d(4, 3, 1, 1), new Flatten(), new Linear(10)));

    @Test
    void aPresetGetsItsRecipesRateNotATenthOfTheBadOne() {
        // the case: alexnet-mini (recipe 0.05) diverged at 1000; a tenth (100) diverges too
        LearningRateAdvice a = LearningRateAdvice.after(1000, Presets.alexnetMini(), Double.NaN);
        assertEquals(0.05, a.rate());
        assertEquals("recipe", a.source());
        // the input resized (the Train tab's resize) is still the preset's network
        assertEquals(0.01, LearningRateAdvice.after(2, Presets.alexnet().withResize(96), Double.NaN).rate());
        assertTrue(a.sentence(Locale.ENGLISH).contains("0.05"), a.sentence(Locale.ENGLISH));
        assertTrue(a.sentence(Locale.SIMPLIFIED_CHINESE).contains("0.05"), a.sentence(Locale.SIMPLIFIED_CHINESE));
    }

    @Test
    void aRateThisNetworkTrainedWithComesNext() {
        LearningRateAdvice a = LearningRateAdvice.after(5, CUSTOM, 0.02);
        assertEquals(0.02, a.rate());
        assertEquals("trained", a.source());
    }

    @Test
    void withNothingKnownToWorkItIsATenth() {
        assertEquals(0.5, LearningRateAdvice.after(5, CUSTOM, Double.NaN).rate(), 1e-12); // 5/10
        // the recipe's own rate diverged (0.9 for LeNet): nothing lower is known, so a tenth
        LearningRateAdvice lenet = LearningRateAdvice.after(0.9, Presets.lenet(), Double.NaN);
        assertEquals("tenth", lenet.source());
        assertEquals(0.09, lenet.rate(), 1e-12);
        // a rate that trained but is higher than the one that diverged is no advice
        assertEquals("tenth", LearningRateAdvice.after(0.1, CUSTOM, 0.5).source());
    }

    @Test
    void ratesAreWrittenPlainly() {
        assertEquals("0.05", LearningRateAdvice.format(0.05));
        assertEquals("100", LearningRateAdvice.format(100));
        assertEquals("0.00123", LearningRateAdvice.format(0.0012345));
    }
}
