package org.alexnetstudio.train;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import org.alexnetstudio.data.AtomicFiles;
import org.alexnetstudio.model.NetworkAnalysis;
import org.alexnetstudio.model.NetworkSpec;
import org.alexnetstudio.model.Shape;

/**
 * One training run of the book's {@code train_ch6} on a caller-supplied thread: builds the network,
 * trains epoch by epoch, evaluates on the test set after each epoch and reports to a
 * {@link TrainingListener}. Pause, resume and stop take effect between batches; after a stop (or a
 * NaN loss) the network keeps usable weights, so predictions still work.
 */
public final class TrainingSession {

    public enum State { NEW, RUNNING, PAUSED, FINISHED, STOPPED, FAILED }

    private final NetworkSpec spec;
    private final TrainingData data;
    private final TrainingConfig config;
    private final TrainingListener listener;
    private final Checkpoint resumeFrom;
    private final List<EpochMetrics> history = new CopyOnWriteArrayList<>();
    private final Object control = new Object();
    private volatile State state = State.NEW;
    private volatile boolean pauseRequested;
    private volatile boolean stopRequested;
    private volatile Network network;
    private volatile SgdOptimizer optimizer;
    private volatile EpochResult lastEpoch;
    private volatile long dataWaitNanos;
    private volatile long trainingWallNanos;
    private Network.Snapshot good;
    private int goodEpoch;
    private int startEpoch = 1;

    /**
     * @param spec  the network; its input is resized to {@code config.resize()} (channels kept)
     */
    public TrainingSession(NetworkSpec spec, TrainingData data, TrainingConfig config, TrainingListener listener) {
        this(spec, data, config, listener, null);
    }

    private TrainingSession(NetworkSpec spec, TrainingData data, TrainingConfig config, TrainingListener listener,
                            Checkpoint resumeFrom) {
        this.spec = spec.input().isSpatial() ? spec.withResize(config.resize()) : spec;
        this.data = data;
        this.config = config;
        this.listener = listener == null ? new TrainingListener() { } : listener;
        this.resumeFrom = resumeFrom;
        if (resumeFrom != null) {
            history.addAll(resumeFrom.history());
        }
    }

    /**
     * Continues a checkpointed run up to {@code config.epochs()} (pass the checkpoint's own config,
     * possibly with more epochs). Weights, momentum buffers and history come from the checkpoint.
     */
    public static TrainingSession resume(Checkpoint checkpoint, TrainingData data, TrainingConfig config,
                                         TrainingListener listener) {
        return new TrainingSession(checkpoint.spec(), data, config, listener, checkpoint);
    }

    /** Runs {@link #run()} on the executor (a single background thread in the GUI). */
    public CompletableFuture<FinalMetrics> start(Executor executor) {
        return CompletableFuture.supplyAsync(this::run, executor);
    }

    // ---------------------------------------------------------------- control

    /** Pauses before the next batch. */
    public void pause() {
        synchronized (control) {
            pauseRequested = true;
        }
    }

    public void resume() {
        synchronized (control) {
            pauseRequested = false;
            control.notifyAll();
        }
    }

    /** Stops before the next batch (a paused run stops at once); the weights stay usable. */
    public void stop() {
        synchronized (control) {
            stopRequested = true;
            control.notifyAll();
        }
    }

    public State state() {
        return state;
    }

    /** Waits while paused; true when the run should stop. */
    private boolean checkpointControl() throws InterruptedException {
        synchronized (control) {
            while (pauseRequested && !stopRequested) {
                state = State.PAUSED;
                control.wait();
            }
            if (!stopRequested) {
                state = State.RUNNING;
            }
            return stopRequested;
        }
    }

    // ---------------------------------------------------------------- the run

    /**
     * Trains on the calling thread.
     *
     * @return the final metrics (also given to {@link TrainingListener#finished})
     * @throws TrainingFailedException after {@link TrainingListener#failed} with the same message
     */
    public FinalMetrics run() {
        state = State.RUNNING;
        try {
            return train();
        } catch (TrainingFailedException e) {
            state = State.FAILED;
            listener.failed(e.getMessage());
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            state = State.STOPPED;
            throw new TrainingFailedException("interrupted");
        } catch (RuntimeException | OutOfMemoryError e) {
            state = State.FAILED;
            String message = e.getMessage() == null ? e.toString() : e.getMessage();
            listener.failed(message);
            throw new TrainingFailedException(message, e);
        } finally {
            Network net = network;
            if (net != null) {
                net.releaseBuffers(); // the kept network only predicts from here on
            }
        }
    }

    private FinalMetrics train() throws InterruptedException {
        List<String> problems = config.problems();
        if (!problems.isEmpty()) {
            throw new TrainingFailedException(String.join("\n", problems));
        }
        NetworkAnalysis analysis = spec.analyze();
        if (!analysis.isValid()) {
            throw new TrainingFailedException(String.join("\n", analysis.errorMessages()));
        }
        checkFitsData(analysis);
        // The engine first: the memory estimate reads the chosen backend's limits (JavaCPP's on the CPU),
        // and touching JavaCPP while the natives are still loading on another thread deadlocks.
        EngineInfo engine = Networks.awaitReady();
        boolean momentum = config.momentum() != 0;
        // a batch larger than the data is only as large as the data
        int realBatch = MemoryAdvice.effectiveBatch(config.batchSize(), data.size(TrainingData.Split.TRAIN),
                data.size(TrainingData.Split.TEST));
        MemoryEstimate memory = MemoryEstimate.of(analysis, realBatch, momentum);
        if (!memory.fits()) {
            throw new TrainingFailedException(MemoryAdvice.refusal(memory, analysis, realBatch, momentum));
        }
        Network net = Networks.build(spec, config.seed());
        net.reseed(config.seed());
        SgdOptimizer sgd = new SgdOptimizer(config.learningRate(), config.momentum(), config.weightDecay());
        int firstEpoch = 1;
        if (resumeFrom != null) {
            net.restore(new Network.Snapshot(resumeFrom.state(), resumeFrom.velocity()));
            firstEpoch = resumeFrom.epochsCompleted() + 1;
        }
        network = net;
        optimizer = sgd;
        startEpoch = firstEpoch;
        snapshot(firstEpoch - 1);

        int trainSize = data.size(TrainingData.Split.TRAIN);
        int testSize = data.size(TrainingData.Split.TEST);
        listener.started(new SessionInfo(engine.device(), engine.summary(), data.description(),
                summary(analysis), analysis.totalParameters(), trainSize, testSize, firstEpoch, config));

        long trainNanos = 0;
        long trainExamples = 0;
        double loss = Double.NaN;
        double accuracy = Double.NaN;
        int completed = firstEpoch - 1;
        for (int epoch = firstEpoch; epoch <= config.epochs(); epoch++) {
            double lossSum = 0;
            long correct = 0;
            long seen = 0;
            long epochNanos = 0;
            long epochStart = System.nanoTime();
            try (TrainingData.Batches batches = data.batches(TrainingData.Split.TRAIN, config.batchSize(),
                    config.resize(), true, config.seed(), epoch)) {
                int count = batches.batchCount();
                int every = Math.max(1, count / 5);
                for (int i = 0; batches.hasNext(); i++) {
                    if (checkpointControl()) {
                        return stopped(loss, accuracy, trainExamples, trainNanos, engine, completed);
                    }
                    TrainingData.DataBatch batch = batches.next();
                    sgd.setCurrentRate(config.learningRateAt((long) (epoch - 1) * count + i,
                            (long) config.epochs() * count));
                    long t0 = System.nanoTime();
                    Network.StepResult step = net.trainStep(batch.images(), batch.labels(), batch.size(), sgd);
                    long dt = System.nanoTime() - t0;
                    if (!Double.isFinite(step.loss())) {
                        rollBack();
                        throw diverged(step.loss(), epoch, i + 1);
                    }
                    trainNanos += dt;
                    epochNanos += dt;
                    trainExamples += step.size();
                    lossSum += step.loss() * step.size();
                    correct += step.correct();
                    seen += step.size();
                    loss = lossSum / seen;
                    accuracy = (double) correct / seen;
                    listener.stepDone(epoch, i + 1, count);
                    if ((i + 1) % every == 0 || i == count - 1) {
                        double speed = trainExamples / (trainNanos / 1e9);
                        listener.batchProgress(new BatchProgress(epoch, config.epochs(),
                                epoch - 1 + (i + 1) / (double) count, i + 1, count, loss, accuracy, speed,
                                eta(speed, epoch, seen, trainSize, testSize)));
                    }
                }
                dataWaitNanos += batches.waitNanos();
                trainingWallNanos += System.nanoTime() - epochStart;
            }
            if (checkpointControl()) {
                return stopped(loss, accuracy, trainExamples, trainNanos, engine, completed);
            }
            // The epoch's last step can leave NaN weights behind a finite loss: such an epoch is not good.
            if (!snapshot(epoch)) {
                rollBack();
                throw diverged(Double.NaN, epoch, 0);
            }
            EpochResult result = evaluate(net, epoch, loss, accuracy, seen / (epochNanos / 1e9));
            lastEpoch = result;
            history.add(result.metrics());
            completed = epoch;
            listener.epochEnd(result);
        }
        state = State.FINISHED;
        EpochResult last = lastEpoch;
        FinalMetrics done = new FinalMetrics(loss, accuracy, last == null ? Double.NaN : last.testAccuracy(),
                trainExamples / (trainNanos / 1e9), engine.device(), completed, false);
        listener.finished(done);
        return done;
    }

    private FinalMetrics stopped(double loss, double accuracy, long examples, long nanos, EngineInfo engine,
                                 int completed) {
        state = State.STOPPED;
        EpochResult last = lastEpoch;
        FinalMetrics m = new FinalMetrics(loss, accuracy, last == null ? Double.NaN : last.testAccuracy(),
                nanos == 0 ? 0 : examples / (nanos / 1e9), engine.device(), completed, true);
        listener.finished(m);
        return m;
    }

    /**
     * The hint after a NaN loss (or NaN weights after an epoch, {@code batch} 0): a rate known to
     * train this network, and which weights are kept.
     */
    private TrainingDivergedException diverged(double loss, int epoch, int batch) {
        double trainedRate = resumeFrom != null && resumeFrom.epochsCompleted() > 0
                ? resumeFrom.config().learningRate() : Double.NaN;
        LearningRateAdvice advice = LearningRateAdvice.after(config.learningRate(), spec, trainedRate);
        String rate = fmt(config.learningRate());
        String hint = batch == 0
                ? TrainMessages.format("training.nanWeights", epoch, rate, advice.sentence(Locale.getDefault()))
                : TrainMessages.format("training.nanLoss", Double.isNaN(loss) ? "NaN" : "infinite", epoch, batch,
                        rate, advice.sentence(Locale.getDefault()));
        return new TrainingDivergedException(hint, TrainMessages.format("training.nanKept", goodEpoch), goodEpoch,
                advice.rate());
    }

    private void checkFitsData(NetworkAnalysis analysis) {
        Shape out = analysis.output().orElseThrow();
        if (out.isSpatial()) {
            throw new TrainingFailedException(TrainMessages.format("network.outputNotFlat", out));
        }
        if (out.features() != data.classes()) {
            throw new TrainingFailedException(TrainMessages.format("network.wrongClasses", out.features(),
                    data.classes()));
        }
        if (spec.input().channels() != data.channels()) {
            throw new TrainingFailedException(TrainMessages.format("network.wrongChannels",
                    spec.input().channels(), data.channels()));
        }
        for (TrainingData.Split split : TrainingData.Split.values()) {
            if (data.size(split) == 0) {
                throw new TrainingFailedException(TrainMessages.format("training.noData",
                        split.name().toLowerCase(Locale.ROOT)));
            }
        }
    }

    /** Test accuracy, per-class accuracy, confusion matrix and the misclassified test images. */
    private EpochResult evaluate(Network net, int epoch, double loss, double accuracy, double speed) {
        int classes = data.classes();
        int[][] confusion = new int[classes][classes];
        List<Misclassified> wrong = new ArrayList<>();
        try (TrainingData.Batches batches = data.batches(TrainingData.Split.TEST, config.batchSize(),
                config.resize(), false, config.seed(), 0)) {
            while (batches.hasNext()) {
                TrainingData.DataBatch b = batches.next();
                float[][] probs = net.predict(b.images(), b.size());
                for (int k = 0; k < b.size(); k++) {
                    int predicted = argMax(probs[k]);
                    confusion[b.labels()[k]][predicted]++;
                    if (predicted != b.labels()[k]) {
                        wrong.add(new Misclassified(b.indices()[k], b.labels()[k], predicted, probs[k][predicted]));
                    }
                }
            }
        }
        wrong.sort(Comparator.comparingDouble(Misclassified::confidence).reversed()
                .thenComparingInt(Misclassified::index));
        double[] perClass = new double[classes];
        long right = 0;
        long total = 0;
        for (int c = 0; c < classes; c++) {
            int row = 0;
            for (int p = 0; p < classes; p++) {
                row += confusion[c][p];
            }
            perClass[c] = row == 0 ? Double.NaN : (double) confusion[c][c] / row;
            right += confusion[c][c];
            total += row;
        }
        return new EpochResult(epoch, config.epochs(), loss, accuracy, (double) right / total, perClass, confusion,
                List.copyOf(wrong), net.convWeights(), speed);
    }

    static int argMax(float[] v) {
        int best = 0;
        for (int k = 1; k < v.length; k++) {
            if (v[k] > v[best]) {
                best = k;
            }
        }
        return best;
    }

    /** Remaining training at the current speed, plus test passes (a forward pass costs about a third). */
    private Duration eta(double speed, int epoch, long seenThisEpoch, int trainSize, int testSize) {
        if (!(speed > 0)) {
            return Duration.ZERO;
        }
        int epochsLeft = config.epochs() - epoch;
        double examples = (trainSize - seenThisEpoch) + (double) epochsLeft * trainSize
                + (epochsLeft + 1) * testSize / 3.0;
        return Duration.ofMillis((long) (examples / speed * 1000));
    }

    /**
     * Keeps the weights as the last good ones.
     *
     * @return false, keeping nothing, when some weights after a trained epoch are NaN or infinite
     */
    private boolean snapshot(int epoch) {
        Network.Snapshot now = network.snapshot();
        if (epoch >= startEpoch && !Checkpoint.nonFinite(now.state()).isEmpty()) {
            return false;
        }
        good = now;
        goodEpoch = epoch;
        return true;
    }

    private void rollBack() {
        network.restore(good);
    }

    private static String summary(NetworkAnalysis a) {
        return String.format(Locale.ROOT, "%d layers, %,d parameters, input %s", a.layers().size(),
                a.totalParameters(), a.spec().input());
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.3g", v);
    }

    // ---------------------------------------------------------------- results for the GUI

    /** The network being trained (null until the run has built it). */
    public Network network() {
        return network;
    }

    /** The optimizer of the run (null until built); its current rate shows the schedule's progress. */
    SgdOptimizer optimizer() {
        return optimizer;
    }

    /**
     * Share of the training passes (not the test passes) spent waiting for the next batch: the data
     * pipeline keeps up when this stays near 0. Counts finished epochs.
     */
    public double dataWaitFraction() {
        long wall = trainingWallNanos;
        return wall == 0 ? 0 : (double) dataWaitNanos / wall;
    }

    /** The spec actually trained (input resized). */
    public NetworkSpec spec() {
        return spec;
    }

    public TrainingConfig config() {
        return config;
    }

    /** Every finished epoch's metrics (from the checkpoint too when resumed). */
    public List<EpochMetrics> history() {
        return List.copyOf(history);
    }

    /** The last finished epoch's full result, or null. Safe to call while training. */
    public EpochResult lastEpoch() {
        return lastEpoch;
    }

    /** Class probabilities for n images (waits at most one batch while training). */
    public float[][] predict(float[] images, int n) {
        return requireNetwork().predict(images, n);
    }

    /** Current conv weights (copies; waits at most one batch while training). */
    public List<ConvWeights> convWeights() {
        return requireNetwork().convWeights();
    }

    public List<FeatureMap> featureMaps(float[] image) {
        return requireNetwork().featureMaps(image);
    }

    /**
     * Saves weights, momentum, history and settings; consistent even while training runs.
     *
     * @return what is on disk now, to notice later that another run replaced it
     */
    public AtomicFiles.Written saveCheckpoint(Path file) throws IOException {
        Network.Snapshot now = requireNetwork().snapshot();
        int completed = history.isEmpty() ? 0 : history.get(history.size() - 1).epoch();
        return new Checkpoint(spec, config, now.state(), now.velocity(), List.copyOf(history), completed,
                data.description()).save(file);
    }

    private Network requireNetwork() {
        Network net = network;
        if (net == null) {
            throw new IllegalStateException("the network is not built yet: wait for started()");
        }
        return net;
    }
}
