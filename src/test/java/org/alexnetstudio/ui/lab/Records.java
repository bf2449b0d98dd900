package org.alexnetstudio.ui.lab;

import java.util.ArrayList;
import java.util.List;
import org.alexnetstudio.model.NetworkSpec;
import org.alexnetstudio.train.TrainingConfig;

/** Run records for the checks' tests: what the run list would hold after the student's runs. */
final class Records {

    static final String SAMPLE = "Bundled sample (test)";

    private Records() {
    }

    /**
     * A finished run on 500 training and 200 test images of the sample (seed 7), plain SGD, with
     * the given test accuracy after each epoch (train accuracy 0.02 above it).
     */
    static RunRecord run(int number, NetworkSpec spec, int resize, int batch, double... testAcc) {
        return run(number, spec, config(resize, batch, testAcc.length), testAcc);
    }

    static RunRecord run(int number, NetworkSpec spec, TrainingConfig config, double... testAcc) {
        List<Double> test = new ArrayList<>();
        List<Double> train = new ArrayList<>();
        List<Double> loss = new ArrayList<>();
        for (double a : testAcc) {
            test.add(a);
            train.add(a + 0.02);
            loss.add(1 - a);
        }
        return new RunRecord("1:" + number, number, false, spec.withResize(config.resize()), config, SAMPLE,
                config.trainLimit(), config.testLimit(), "FINISHED", test, train, loss, 100.0 * number, "cpu",
                -1, -1, -1);
    }

    static TrainingConfig config(int resize, int batch, int epochs) {
        return new TrainingConfig(0.01, 0, 0, batch, epochs, 7, resize, 500, 200);
    }

    /** The same run with other data: all training images instead of 500. */
    static RunRecord otherData(RunRecord r) {
        TrainingConfig c = r.config().withLimits(0, r.config().testLimit());
        return new RunRecord(r.id(), r.number(), false, r.spec(), c, r.data(), 2000, r.testSize(), r.status(),
                r.testAccuracy(), r.trainAccuracy(), r.trainLoss(), r.examplesPerSec(), r.device(), -1, -1, -1);
    }

    static RunRecord withPeak(RunRecord r, long peak) {
        return new RunRecord(r.id(), r.number(), false, r.spec(), r.config(), r.data(), r.trainSize(), r.testSize(),
                r.status(), r.testAccuracy(), r.trainAccuracy(), r.trainLoss(), r.examplesPerSec(), r.device(), peak,
                peak / 2, -1);
    }
}
