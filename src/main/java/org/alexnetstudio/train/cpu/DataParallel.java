package org.alexnetstudio.train.cpu;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.alexnetstudio.train.SgdOptimizer;
import org.nd4j.linalg.api.blas.Blas;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * Data parallelism across the CPU's cores for small networks: the batch is split into one shard per
 * core, each shard runs the direct step's forward and backward on a thread of its own with
 * single-threaded ops, and the shards' parameter gradients are added before the update.
 *
 * <p>Why: alexnet-mini's layers are small (7×7 and 14×14 maps), and splitting each op across 2 cores
 * cost more in OpenMP wake-ups and joins (~120 native calls a step) than it gained: one thread ran its
 * step as fast as two, while two single-threaded half batches took clearly less (docs/performance.md).
 *
 * <p>Same semantics as one pass over the whole batch: batch norm normalises with the statistics of the
 * whole batch (each shard's per-channel sums are exchanged through {@link ShardLink}), the loss is the
 * mean over the whole batch (each shard weighs its mean by its share), and dropout masks are drawn on
 * the calling thread in layer order, from the same RNG. {@code DataParallelTest} holds it equal to the
 * unsharded step.
 */
final class DataParallel {

    /** {@code -Dalexnet.shards=N} forces N shards (1: off); otherwise one per core for small networks. */
    static final String SHARDS_PROPERTY = "alexnet.shards";

    /**
     * Networks up to this many parameters are sharded: each extra shard holds its own copy of the
     * parameter gradients (alexnet-mini: 1.7 MB; the book's AlexNet: 187 MB, whose large ops already
     * use both cores well).
     */
    static final long MAX_PARAMETERS = 4_000_000;

    /** Fewer examples per shard than this and the pass runs unsharded (a last tiny batch, calibration). */
    static final int MIN_PER_SHARD = 8;

    /** {@link ShardLink#allReduce} site of the shards' losses (batch norm's sites are ≥ 0). */
    private static final int LOSS_SITE = -1;

    private static final Object BLAS_LOCK = new Object();
    private static int singleThreadedBlasUsers;
    private static int blasThreads;

    private final NetworkArrays arrays;
    private final TrainingStep[] replicas;
    private final ShardLink link;
    private ExecutorService pool;
    /** Per dropout layer: the whole batch's mask, drawn in one call as without shards. */
    private final List<INDArray> wholeMasks = new ArrayList<>();

    /** The primary (shard 0, whose gradients receive the others') and {@code shards − 1} more, sharing {@code link}. */
    DataParallel(NetworkArrays arrays, TrainingStep primary, TrainingStep[] others, ShardLink link) {
        this.arrays = arrays;
        this.link = link;
        replicas = new TrainingStep[others.length + 1];
        replicas[0] = primary;
        System.arraycopy(others, 0, replicas, 1, others.length);
    }

    /** How many shards the training step of a network with this many parameters uses (1: none). */
    static int shardsFor(long parameterCount) {
        String forced = System.getProperty(SHARDS_PROPERTY, "").trim();
        if (forced.matches("\\d{1,3}")) {
            return Math.max(1, Integer.parseInt(forced));
        } // anything else: the default below
        return parameterCount <= MAX_PARAMETERS ? Math.max(1, Nd4j.getEnvironment().maxThreads()) : 1;
    }

    int shards() {
        return replicas.length;
    }

    /** Whether a batch of n is split (else the primary runs it alone, as without sharding). */
    boolean splits(int n) {
        return n >= MIN_PER_SHARD * replicas.length;
    }

    /**
     * Forward and backward of n examples split across the shards; the primary's gradients then hold
     * the whole batch's (the others' added in).
     */
    TrainingStep.Pass forwardBackward(float[] images, int[] labels, int n) {
        return run(images, labels, n, null, null);
    }

    /**
     * A whole training step split across the shards: passes, then each shard adds up and updates its
     * share of the parameters and running statistics (the update is not left to one thread while the
     * other core idles). No update when the batch's loss is not finite, as without shards.
     */
    TrainingStep.Pass step(float[] images, int[] labels, int n, CpuSgd sgd, SgdOptimizer rule) {
        return run(images, labels, n, sgd, rule);
    }

    private TrainingStep.Pass run(float[] images, int[] labels, int n, CpuSgd sgd, SgdOptimizer rule) {
        int k = replicas.length;
        TrainingPlan[] plans = new TrainingPlan[k];
        int[] starts = new int[k];
        int start = 0;
        for (int s = 0; s < k; s++) {
            int size = n / k + (s < n % k ? 1 : 0);
            starts[s] = start;
            start += size;
            plans[s] = replicas[s].shardPlan(size, n);
        }
        // Masks on this thread (ND4J's RNG is per thread): one draw per layer for the whole batch, as
        // without shards, so a seed gives the same run either way; each shard gets its rows.
        int masks = plans[0].context.masks.size();
        for (int m = 0; m < masks; m++) {
            TrainingContext.Mask first = plans[0].context.masks.get(m);
            INDArray whole = wholeMask(m, first.mask(), n);
            DropoutOps.fill(whole, first.p());
            for (int s = 0; s < k; s++) {
                INDArray rows = plans[s].context.masks.get(m).mask();
                rows.assign(whole.get(NDArrayIndex.interval(starts[s], starts[s] + rows.size(0))));
            }
        }
        link.reset();
        List<Future<TrainingStep.Pass>> futures = new ArrayList<>(k);
        ExecutorService threads = pool();
        for (int s = 0; s < k; s++) {
            TrainingStep replica = replicas[s];
            TrainingPlan plan = plans[s];
            int first = starts[s];
            int shard = s;
            TrainingContext whole = plans[0].context;
            futures.add(threads.submit(() -> {
                try {
                    TrainingStep.Pass pass = replica.shardPass(plan, images, labels, first);
                    double[] loss = {pass.loss()};
                    link.allReduce(LOSS_SITE, shard, 1, loss); // also: every shard's gradients are done
                    addGradients(shard);
                    if (sgd != null && Double.isFinite(loss[0])) {
                        sgd.step(rule, arrays.parameters(), arrays::array, replicas[0].gradients(), shard, k);
                        // the statistics of the whole batch, which every shard's plan holds
                        for (int j = shard; j < whole.norms.size(); j += k) {
                            TrainingContext.Norm bn = whole.norms.get(j);
                            arrays.runningStatistics(bn.layer()).update(bn.mean(), bn.var(), bn.positions() * n);
                        }
                    }
                    return pass;
                } catch (RuntimeException | Error e) {
                    link.breakAll();
                    throw e;
                }
            }));
        }
        double loss = 0;
        int correct = 0;
        for (TrainingStep.Pass p : join(futures)) {
            loss += p.loss();
            correct += p.correct();
        }
        return new TrainingStep.Pass(loss, correct, plans[0], n);
    }

    /** Every shard's result, or the exception of the shard that failed first (not the partners it made throw). */
    private <T> List<T> join(List<Future<T>> futures) {
        List<T> results = new ArrayList<>(futures.size());
        Throwable failure = null;
        for (Future<T> f : futures) {
            try {
                results.add(f.get());
            } catch (ExecutionException e) {
                if (failure == null || failure instanceof ShardLink.ShardFailedException) {
                    failure = e.getCause();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                link.breakAll();
                throw new IllegalStateException("interrupted while the shards ran", e);
            }
        }
        if (failure instanceof RuntimeException r) {
            throw r;
        }
        if (failure instanceof Error err) {
            throw err;
        }
        if (failure != null) {
            throw new IllegalStateException(failure);
        }
        return results;
    }

    /**
     * Runs a whole sharded step (passes, gradient sums, update) with OpenBLAS on one thread per call.
     * Its thread count is global, not per calling thread, and its worker keeps spinning (sched_yield)
     * for a while after each threaded call: an update's axpy on 2 threads left that worker busy through the next
     * step's shards, a third busy thread on 2 cores, and the shards then waited on each other at batch
     * norm's exchanges (found with gdb and per-thread CPU times; docs/performance.md). The switch goes
     * through {@link OpenBlasThreads}, not ND4J's setter, whose symbol lookups could deadlock against
     * a library loading on another thread.
     */
    static <T> T withSingleThreadedBlas(java.util.function.Supplier<T> step) {
        Blas blas = Nd4j.factory().blas();
        // Counted: two split steps at once (a run and the GUI's time estimate) restore it only once both end.
        synchronized (BLAS_LOCK) {
            if (singleThreadedBlasUsers++ == 0) {
                blasThreads = blas.getMaxThreads();
                OpenBlasThreads.set(1);
            }
        }
        try {
            return step.get();
        } finally {
            synchronized (BLAS_LOCK) {
                if (--singleThreadedBlasUsers == 0) {
                    OpenBlasThreads.set(blasThreads);
                }
            }
        }
    }

    /** A mask like {@code shardMask} for n examples (the leading rows of one buffer per dropout layer). */
    private INDArray wholeMask(int index, INDArray shardMask, int n) {
        while (wholeMasks.size() <= index) {
            wholeMasks.add(null);
        }
        INDArray buffer = wholeMasks.get(index);
        long[] shape = shardMask.shape().clone();
        if (buffer == null || buffer.size(0) < n) {
            if (buffer != null) {
                NdOps.release(buffer);
            }
            shape[0] = n;
            buffer = Nd4j.create(shardMask.dataType(), shape);
            wholeMasks.set(index, buffer);
        }
        return buffer.get(NDArrayIndex.interval(0, n));
    }

    /** The other shards' gradients of this shard's share of the parameters into the primary's. */
    private void addGradients(int shard) {
        List<CompiledLayer.Parameter> parameters = arrays.parameters();
        Map<String, INDArray> total = replicas[0].gradients();
        for (int i = shard; i < parameters.size(); i += replicas.length) {
            String name = parameters.get(i).variable();
            INDArray sum = total.get(name);
            for (int s = 1; s < replicas.length; s++) {
                sum.addi(replicas[s].gradients().get(name));
            }
        }
    }

    private synchronized ExecutorService pool() {
        if (pool == null) {
            // Threads start from the training thread and so inherit its (background) priority.
            AtomicInteger count = new AtomicInteger();
            pool = Executors.newFixedThreadPool(replicas.length, r -> {
                Thread t = new Thread(() -> {
                    // Single-threaded ops on this thread: OpenMP's thread count is per calling thread.
                    NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(1);
                    r.run();
                }, "alexnet-shard-" + count.getAndIncrement());
                t.setDaemon(true);
                return t;
            });
        }
        return pool;
    }

    /** Bytes held by the other shards' buffers and gradients. */
    long otherBufferBytes() {
        long bytes = 0;
        for (int s = 1; s < replicas.length; s++) {
            bytes += replicas[s].bufferBytes();
        }
        return bytes;
    }

    /** Frees the other shards' buffers and stops the shard threads (the run ended). */
    /** Every shard's step re-planned with {@code plan}; the threads stay. */
    synchronized void replan(BufferPlan plan) {
        for (TrainingStep replica : replicas) {
            replica.replan(plan);
        }
    }

    synchronized void release() {
        for (int s = 1; s < replicas.length; s++) {
            replicas[s].release();
        }
        wholeMasks.forEach(m -> {
            if (m != null) {
                NdOps.release(m);
            }
        });
        wholeMasks.clear();
        if (pool != null) {
            pool.shutdown();
            pool = null;
        }
    }
}
