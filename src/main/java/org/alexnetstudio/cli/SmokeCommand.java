package org.alexnetstudio.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.alexnetstudio.data.FashionMnist;
import org.alexnetstudio.data.FashionMnistData;
import org.alexnetstudio.model.NetworkAnalysis;
import org.alexnetstudio.model.Presets;
import org.alexnetstudio.train.Networks;
import org.alexnetstudio.train.EngineInfo;
import org.alexnetstudio.train.FashionMnistTrainingData;
import org.alexnetstudio.train.FinalMetrics;
import org.alexnetstudio.train.TrainingConfig;
import org.alexnetstudio.train.TrainingSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code --smoke}: proves an installed copy works with nothing else on the machine: the default
 * model, the bundled sample, ND4J's natives, one real training step. Used by the installer CI check.
 */
@Command(name = "smoke", hidden = true,
        description = "Headless self-test: default model, bundled sample, one training batch.")
public final class SmokeCommand implements Callable<Integer> {

    /** Small enough for any laptop at 224×224, big enough to exercise every layer. */
    private static final int BATCH = 8;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        long start = System.nanoTime();
        NetworkAnalysis analysis = Presets.alexnet().analyze();
        out.printf("smoke: model alexnet, %,d parameters, output %s%n", analysis.totalParameters(),
                analysis.output().map(Object::toString).orElse("invalid"));
        if (!analysis.isValid()) {
            out.println("smoke: FAILED: the default model is invalid");
            return 1;
        }
        FashionMnistData data = FashionMnist.loadSample();
        out.printf("smoke: data %s (%d train, %d test)%n", data.source().description(),
                data.train().size(), data.test().size());
        EngineInfo engine = Networks.awaitReady();
        out.println("smoke: engine " + engine.summary());
        TrainingConfig config = TrainingConfig.book().withBatchSize(BATCH).withEpochs(1)
                .withLimits(BATCH, BATCH);
        TrainingSession session = new TrainingSession(Presets.alexnet(),
                new FashionMnistTrainingData(data, BATCH, BATCH, config.seed()), config,
                new org.alexnetstudio.train.TrainingListener() { });
        FinalMetrics m = session.run();
        if (!Double.isFinite(m.trainLoss())) {
            out.println("smoke: FAILED: loss is " + m.trainLoss());
            return 1;
        }
        out.printf("smoke: one batch of %d at 224×224 trained, loss %.3f%n", BATCH, m.trainLoss());
        out.printf("smoke: ok in %.1f s%n", (System.nanoTime() - start) / 1e9);
        out.flush();
        return 0;
    }
}
