package org.alexnetstudio.ui.training;

import java.util.List;
import java.util.Locale;
import org.alexnetstudio.train.TrainingConfig;
import org.alexnetstudio.ui.shared.Run;

/**
 * Every run's chart points as one tidy CSV table: {@code run,series,epoch,value} (series is
 * train_loss, train_acc or test_acc), which spreadsheets and pandas pivot easily. Each row also
 * carries its run's whole recipe and device, so runs can be compared by any setting.
 */
public final class MetricsCsv {

    private MetricsCsv() {
    }

    public static String of(List<Run> runs) {
        StringBuilder sb = new StringBuilder("run,series,epoch,value,learning_rate,batch_size,resize,"
                + "momentum,weight_decay,lr_schedule,epochs,seed,train_limit,test_limit,device\n");
        for (Run r : runs) {
            append(sb, r, "train_loss", r.trainLoss());
            append(sb, r, "train_acc", r.trainAccuracy());
            append(sb, r, "test_acc", r.testAccuracy());
        }
        return sb.toString();
    }

    private static void append(StringBuilder sb, Run r, String series, List<Run.Point> points) {
        TrainingConfig c = r.config();
        String recipe = String.format(Locale.ROOT, "%s,%d,%d,%s,%s,%s,%d,%d,%d,%d,%s",
                TrainingView.trim(c.learningRate()), c.batchSize(), c.resize(), TrainingView.trim(c.momentum()),
                TrainingView.trim(c.weightDecay()), c.schedule().name().toLowerCase(Locale.ROOT),
                c.epochs(), c.seed(), c.trainLimit(), c.testLimit(), r.device());
        for (Run.Point p : points) {
            sb.append(String.format(Locale.ROOT, "%d,%s,%.4f,%.6f,%s\n", r.number(), series, p.epoch(), p.value(),
                    recipe));
        }
    }
}
