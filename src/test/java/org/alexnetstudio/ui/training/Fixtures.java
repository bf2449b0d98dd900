package org.alexnetstudio.ui.training;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executor;
import org.alexnetstudio.data.DataException;
import org.alexnetstudio.data.FashionMnist;
import org.alexnetstudio.data.FashionMnistData;
import org.alexnetstudio.model.Conv2d;
import org.alexnetstudio.model.Flatten;
import org.alexnetstudio.model.LayerSpec;
import org.alexnetstudio.model.Linear;
import org.alexnetstudio.model.MaxPool2d;
import org.alexnetstudio.model.NetworkSpec;
import org.alexnetstudio.model.ReLU;
import org.alexnetstudio.model.Shape;
import org.alexnetstudio.train.TrainingConfig;
import org.alexnetstudio.ui.shared.Run;
import org.alexnetstudio.ui.shared.Texts;

/** A network and settings small enough to train in a second or two on the bundled sample. */
public final class Fixtures {

    public static final Executor NOW = Runnable::run;
    public static final Texts EN = new Texts(Locale.ENGLISH);
    private static FashionMnistData sample;

    private Fixtures() {
    }

    /** 1×28×28 → conv 6 (5×5, pad 2) → 6×28×28 → pool → 6×14×14 = 1176 → 10. */
    public static NetworkSpec tinyCnn() {
        return new NetworkSpec(Shape.chw(1, 28, 28), List.<LayerSpec>of(
                new Conv2d(6, 5, 1, 2), new ReLU(), new MaxPool2d(2, 2),
                new Flatten(), new Linear(10)));
    }

    /** 500 training and 200 test images, batch 50 (10 batches: 5 chart points per epoch). */
    public static TrainingConfig tinyConfig(int epochs) {
        return new TrainingConfig(0.1, 0.9, 0, 50, epochs, 7, 28, 500, 200);
    }

    public static synchronized FashionMnistData sample() {
        if (sample == null) {
            try {
                sample = FashionMnist.loadSample();
            } catch (DataException e) {
                throw new IllegalStateException(e);
            }
        }
        return sample;
    }

    private static Run trained;

    /** One finished 1-epoch run of {@link #tinyCnn()}, trained once per test JVM. */
    public static synchronized Run trainedRun() {
        if (trained == null) {
            trained = synchronousVm(1).start(tinyCnn()).orElseThrow();
        }
        return trained;
    }

    /** A view model that runs everything on the calling thread. */
    public static TrainingViewModel synchronousVm(int epochs) {
        TrainingViewModel vm = new TrainingViewModel(EN, NOW, NOW, NOW);
        vm.setData(sample());
        vm.updateConfig(c -> tinyConfig(epochs));
        return vm;
    }
}
