package org.alexnetstudio.ui.training;

import java.util.List;
import java.util.Locale;

/**
 * Every run's chart points as one tidy CSV table: {@code run,series,epoch,value} (series is
 * train_loss, train_acc or test_acc), which spreadsheets and pandas pivot easily.
 */
public final class MetricsCsv {

    private MetricsCsv() {
    }

    public static String of(List<Run> runs) {
        StringBuilder sb = new StringBuilder("run,series,epoch,value,learning_rate,batch_size,resize\n");
        for (Run r : runs) {
            append(sb, r, "train_loss", r.trainLoss());
            append(sb, r, "train_acc", r.trainAccuracy());
            append(sb, r, "test_acc", r.testAccuracy());
        }
        return sb.toString();
    }

    private static void append(StringBuilder sb, Run r, String series, List<Run.Point> points) {
        for (Run.Point p : points) {
            sb.append(String.format(Locale.ROOT, "%d,%s,%.4f,%.6f,%s,%d,%d%n", r.number(), series, p.epoch(),
                    p.value(), r.config().learningRate(), r.config().batchSize(), r.config().resize()));
        }
    }
}
