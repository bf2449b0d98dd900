package org.alexnetstudio.ui.lab;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import org.alexnetstudio.model.LearningRateSchedule;
import org.alexnetstudio.model.NetworkAnalysis;
import org.alexnetstudio.model.NetworkSpec;
import org.alexnetstudio.model.SpecFormatException;
import org.alexnetstudio.model.SpecJson;
import org.alexnetstudio.model.TrainingMemory;
import org.alexnetstudio.train.TrainingConfig;

/**
 * What the Lab keeps of one run from the run list: the network as trained, its settings, its
 * accuracy after every epoch, its speed and the memory it took. Immutable; saved with the lab so a
 * reopened app still knows the runs of earlier sessions.
 *
 * @param id            unique across sessions ({@code session:number})
 * @param number        the run's number in its session's run list
 * @param earlier       from an earlier session of the app (no longer in the run list)
 * @param spec          the network as trained: its input resized to {@code config.resize()}
 * @param data          the data set's description (the sample or the full Fashion-MNIST and where)
 * @param trainSize     training images used per epoch (0 when unknown)
 * @param testSize      test images the accuracy was measured on (0 when unknown)
 * @param status        FINISHED, STOPPED, FAILED or LOADED (a checkpoint)
 * @param testAccuracy  after each completed epoch
 * @param examplesPerSec training speed over the run (NaN when unknown)
 * @param peakRssBytes  the app process's peak resident memory while the run trained (-1 when not measured)
 * @param rssBeforeBytes the process's resident memory when the run started (-1 when not measured)
 * @param gpuPeakBytes  the GPU's measured peak while the run trained (-1: no GPU measurement)
 */
public record RunRecord(String id, int number, boolean earlier, NetworkSpec spec, TrainingConfig config, String data,
                        int trainSize, int testSize, String status, List<Double> testAccuracy,
                        List<Double> trainAccuracy, List<Double> trainLoss, double examplesPerSec, String device,
                        long peakRssBytes, long rssBeforeBytes, long gpuPeakBytes) {

    public RunRecord {
        testAccuracy = List.copyOf(testAccuracy);
        trainAccuracy = List.copyOf(trainAccuracy);
        trainLoss = List.copyOf(trainLoss);
    }

    /** Completed epochs (with a test accuracy). */
    public int epochs() {
        return testAccuracy.size();
    }

    /** Test accuracy after epoch {@code k} (1-based). */
    public double testAccuracyAt(int k) {
        return testAccuracy.get(k - 1);
    }

    public double finalTestAccuracy() {
        return testAccuracy.get(testAccuracy.size() - 1);
    }

    public double finalTrainAccuracy() {
        return trainAccuracy.isEmpty() ? Double.NaN : trainAccuracy.get(trainAccuracy.size() - 1);
    }

    public NetworkAnalysis analysis() {
        return spec.analyze();
    }

    public long macs() {
        return analysis().totalMacs();
    }

    public long parameters() {
        return analysis().totalParameters();
    }

    /** One training batch's memory counted from the shapes ({@link TrainingMemory}). */
    public TrainingMemory memory() {
        return TrainingMemory.of(analysis(), config.batchSize(), config.momentum() > 0);
    }

    /**
     * Trained on the same images and tested on the same images: the same data set and subset
     * sizes, and (when a subset was drawn) the same seed, which picks the subset.
     */
    public boolean sameData(RunRecord o) {
        boolean subset = config.trainLimit() > 0 || config.testLimit() > 0;
        return data.equals(o.data) && config.trainLimit() == o.config.trainLimit()
                && config.testLimit() == o.config.testLimit() && (!subset || config.seed() == o.config.seed());
    }

    /** The same layers trained at the same input size. */
    public boolean sameNetwork(RunRecord o) {
        return spec.equals(o.spec);
    }

    public RunRecord asEarlier() {
        return new RunRecord(id, number, true, spec, config, data, trainSize, testSize, status, testAccuracy,
                trainAccuracy, trainLoss, examplesPerSec, device, peakRssBytes, rssBeforeBytes, gpuPeakBytes);
    }

    // ---- saving --------------------------------------------------------------------------------

    /** One text value (a properties document) for the preferences. */
    String encode() {
        Properties p = new Properties();
        p.setProperty("id", id);
        p.setProperty("number", Integer.toString(number));
        p.setProperty("spec", SpecJson.toJson(spec));
        p.setProperty("lr", Double.toString(config.learningRate()));
        p.setProperty("momentum", Double.toString(config.momentum()));
        p.setProperty("weightDecay", Double.toString(config.weightDecay()));
        p.setProperty("batch", Integer.toString(config.batchSize()));
        p.setProperty("epochs", Integer.toString(config.epochs()));
        p.setProperty("seed", Long.toString(config.seed()));
        p.setProperty("resize", Integer.toString(config.resize()));
        p.setProperty("trainLimit", Integer.toString(config.trainLimit()));
        p.setProperty("testLimit", Integer.toString(config.testLimit()));
        p.setProperty("schedule", config.schedule().name());
        p.setProperty("data", data);
        p.setProperty("trainSize", Integer.toString(trainSize));
        p.setProperty("testSize", Integer.toString(testSize));
        p.setProperty("status", status);
        p.setProperty("testAcc", join(testAccuracy));
        p.setProperty("trainAcc", join(trainAccuracy));
        p.setProperty("trainLoss", join(trainLoss));
        p.setProperty("examplesPerSec", Double.toString(examplesPerSec));
        p.setProperty("device", device);
        p.setProperty("peakRss", Long.toString(peakRssBytes));
        p.setProperty("rssBefore", Long.toString(rssBeforeBytes));
        p.setProperty("gpuPeak", Long.toString(gpuPeakBytes));
        StringWriter w = new StringWriter();
        try {
            p.store(w, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // Drop the date comment that Properties.store writes first.
        return w.toString().lines().filter(l -> !l.startsWith("#")).reduce("", (a, b) -> a + b + "\n");
    }

    /** @throws IllegalArgumentException when the text is not a record this version can read */
    static RunRecord decode(String text, boolean earlier) {
        Properties p = new Properties();
        try {
            p.load(new StringReader(text));
            NetworkSpec spec = SpecJson.fromJson(required(p, "spec"));
            TrainingConfig config = new TrainingConfig(dbl(p, "lr"), dbl(p, "momentum"), dbl(p, "weightDecay"),
                    integer(p, "batch"), integer(p, "epochs"), Long.parseLong(required(p, "seed")),
                    integer(p, "resize"), integer(p, "trainLimit"), integer(p, "testLimit"),
                    LearningRateSchedule.valueOf(required(p, "schedule")));
            return new RunRecord(required(p, "id"), integer(p, "number"), earlier, spec, config, required(p, "data"),
                    integer(p, "trainSize"), integer(p, "testSize"), required(p, "status"), split(p, "testAcc"),
                    split(p, "trainAcc"), split(p, "trainLoss"), dbl(p, "examplesPerSec"), p.getProperty("device", ""),
                    Long.parseLong(required(p, "peakRss")), Long.parseLong(required(p, "rssBefore")),
                    Long.parseLong(required(p, "gpuPeak")));
        } catch (IOException | SpecFormatException | RuntimeException e) {
            throw new IllegalArgumentException("not a lab run record: " + e.getMessage(), e);
        }
    }

    private static String required(Properties p, String key) {
        String v = p.getProperty(key);
        if (v == null) {
            throw new IllegalArgumentException("missing " + key);
        }
        return v;
    }

    private static int integer(Properties p, String key) {
        return Integer.parseInt(required(p, key));
    }

    private static double dbl(Properties p, String key) {
        return Double.parseDouble(required(p, key));
    }

    private static String join(List<Double> values) {
        return String.join(",", values.stream().map(v -> String.format(Locale.ROOT, "%.6f", v)).toList());
    }

    private static List<Double> split(Properties p, String key) {
        String v = required(p, key);
        List<Double> out = new ArrayList<>();
        for (String s : v.split(",")) {
            if (!s.isBlank()) {
                out.add(Double.parseDouble(s));
            }
        }
        return out;
    }
}
