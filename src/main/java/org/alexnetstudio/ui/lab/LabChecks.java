package org.alexnetstudio.ui.lab;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.alexnetstudio.model.Conv2d;
import org.alexnetstudio.model.LayerReport;
import org.alexnetstudio.model.Linear;
import org.alexnetstudio.model.NetworkAnalysis;
import org.alexnetstudio.model.NetworkSpec;
import org.alexnetstudio.model.Preset;
import org.alexnetstudio.model.TrainingMemory;

/**
 * The Lab's checks: the app's state in, a verdict out. Each check looks at outcomes (which networks
 * were trained, on what data, how they did, what the student answered), never at how the student
 * got there, so a different route to the same answer passes too. Pure: no JavaFX, no files.
 *
 * <p>The rules, written down in docs/lab.md:
 * <ul>
 * <li>Runs count once they completed at least one epoch (stopped runs keep their finished epochs).</li>
 * <li>Two runs are compared on the same data ({@link RunRecord#sameData}) and at the same epoch
 *     (the fewer of their two epoch counts).</li>
 * <li>An accuracy difference counts when it exceeds the test set's noise: twice the standard error
 *     of the difference of two proportions, √(p₁(1−p₁)/n₁ + p₂(1−p₂)/n₂), and never less than
 *     {@link #MIN_TOLERANCE}.</li>
 * <li>A network is "simpler" than AlexNet when it needs no more multiply-accumulates and no more
 *     parameters, and at least {@link #CHEAPER} less of one of them.</li>
 * <li>The layers that "dominate" a cost together hold at least {@link #DOMINANT} of it, each holds at
 *     least {@link #MIN_SHARE}, and no layer left out holds more than one picked.</li>
 * </ul>
 */
public final class LabChecks {

    /** The smallest accuracy difference that counts, even on a large test set. */
    public static final double MIN_TOLERANCE = 0.02;
    /** "Meaningfully cheaper": at least 15 % fewer MACs or parameters. */
    public static final double CHEAPER = 0.15;
    /** Picked layers must hold at least this share of the cost together. */
    public static final double DOMINANT = 0.75;
    /** And each picked layer at least this share. */
    public static final double MIN_SHARE = 0.02;

    /**
     * The state a check reads.
     *
     * @param editor     the network open in the editor
     * @param runs       the runs in the run list and those kept from earlier sessions
     * @param picks      exercise 4's answer
     * @param batchSize  the Train tab's batch size (exercise 4's memory count)
     * @param momentum   whether the Train tab's optimizer keeps momentum
     * @param gpuPeak    the GPU's measured peak memory of the last run (-1: none)
     */
    public record LabInput(NetworkSpec editor, List<RunRecord> runs, Picks picks, int batchSize, boolean momentum,
                           long gpuPeak) {
        public LabInput {
            runs = List.copyOf(runs);
        }
    }

    private LabChecks() {
    }

    public static Verdict check(Exercise exercise, LabInput in) {
        List<RunRecord> runs = in.runs().stream().filter(r -> r.epochs() >= 1).toList();
        return switch (exercise) {
            case EPOCHS -> epochs(runs);
            case SIMPLER -> simpler(runs);
            case BATCH -> batch(runs);
            case COSTS -> costs(in);
            case LENET -> lenet(runs);
        };
    }

    // ---- exercise 1: more epochs, AlexNet against LeNet ----------------------------------------

    static Verdict epochs(List<RunRecord> runs) {
        List<Finding> f = new ArrayList<>();
        List<Msg> d = new ArrayList<>();
        Optional<RunRecord> lenet = mostEpochs(runs.stream().filter(r -> Networks.isLeNet(r.spec())).toList());
        List<RunRecord> alexnets = runs.stream().filter(r -> Networks.isAlexNetFamily(r.spec())).toList();
        f.add(lenet.map(l -> Finding.done("e1.lenet.done", l.number(), l.epochs(), l.finalTestAccuracy()))
                .orElse(Finding.todo("e1.lenet.todo")));
        Optional<RunRecord> longer = mostEpochs(alexnets.stream().filter(a -> shorterEpochs(a, alexnets) > 0).toList());
        if (alexnets.isEmpty()) {
            f.add(Finding.todo("e1.alexnet.todo"));
        } else if (longer.isEmpty()) {
            RunRecord a = mostEpochs(alexnets).orElseThrow();
            f.add(Finding.todo("e1.more.todo", a.number(), a.epochs(), recipeEpochs(a)));
        } else {
            RunRecord a = longer.get();
            f.add(Finding.done("e1.more.done", name(a), a.number(), a.epochs(), shorterEpochs(a, alexnets)));
        }
        if (longer.isPresent()) {
            RunRecord a = longer.get();
            int k0 = shorterEpochs(a, alexnets);
            d.add(Msg.of("e1.d.alexnet", name(a), a.number(), a.epochs(), a.finalTestAccuracy(), k0,
                    a.testAccuracyAt(k0), a.finalTestAccuracy() - a.testAccuracyAt(k0)));
            if (lenet.isPresent()) {
                RunRecord l = lenet.get();
                int k = Math.min(a.epochs(), l.epochs());
                d.add(Msg.of("e1.d.lenet", l.number(), l.epochs(), l.finalTestAccuracy(), k, a.testAccuracyAt(k),
                        l.testAccuracyAt(k)));
                d.add(Msg.of("e1.d.gap", a.finalTrainAccuracy() - a.finalTestAccuracy(),
                        l.finalTrainAccuracy() - l.finalTestAccuracy()));
                atChance(l).ifPresent(d::add);
                if (!a.sameData(l)) {
                    d.add(Msg.of("e1.d.otherData"));
                }
                d.add(Msg.of(a.testAccuracyAt(k) >= l.testAccuracyAt(k) ? "e1.d.whyAhead" : "e1.d.whyBehind"));
            }
        }
        return new Verdict(Exercise.EPOCHS, f, d, List.of());
    }

    /**
     * The epochs {@code a} is compared against: a shorter run of the same network on the same data,
     * else its preset's recipe; 0 when {@code a} trained no longer than either.
     */
    static int shorterEpochs(RunRecord a, List<RunRecord> others) {
        int shorter = others.stream().filter(b -> b != a && b.sameNetwork(a) && b.sameData(a) && b.epochs() < a.epochs())
                .mapToInt(RunRecord::epochs).max().orElse(0);
        if (shorter > 0) {
            return shorter;
        }
        int recipe = recipeEpochs(a);
        return a.epochs() > recipe ? recipe : 0;
    }

    static int recipeEpochs(RunRecord r) {
        return Networks.family(r.spec()).map(p -> p.recipe().epochs()).orElse(r.config().epochs());
    }

    // ---- exercise 2: a simpler AlexNet; a model for 28×28 -------------------------------------

    static Verdict simpler(List<RunRecord> runs) {
        List<Finding> f = new ArrayList<>();
        List<Msg> d = new ArrayList<>();
        // (a) a cheaper network against the book's AlexNet, on the same data, accuracy kept
        List<RunRecord> books = runs.stream().filter(r -> Networks.isBookAlexNet(r.spec())).toList();
        f.add(newest(books)
                .map(b -> Finding.done("e2.alexnet.done", b.number(), b.config().resize(), b.finalTestAccuracy()))
                .orElse(Finding.todo("e2.alexnet.todo")));
        List<RunRecord[]> cheaper = new ArrayList<>();
        for (RunRecord s : runs) {
            for (RunRecord a : books) {
                if (s != a && cheaper(s, a)) {
                    cheaper.add(new RunRecord[]{s, a});
                }
            }
        }
        List<RunRecord[]> comparable = cheaper.stream().filter(p -> p[0].sameData(p[1])).toList();
        if (cheaper.isEmpty()) {
            f.add(Finding.todo("e2.simpler.todo"));
            f.add(Finding.todo("e2.accuracy.wait"));
        } else if (comparable.isEmpty()) {
            RunRecord[] p = cheaper.get(cheaper.size() - 1);
            f.add(Finding.todo("e2.simpler.data.todo", p[0].number(), p[1].number()));
            f.add(Finding.todo("e2.accuracy.wait"));
        } else {
            // The pair that keeps accuracy best (largest margin against its tolerance).
            RunRecord[] best = comparable.stream().max(Comparator.comparingDouble(p -> margin(p[0], p[1]))).orElseThrow();
            RunRecord s = best[0];
            RunRecord a = best[1];
            f.add(Finding.done("e2.simpler.done", s.number(), percent(s.macs(), a.macs()),
                    percent(s.parameters(), a.parameters()), a.number()));
            int k = Math.min(s.epochs(), a.epochs());
            double tol = tolerance(s, a, k);
            boolean kept = margin(s, a) >= 0;
            f.add(kept ? Finding.done("e2.accuracy.done", s.number(), k, s.testAccuracyAt(k), a.testAccuracyAt(k), tol)
                    : Finding.todo("e2.accuracy.todo", s.number(), k, s.testAccuracyAt(k), a.testAccuracyAt(k), tol));
            d.add(Msg.of("e2.d.simpler", s.number(), compact(s.macs()), compact(s.parameters()),
                    percent(s.macs(), a.macs()), percent(s.parameters(), a.parameters()), a.number(),
                    speed(s), speed(a), k, s.testAccuracyAt(k), a.testAccuracyAt(k)));
            if (Double.isFinite(s.examplesPerSec()) && Double.isFinite(a.examplesPerSec()) && a.examplesPerSec() > 0) {
                double x = s.examplesPerSec() / a.examplesPerSec();
                d.add(Msg.of(x >= 1.1 ? "e2.d.faster" : "e2.d.notFaster", x));
            }
        }
        // (b) an own design trained at 28×28, next to alexnet-mini on the same data
        List<RunRecord> designs = runs.stream().filter(r -> is28(r) && Networks.preset(r.spec()).isEmpty()).toList();
        List<RunRecord> minis = runs.stream().filter(r -> is28(r) && Networks.isAlexNetMini(r.spec())).toList();
        Optional<RunRecord[]> pair = designs.stream().flatMap(x -> minis.stream().filter(m -> m.sameData(x))
                .map(m -> new RunRecord[]{x, m})).reduce((p, q) -> q);
        f.add(newest(designs)
                .map(x -> Finding.done("e2.design.done", x.number(), x.finalTestAccuracy()))
                .orElse(Finding.todo("e2.design.todo")));
        if (pair.isPresent()) {
            f.add(Finding.done("e2.mini.done", pair.get()[1].number(), pair.get()[0].number()));
        } else if (!minis.isEmpty() && !designs.isEmpty()) {
            f.add(Finding.todo("e2.mini.data.todo", minis.get(minis.size() - 1).number(),
                    designs.get(designs.size() - 1).number()));
        } else {
            f.add(Finding.todo("e2.mini.todo"));
        }
        pair.ifPresent(p -> {
            RunRecord x = p[0];
            RunRecord m = p[1];
            int k = Math.min(x.epochs(), m.epochs());
            double diff = x.testAccuracyAt(k) - m.testAccuracyAt(k);
            double tol = tolerance(x, m, k);
            d.add(Msg.of("e2.d.design", x.number(), compact(x.macs()), compact(x.parameters()), speed(x),
                    m.number(), compact(m.macs()), compact(m.parameters()), speed(m), k, x.testAccuracyAt(k),
                    m.testAccuracyAt(k)));
            String verdict = diff > tol ? "e2.d.better" : diff < -tol ? "e2.d.worse" : "e2.d.even";
            d.add(Msg.of(verdict, diff, tol, percent(x.parameters(), m.parameters()), percent(x.macs(), m.macs())));
        });
        return new Verdict(Exercise.SIMPLER, f, d, List.of());
    }

    /** No more MACs and parameters than {@code a}, and at least {@link #CHEAPER} fewer of one. */
    static boolean cheaper(RunRecord s, RunRecord a) {
        long sm = s.macs();
        long am = a.macs();
        long sp = s.parameters();
        long ap = a.parameters();
        return sm <= am && sp <= ap && (sm <= (1 - CHEAPER) * am || sp <= (1 - CHEAPER) * ap);
    }

    /** Tolerance minus the accuracy drop of {@code s} against {@code a}: ≥ 0 when accuracy was kept. */
    private static double margin(RunRecord s, RunRecord a) {
        int k = Math.min(s.epochs(), a.epochs());
        return tolerance(s, a, k) - (a.testAccuracyAt(k) - s.testAccuracyAt(k));
    }

    private static boolean is28(RunRecord r) {
        return r.spec().input().isSpatial() && r.spec().input().height() == 28 && r.spec().input().width() == 28;
    }

    // ---- exercise 3: batch size against accuracy and memory ------------------------------------

    static Verdict batch(List<RunRecord> runs) {
        List<Finding> f = new ArrayList<>();
        List<Msg> d = new ArrayList<>();
        // Runs of the same network on the same data, grouped; the group with the most batch sizes wins.
        List<List<RunRecord>> groups = new ArrayList<>();
        for (RunRecord r : runs) {
            groups.stream().filter(g -> g.get(0).sameNetwork(r) && g.get(0).sameData(r)).findFirst()
                    .ifPresentOrElse(g -> g.add(r), () -> groups.add(new ArrayList<>(List.of(r))));
        }
        Optional<List<RunRecord>> best = groups.stream().max(Comparator
                .comparingInt((List<RunRecord> g) -> batchSizes(g).size())
                .thenComparingInt(List::size)
                .thenComparingInt(g -> lastIndex(runs, g)));
        List<BatchRow> table = new ArrayList<>();
        if (best.isEmpty()) {
            f.add(Finding.todo("e3.first.todo"));
        } else {
            List<RunRecord> g = best.get();
            Set<Integer> sizes = batchSizes(g);
            RunRecord newest = g.get(g.size() - 1);
            if (sizes.size() < 2) {
                f.add(Finding.todo("e3.another.todo", name(newest), newest.number(), newest.config().batchSize()));
            } else {
                f.add(Finding.done("e3.batches.done", name(newest), sizes.size(),
                        sizes.stream().map(String::valueOf).collect(Collectors.joining(", "))));
            }
            g.stream().sorted(Comparator.comparingInt((RunRecord r) -> r.config().batchSize())
                            .thenComparingInt(RunRecord::number))
                    .forEach(r -> table.add(new BatchRow(r.number(), r.config().batchSize(), r.epochs(),
                            r.finalTestAccuracy(), r.examplesPerSec(), r.memory().totalBytes(), r.peakRssBytes(),
                            r.gpuPeakBytes())));
            if (sizes.size() >= 2) {
                // The newest run at the smallest and at the largest batch size.
                Map<Integer, RunRecord> byBatch = new LinkedHashMap<>();
                g.forEach(r -> byBatch.put(r.config().batchSize(), r));
                RunRecord small = byBatch.get(sizes.stream().min(Integer::compare).orElseThrow());
                RunRecord large = byBatch.get(sizes.stream().max(Integer::compare).orElseThrow());
                TrainingMemory ms = small.memory();
                TrainingMemory ml = large.memory();
                d.add(Msg.of("e3.d.memory", small.config().batchSize(), large.config().batchSize(),
                        mb(ms.totalBytes()), mb(ml.totalBytes()), mb(ms.activationStateBytes()),
                        mb(ml.activationStateBytes()), mb(ms.parameterStateBytes())));
                if (small.peakRssBytes() > 0 && large.peakRssBytes() > 0) {
                    d.add(Msg.of("e3.d.rss", mb(small.peakRssBytes()), mb(large.peakRssBytes()),
                            small.config().batchSize(), large.config().batchSize()));
                } else {
                    d.add(Msg.of("e3.d.rssUnknown"));
                }
                int k = Math.min(small.epochs(), large.epochs());
                d.add(Msg.of("e3.d.accuracy", k, small.testAccuracyAt(k), large.testAccuracyAt(k),
                        steps(small, k), steps(large, k), trim(small.config().learningRate()),
                        trim(large.config().learningRate())));
                d.add(Msg.of("e3.d.speed", speed(small), speed(large)));
                if (small.gpuPeakBytes() > 0 && large.gpuPeakBytes() > 0) {
                    d.add(Msg.of("e3.d.gpu", mb(small.gpuPeakBytes()), mb(large.gpuPeakBytes())));
                } else {
                    d.add(Msg.of("e3.d.noGpu"));
                }
            }
        }
        return new Verdict(Exercise.BATCH, f, d, table);
    }

    private static int lastIndex(List<RunRecord> runs, List<RunRecord> group) {
        return runs.indexOf(group.get(group.size() - 1));
    }

    private static Set<Integer> batchSizes(List<RunRecord> g) {
        return g.stream().map(r -> r.config().batchSize()).collect(Collectors.toCollection(TreeSet::new));
    }

    /** Optimizer steps over {@code epochs} epochs (the last batch of an epoch may be smaller). */
    private static String steps(RunRecord r, int epochs) {
        if (r.trainSize() <= 0) {
            return "?";
        }
        long perEpoch = (r.trainSize() + r.config().batchSize() - 1) / r.config().batchSize();
        return String.format(Locale.ROOT, "%,d", perEpoch * epochs);
    }

    // ---- exercise 4: which layers dominate memory and computation ------------------------------

    static Verdict costs(LabInput in) {
        List<Finding> f = new ArrayList<>();
        List<Msg> d = new ArrayList<>();
        NetworkSpec editor = in.editor();
        NetworkAnalysis a = editor.analyze();
        if (!Networks.isAlexNetFamily(editor) || !a.isValid()) {
            f.add(Finding.todo("e4.network.todo"));
            f.add(Finding.todo("e4.memory.empty"));
            f.add(Finding.todo("e4.compute.empty"));
            return new Verdict(Exercise.COSTS, f, d, List.of());
        }
        f.add(Finding.done("e4.network.done", name(editor), editor.input().toString()));
        Picks picks = in.picks().forNetwork(Networks.fingerprint(editor));
        Finding memory = judge("e4.memory", picks.memory(), a, true);
        Finding compute = judge("e4.compute", picks.compute(), a, false);
        f.add(memory);
        f.add(compute);
        if (memory.done() && compute.done()) {
            long params = a.totalParameters();
            long macs = a.totalMacs();
            long denseParams = sum(a, Linear.class, true);
            long convParams = sum(a, Conv2d.class, true);
            long denseMacs = sum(a, Linear.class, false);
            long convMacs = sum(a, Conv2d.class, false);
            d.add(Msg.of("e4.d.params", share(denseParams, params), compact(params), mb(a.weightBytes()),
                    share(convParams, params), share(denseMacs, macs)));
            d.add(Msg.of("e4.d.macs", share(convMacs, macs), compact(macs), share(convParams, params)));
            TrainingMemory m = TrainingMemory.of(a, in.batchSize(), in.momentum());
            long convActivations = 0;
            long denseWeights = 0;
            for (TrainingMemory.Layer l : m.layers()) {
                if (!(l.layer() instanceof Linear)) {
                    // Everything before the dense head: the feature maps of the convolutions, their activations and pools.
                    convActivations += denseSeen(a, l.index()) ? 0 : l.activationStateBytes();
                } else {
                    denseWeights += l.parameterStateBytes();
                }
            }
            d.add(Msg.of("e4.d.training", in.batchSize(), mb(m.weightBytes()), mb(m.weightGradientBytes()),
                    mb(m.momentumBytes()), mb(m.activationBytes()), mb(m.activationGradientBytes()),
                    mb(m.totalBytes())));
            d.add(Msg.of(convActivations > denseWeights ? "e4.d.activationsWin" : "e4.d.weightsWin",
                    mb(convActivations), mb(denseWeights), in.batchSize()));
            LayerReport topDense = top(a, Linear.class, true);
            LayerReport topConv = top(a, Conv2d.class, false);
            if (topDense != null && topConv != null) {
                d.add(Msg.of("e4.d.bandwidth", label(topDense), perByte(topDense), label(topConv), perByte(topConv)));
            }
            d.add(in.gpuPeak() > 0 ? Msg.of("e4.d.gpu", mb(in.gpuPeak())) : Msg.of("e4.d.noGpu"));
        }
        return new Verdict(Exercise.COSTS, f, d, List.of());
    }

    /**
     * Whether {@code picked} are the layers that dominate the cost (parameters or MACs): together at
     * least {@link #DOMINANT}, each at least {@link #MIN_SHARE}, none left out bigger than one picked.
     */
    static Finding judge(String key, Set<Integer> picked, NetworkAnalysis a, boolean parameters) {
        long total = parameters ? a.totalParameters() : a.totalMacs();
        List<LayerReport> layers = a.layers().stream().filter(r -> cost(r, parameters) > 0).toList();
        List<LayerReport> chosen = layers.stream().filter(r -> picked.contains(r.index())).toList();
        if (chosen.isEmpty() || total == 0) {
            return Finding.todo(key + ".empty");
        }
        double together = chosen.stream().mapToLong(r -> cost(r, parameters)).sum() / (double) total;
        LayerReport smallestPicked = chosen.stream().min(Comparator.comparingLong(r -> cost(r, parameters))).orElseThrow();
        Optional<LayerReport> biggestLeft = layers.stream().filter(r -> !picked.contains(r.index()))
                .max(Comparator.comparingLong(r -> cost(r, parameters)));
        if (cost(smallestPicked, parameters) < MIN_SHARE * total) {
            return Finding.todo(key + ".small", label(smallestPicked), share(cost(smallestPicked, parameters), total));
        }
        if (biggestLeft.isPresent() && cost(biggestLeft.get(), parameters) > cost(smallestPicked, parameters)) {
            LayerReport left = biggestLeft.get();
            return Finding.todo(key + ".bigger", label(left), share(cost(left, parameters), total),
                    label(smallestPicked), share(cost(smallestPicked, parameters), total));
        }
        if (together < DOMINANT) {
            return Finding.todo(key + ".little", 100 * together, chosen.size());
        }
        return Finding.done(key + ".done", chosen.stream().map(LabChecks::label).collect(Collectors.joining(", ")),
                100 * together);
    }

    private static long cost(LayerReport r, boolean parameters) {
        return parameters ? r.parameters() : r.macs();
    }

    private static long sum(NetworkAnalysis a, Class<?> kind, boolean parameters) {
        return a.layers().stream().filter(r -> kind.isInstance(r.layer())).mapToLong(r -> cost(r, parameters)).sum();
    }

    private static LayerReport top(NetworkAnalysis a, Class<?> kind, boolean parameters) {
        return a.layers().stream().filter(r -> kind.isInstance(r.layer()))
                .max(Comparator.comparingLong(r -> cost(r, parameters))).orElse(null);
    }

    /** Whether a dense layer comes at or before {@code index}. */
    private static boolean denseSeen(NetworkAnalysis a, int index) {
        return a.layers().stream().anyMatch(r -> r.index() <= index && r.layer() instanceof Linear);
    }

    /** Multiply-accumulates per byte of weights the layer reads, for one example. */
    private static double perByte(LayerReport r) {
        return r.parameters() == 0 ? 0 : r.macs() / (r.parameters() * 4.0);
    }

    /** {@code Conv2d #3}: the class name and index, as the cost table shows them. */
    static String label(LayerReport r) {
        return r.layer().kind() + " #" + r.index();
    }

    // ---- exercise 5: dropout and ReLU in LeNet; preprocessing ----------------------------------

    static Verdict lenet(List<RunRecord> runs) {
        List<Finding> f = new ArrayList<>();
        List<Msg> d = new ArrayList<>();
        List<RunRecord> lenets = runs.stream().filter(r -> Networks.isLeNet(r.spec())).toList();
        List<RunRecord> plain = lenets.stream().filter(r -> Networks.isPlainLeNet(r.spec())).toList();
        List<RunRecord> changed = lenets.stream().filter(r -> Networks.isLeNetWithReluAndDropout(r.spec())).toList();
        f.add(newest(plain)
                .map(b -> Finding.done("e5.baseline.done", b.number(), b.finalTestAccuracy()))
                .orElse(Finding.todo("e5.baseline.todo")));
        Optional<RunRecord[]> pair = changed.stream().flatMap(m -> plain.stream()
                .filter(b -> b.sameData(m) && b.config().resize() == m.config().resize())
                .map(b -> new RunRecord[]{m, b})).reduce((p, q) -> q);
        if (pair.isPresent()) {
            f.add(Finding.done("e5.modified.done", pair.get()[0].number(), pair.get()[1].number()));
        } else if (!changed.isEmpty() && !plain.isEmpty()) {
            f.add(Finding.todo("e5.modified.data.todo", changed.get(changed.size() - 1).number()));
        } else if (changed.isEmpty() && lenets.stream().anyMatch(r -> Networks.has(r.spec(), org.alexnetstudio.model.ReLU.class)
                && !Networks.hasDropout(r.spec()))) {
            f.add(Finding.todo("e5.modified.dropout.todo"));
        } else if (changed.isEmpty() && lenets.stream().anyMatch(r -> Networks.hasDropout(r.spec())
                && !Networks.has(r.spec(), org.alexnetstudio.model.ReLU.class))) {
            f.add(Finding.todo("e5.modified.relu.todo"));
        } else {
            f.add(Finding.todo("e5.modified.todo"));
        }
        // Preprocessing: the same LeNet at another input size (the app's preprocessing is the resize).
        Optional<RunRecord[]> resized = lenets.stream().filter(p -> p.config().resize() != 28)
                .flatMap(p -> lenets.stream().filter(q -> q.config().resize() == 28 && q.sameData(p)
                        && q.spec().layers().equals(p.spec().layers())).map(q -> new RunRecord[]{p, q}))
                .reduce((p, q) -> q);
        f.add(resized.map(p -> Finding.done("e5.preprocess.done", p[0].number(), p[0].config().resize(), p[1].number()))
                .orElse(Finding.todo("e5.preprocess.todo")));
        pair.ifPresent(p -> {
            RunRecord m = p[0];
            RunRecord b = p[1];
            int k = Math.min(m.epochs(), b.epochs());
            double diff = m.testAccuracyAt(k) - b.testAccuracyAt(k);
            double tol = tolerance(m, b, k);
            d.add(Msg.of("e5.d.relu", m.number(), b.number(), k, m.testAccuracyAt(k), b.testAccuracyAt(k), diff,
                    trim(m.config().learningRate()), trim(b.config().learningRate())));
            d.add(Msg.of(diff > tol ? "e5.d.helped" : diff < -tol ? "e5.d.hurt" : "e5.d.even", tol,
                    m.finalTrainAccuracy() - m.finalTestAccuracy(), b.finalTrainAccuracy() - b.finalTestAccuracy()));
            atChance(b).ifPresent(d::add);
        });
        resized.ifPresent(p -> {
            RunRecord r = p[0];
            RunRecord q = p[1];
            int k = Math.min(r.epochs(), q.epochs());
            d.add(Msg.of("e5.d.preprocess", r.config().resize(), r.number(), r.testAccuracyAt(k), q.number(),
                    q.testAccuracyAt(k), k, compact(r.macs()), compact(q.macs()), tolerance(r, q, k)));
        });
        if (pair.isPresent() || resized.isPresent()) {
            d.add(Msg.of("e5.d.why"));
        }
        return new Verdict(Exercise.LENET, f, d, List.of());
    }

    // ---- shared --------------------------------------------------------------------------------

    /** Test accuracy at or below this is guessing among 10 classes (0.1) plus a little. */
    static final double CHANCE = 0.15;

    /** A note when a LeNet run has not left chance level yet (the sigmoid LeNet's long plateau). */
    static Optional<Msg> atChance(RunRecord r) {
        if (r.finalTestAccuracy() > CHANCE) {
            return Optional.empty();
        }
        return Optional.of(Msg.of("d.lenetChance", r.number(), r.finalTestAccuracy(), steps(r, r.epochs())));
    }

    /**
     * The smallest accuracy difference between two runs at epoch {@code k} that their test sets can
     * show: twice the standard error of the difference, at least {@link #MIN_TOLERANCE}.
     */
    static double tolerance(RunRecord a, RunRecord b, int k) {
        return tolerance(a.testAccuracyAt(k), a.testSize(), b.testAccuracyAt(k), b.testSize());
    }

    static double tolerance(double pa, int na, double pb, int nb) {
        if (na <= 0 || nb <= 0) {
            return MIN_TOLERANCE;
        }
        double se = Math.sqrt(pa * (1 - pa) / na + pb * (1 - pb) / nb);
        return Math.max(MIN_TOLERANCE, 2 * se);
    }

    /** The network's name: its preset's id, or what it is a variant of. */
    static Msg name(NetworkSpec spec) {
        Optional<Preset> p = Networks.preset(spec);
        if (p.isPresent()) {
            return Msg.of("net." + p.get().id());
        }
        if (Networks.isLeNet(spec)) {
            return Msg.of("net.lenetVariant");
        }
        if (Networks.isAlexNetFamily(spec)) {
            return Msg.of("net.alexnetVariant");
        }
        return Msg.of("net.own");
    }

    static Msg name(RunRecord r) {
        return name(r.spec());
    }

    /** The run with the most epochs, the newest of those (later in the list is newer). */
    private static Optional<RunRecord> mostEpochs(List<RunRecord> runs) {
        return runs.stream().reduce((x, y) -> y.epochs() >= x.epochs() ? y : x);
    }

    /** The last run of the list: runs come oldest first (earlier sessions' before this one's). */
    private static Optional<RunRecord> newest(List<RunRecord> runs) {
        return runs.isEmpty() ? Optional.empty() : Optional.of(runs.get(runs.size() - 1));
    }

    private static double percent(long part, long whole) {
        return whole == 0 ? 0 : 100.0 * part / whole;
    }

    private static double share(long part, long whole) {
        return percent(part, whole);
    }

    private static String compact(long n) {
        return org.alexnetstudio.ui.Units.compact(Locale.ROOT, n);
    }

    /** Decimal megabytes as text: 187.1, 0.74. */
    static String mb(long bytes) {
        double v = bytes / 1e6;
        return v >= 10 ? String.format(Locale.ROOT, "%,.1f", v) : String.format(Locale.ROOT, "%.2f", v);
    }

    private static String speed(RunRecord r) {
        return Double.isFinite(r.examplesPerSec()) ? String.format(Locale.ROOT, "%,.0f", r.examplesPerSec()) : "?";
    }

    private static String trim(double v) {
        String s = String.format(Locale.ROOT, "%.6f", v).replaceAll("0+$", "");
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }
}
