package org.alexnetstudio.train;

import java.util.Locale;
import org.alexnetstudio.model.NetworkSpec;
import org.alexnetstudio.model.Preset;
import org.alexnetstudio.model.Presets;

/**
 * Which learning rate to try after a run diverged: one known to train this network (its preset's
 * recipe, or a rate it already trained with without diverging) when that is lower; else a tenth of
 * the rate that diverged, since nothing lower is known to work.
 *
 * @param rate    the suggested learning rate
 * @param source  why: {@code recipe}, {@code trained} or {@code tenth}
 * @param preset  the preset's title for {@code recipe}, else null
 */
public record LearningRateAdvice(double rate, String source, String preset) {

    /**
     * @param diverged     the rate at which the loss became NaN
     * @param spec         the network trained (input resized or not)
     * @param trainedRate  a rate this network trained with for at least an epoch without diverging
     *                     (a resumed checkpoint's), or NaN
     */
    public static LearningRateAdvice after(double diverged, NetworkSpec spec, double trainedRate) {
        for (Preset p : Presets.all()) {
            if (p.spec().layers().equals(spec.layers())
                    && p.spec().input().channels() == spec.input().channels()
                    && p.recipe().learningRate() < diverged) {
                return new LearningRateAdvice(p.recipe().learningRate(), "recipe", p.title());
            }
        }
        if (trainedRate > 0 && trainedRate < diverged) {
            return new LearningRateAdvice(trainedRate, "trained", null);
        }
        return new LearningRateAdvice(diverged / 10, "tenth", null);
    }

    /** "Try a learning rate of …" with where it comes from. */
    public String sentence(Locale locale) {
        String r = format(rate);
        return switch (source) {
            case "recipe" -> TrainMessages.format(locale, "training.tryRecipe", r, preset);
            case "trained" -> TrainMessages.format(locale, "training.tryTrained", r);
            default -> TrainMessages.format(locale, "training.tryTenth", r);
        };
    }

    /** Three significant digits, no trailing zeros: 0.05, 100, 0.00125. */
    static String format(double rate) {
        return new java.math.BigDecimal(rate).round(new java.math.MathContext(3)).stripTrailingZeros()
                .toPlainString();
    }
}
