package org.alexnetstudio.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class LearningRateScheduleTest {

    @Test
    void constantIsTheBooksPlainSgd() {
        assertEquals(0.01, LearningRateSchedule.CONSTANT.rate(0.01, 0, 100));
        assertEquals(0.01, LearningRateSchedule.CONSTANT.rate(0.01, 99, 100));
    }

    @Test
    void cosineStartsAtTheRateAndDecaysToZero() {
        LearningRateSchedule c = LearningRateSchedule.COSINE;
        assertEquals(0.05, c.rate(0.05, 0, 100), 1e-15);         // ½(1 + cos 0) = 1
        assertEquals(0.025, c.rate(0.05, 50, 100), 1e-15);       // ½(1 + cos π/2) = ½
        assertEquals(0.05 * 0.5 * (1 + Math.cos(Math.PI * 0.25)), c.rate(0.05, 25, 100), 1e-15); // ≈ 0.854·lr
        assertEquals(0.0, c.rate(0.05, 100, 100), 1e-15);        // ½(1 + cos π) = 0
        assertEquals(0.0, c.rate(0.05, 150, 100), 1e-15);        // past the end: stays 0
    }

    @Test
    void recipesDefaultToConstant() {
        assertEquals(LearningRateSchedule.CONSTANT, TrainingRecipe.book(224).schedule());
        assertEquals(LearningRateSchedule.CONSTANT, new TrainingRecipe(28, 1, 1, 0.1, 0, 0).schedule());
        assertEquals(LearningRateSchedule.CONSTANT, new TrainingRecipe(28, 1, 1, 0.1, 0, 0, null).schedule());
    }
}
