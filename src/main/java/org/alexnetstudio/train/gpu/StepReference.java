package org.alexnetstudio.train.gpu;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.alexnetstudio.model.NetworkSpec;
import org.alexnetstudio.model.SpecFormatException;
import org.alexnetstudio.model.SpecJson;
import org.alexnetstudio.train.Npz;
import org.alexnetstudio.train.Tensor;

/**
 * One correctness case as the CPU computed it, for the GPU to repeat without ND4J: a network (its JSON),
 * seed and batch, a few SGD steps (rate, momentum, weight decay), and the tensors — each step's inputs,
 * labels and dropout masks, losses and correct counts, then the gradient buffers, state_dict and momentum
 * after each step, and test-mode logits of a test batch. Tensors larger than {@link #FULL} values are kept
 * as a fixed sample of {@link #SAMPLE} positions ({@link #positions}, derived from the key and the length,
 * so both sides pick the same), so that the book's AlexNet fits the GPU machine's 64 MiB carry; the loss
 * and the logits depend on every value.
 *
 * <p>On disk: {@code NAME.case} (properties), {@code NAME.network.json} and {@code NAME.npz}.
 */
public record StepReference(String name, String description, NetworkSpec spec, long seed, int batch, int testBatch,
                            List<Step> steps, Map<String, Tensor> tensors) {

    /** Tensors up to this many values are stored whole. */
    public static final int FULL = 1 << 13;
    /** Positions kept of a larger tensor (the same for a key and length on both sides: not stored). */
    public static final int SAMPLE = 1 << 12;

    /** One SGD step's settings (the rate as the schedule set it for that step). */
    public record Step(double learningRate, double momentum, double weightDecay) {
    }

    public StepReference {
        steps = List.copyOf(steps);
        tensors = new LinkedHashMap<>(tensors);
    }

    // ------------------------------------------------------------------ tensor names

    public static String input(int step) {
        return "input." + step;
    }

    public static String labels(int step) {
        return "labels." + step;
    }

    public static String mask(int step, int layer) {
        return "mask." + step + "." + layer;
    }

    public static String gradient(int step, String key) {
        return "grad." + step + "." + key;
    }

    public static String state(int step, String key) {
        return "state." + step + "." + key;
    }

    public static String velocity(int step, String key) {
        return "velocity." + step + "." + key;
    }

    public static String initial(String key) {
        return "initial." + key;
    }

    public static final String LOSS = "loss";
    public static final String CORRECT = "correct";
    public static final String TEST_INPUT = "test.input";
    public static final String TEST_LOGITS = "test.logits";
    /** Feature maps of the first test image with the initial weights, by layer. */
    public static String featureMap(int layer) {
        return "features." + layer;
    }

    /** The explanation of the first test image (initial weights, class 0's score), and the layer it captures. */
    public static final String EXPLAIN_INPUT = "explain.input";
    public static final String EXPLAIN_ACTIVATION = "explain.activation";
    public static final String EXPLAIN_GRADIENT = "explain.gradient";
    public static final String EXPLAIN_LAYER = "explain.layer";

    /** Test-mode logits of the initial weights (before any step). */
    public static final String TEST_LOGITS_INITIAL = "test.logits.initial";

    /** The sample positions of a tensor of {@code length} values under {@code key}: all when small. */
    public static long[] positions(String key, long length) {
        if (length <= FULL) {
            long[] all = new long[(int) length];
            for (int i = 0; i < all.length; i++) {
                all[i] = i;
            }
            return all;
        }
        SplittableRandom random = new SplittableRandom(key.hashCode() * 0x9E3779B97F4A7C15L);
        long[] p = random.longs(SAMPLE, 0, length).sorted().toArray();
        return p;
    }

    /** The values of {@code t} at positions {@code p} (all of t when p covers it). */
    public static Tensor pick(Tensor t, long[] p) {
        if (p.length == t.length()) {
            return t;
        }
        float[] v = t.floats();
        float[] out = new float[p.length];
        for (int i = 0; i < p.length; i++) {
            out[i] = v[(int) p[i]];
        }
        return Tensor.of(out, p.length);
    }

    // ------------------------------------------------------------------ files

    public void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        Properties meta = new Properties();
        meta.setProperty("description", description);
        meta.setProperty("seed", Long.toString(seed));
        meta.setProperty("batch", Integer.toString(batch));
        meta.setProperty("testBatch", Integer.toString(testBatch));
        meta.setProperty("steps", Integer.toString(steps.size()));
        for (int s = 0; s < steps.size(); s++) {
            Step st = steps.get(s);
            meta.setProperty("step." + (s + 1) + ".learningRate", Double.toString(st.learningRate()));
            meta.setProperty("step." + (s + 1) + ".momentum", Double.toString(st.momentum()));
            meta.setProperty("step." + (s + 1) + ".weightDecay", Double.toString(st.weightDecay()));
        }
        StringWriter text = new StringWriter();
        meta.store(text, "AlexNet Studio GPU correctness case " + name);
        Files.writeString(dir.resolve(name + ".case"), text.toString(), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve(name + ".network.json"), SpecJson.toJson(spec), StandardCharsets.UTF_8);
        Npz.write(tensors, dir.resolve(name + ".npz"));
    }

    public static StepReference read(Path dir, String name) throws IOException {
        Properties meta = new Properties();
        try (Reader r = new StringReader(Files.readString(dir.resolve(name + ".case"), StandardCharsets.UTF_8))) {
            meta.load(r);
        }
        NetworkSpec spec;
        try {
            spec = SpecJson.fromJson(Files.readString(dir.resolve(name + ".network.json"), StandardCharsets.UTF_8));
        } catch (SpecFormatException e) {
            throw new IOException(name + ".network.json: " + e.getMessage(), e);
        }
        int count = Integer.parseInt(meta.getProperty("steps"));
        List<Step> steps = new ArrayList<>();
        for (int s = 1; s <= count; s++) {
            steps.add(new Step(Double.parseDouble(meta.getProperty("step." + s + ".learningRate")),
                    Double.parseDouble(meta.getProperty("step." + s + ".momentum")),
                    Double.parseDouble(meta.getProperty("step." + s + ".weightDecay"))));
        }
        return new StepReference(name, meta.getProperty("description", ""), spec, Long.parseLong(meta.getProperty("seed")),
                Integer.parseInt(meta.getProperty("batch")), Integer.parseInt(meta.getProperty("testBatch")), steps,
                Npz.read(dir.resolve(name + ".npz")));
    }

    /** The case names in a folder, sorted. */
    public static List<String> names(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(f -> f.endsWith(".case"))
                    .map(f -> f.substring(0, f.length() - ".case".length())).sorted().toList();
        }
    }

    // ------------------------------------------------------------------ comparison

    /**
     * The relative error of {@code actual} against {@code expected}: the largest absolute difference over
     * the largest absolute expected value (0 when both are all zeros; infinite when a value is not finite
     * in one and finite in the other, or they differ in length).
     */
    public static double relativeError(float[] actual, float[] expected) {
        if (actual.length != expected.length) {
            return Double.POSITIVE_INFINITY;
        }
        double diff = 0;
        double scale = 0;
        for (int i = 0; i < actual.length; i++) {
            double a = actual[i];
            double e = expected[i];
            if (Double.isNaN(a) != Double.isNaN(e) || (!Double.isNaN(e) && Double.isInfinite(a) != Double.isInfinite(e))) {
                return Double.POSITIVE_INFINITY;
            }
            if (Double.isFinite(e)) {
                diff = Math.max(diff, Math.abs(a - e));
                scale = Math.max(scale, Math.abs(e));
            }
        }
        return diff == 0 ? 0 : scale == 0 ? Double.POSITIVE_INFINITY : diff / scale;
    }

    /** One line of the table: a quantity of a case, its worst relative error and where, and the limit. */
    public record Row(String caseName, String quantity, double error, String worst, double limit) {
        public boolean passed() {
            return error <= limit;
        }
    }

    /** The worst relative error over tensors: key → (actual, expected). */
    public static Row worst(String caseName, String quantity, Map<String, float[][]> pairs, double limit) {
        double err = 0;
        String where = "-";
        for (Map.Entry<String, float[][]> e : pairs.entrySet()) {
            double r = relativeError(e.getValue()[0], e.getValue()[1]);
            if (where.equals("-") || r > err) {
                err = r;
                where = e.getKey();
            }
        }
        return pairs.isEmpty() ? new Row(caseName, quantity, Double.POSITIVE_INFINITY, "nothing compared", limit)
                : new Row(caseName, quantity, err, where, limit);
    }

    /** The table the check prints last: one line per quantity, then a count of failures. */
    public static String table(List<Row> rows) {
        int nameWidth = Math.max(4, rows.stream().mapToInt(r -> r.caseName().length()).max().orElse(4));
        int qWidth = Math.max(8, rows.stream().mapToInt(r -> r.quantity().length()).max().orElse(8));
        StringBuilder out = new StringBuilder();
        String format = "%-" + nameWidth + "s  %-" + qWidth + "s  %10s  %8s  %-4s  %s%n";
        out.append(String.format(Locale.ROOT, format, "case", "quantity", "rel. error", "limit", "", "worst tensor"));
        long failed = 0;
        for (Row r : rows) {
            out.append(String.format(Locale.ROOT, format, r.caseName(), r.quantity(), String.format(Locale.ROOT, "%.2e",
                    r.error()), String.format(Locale.ROOT, "%.0e", r.limit()), r.passed() ? "ok" : "FAIL", r.worst()));
            failed += r.passed() ? 0 : 1;
        }
        out.append(String.format(Locale.ROOT, "%d of %d checks passed%s%n", rows.size() - failed, rows.size(),
                failed == 0 ? "" : "; " + failed + " FAILED"));
        return out.toString();
    }

    /** Float values of a tensor (int64 ones converted). */
    public static float[] values(Tensor t) {
        if (!t.isLong()) {
            return t.floats();
        }
        long[] l = t.longs();
        float[] f = new float[l.length];
        for (int i = 0; i < l.length; i++) {
            f[i] = l[i];
        }
        return f;
    }

    /** A tensor's shape as text (for messages). */
    static String shape(Tensor t) {
        return Arrays.toString(t.shape());
    }
}
