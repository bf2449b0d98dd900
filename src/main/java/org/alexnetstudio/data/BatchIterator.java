package org.alexnetstudio.data;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Iterates one epoch in batches, shuffled from (seed, epoch) when shuffle, last partial batch kept,
 * prefetching a few batches in a background thread so the trainer does not wait for data.
 * The batch returned by {@link #next()} stays valid until the following call of next().
 */
public final class BatchIterator implements Iterator<Batch>, AutoCloseable {

    /** Batches filled ahead of the trainer. */
    public static final int PREFETCH = 3;

    private final ImageSet set;
    private final int batchSize;
    private final int resize;
    private final int[] order;
    private final int batchCount;
    private final BlockingQueue<Object> ready = new ArrayBlockingQueue<>(PREFETCH + 1);
    private final BlockingQueue<Batch> free = new ArrayBlockingQueue<>(PREFETCH + 2);
    private final Thread worker;
    private final int workers;
    private Batch current;
    private int delivered;
    private long waitNanos;
    private volatile boolean closed;

    private record Failure(Throwable error) {
    }

    public BatchIterator(ImageSet set, int batchSize, int resize, boolean shuffle, long seed, int epoch) {
        this(set, batchSize, resize, shuffle, seed, epoch, resizeWorkers(Runtime.getRuntime().availableProcessors(), resize));
    }

    /** With a given number of resizing threads (tests). */
    BatchIterator(ImageSet set, int batchSize, int resize, boolean shuffle, long seed, int epoch, int workers) {
        this.workers = Math.max(1, workers);
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
        }
        if (resize < 1) {
            throw new IllegalArgumentException("resize must be >= 1, got " + resize);
        }
        this.set = set;
        this.batchSize = batchSize;
        this.resize = resize;
        this.order = shuffle ? permutation(set.size(), seed, epoch) : identity(set.size());
        this.batchCount = (set.size() + batchSize - 1) / batchSize;
        int buffers = Math.min(PREFETCH + 2, Math.max(batchCount, 1) + 1);
        for (int i = 0; i < buffers; i++) {
            free.add(new Batch(new float[batchSize * resize * resize], new int[batchSize], new int[batchSize], 0, resize));
        }
        worker = new Thread(this::produce, "batch-prefetch-" + set.name());
        worker.setDaemon(true);
        if (batchCount > 0) {
            worker.start();
        }
    }

    /** The order of one epoch: the same for the same (n, seed, epoch). */
    public static int[] permutation(int n, long seed, int epoch) {
        int[] p = identity(n);
        // Mixing seed and epoch through SplittableRandom's split keeps epochs independent.
        SplittableRandom random = new SplittableRandom(seed ^ (0x9E3779B97F4A7C15L * (epoch + 1L)));
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    private static int[] identity(int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        return p;
    }

    public int batchCount() {
        return batchCount;
    }

    /** Time next() spent waiting for data, in nanoseconds (to show that data never limits training). */
    public long waitNanos() {
        return waitNanos;
    }

    @Override
    public boolean hasNext() {
        return !closed && delivered < batchCount;
    }

    @Override
    public Batch next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        if (current != null) {
            free.offer(current);
            current = null;
        }
        long start = System.nanoTime();
        Object item;
        try {
            item = ready.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new NoSuchElementException("interrupted while waiting for a batch");
        }
        waitNanos += System.nanoTime() - start;
        if (item instanceof Failure f) {
            close();
            throw new IllegalStateException("preparing a batch failed: " + f.error(), f.error());
        }
        current = (Batch) item;
        delivered++;
        return current;
    }

    /**
     * Resizing threads per batch: one on small machines (a CPU that trains is far slower than one thread
     * resizes), up to four on machines with many cores, where a GPU takes several thousand 224×224 images a
     * second and one thread resizes about 4,000 (docs/performance.md). Each image is resized on its own, so
     * the batches are the same whatever the count.
     */
    static int resizeWorkers(int cores, int resize) {
        return resize <= 64 ? 1 : Math.max(1, Math.min(4, cores / 4));
    }

    private void produce() {
        java.util.concurrent.ExecutorService helpers = workers > 1
                ? java.util.concurrent.Executors.newFixedThreadPool(workers - 1, r -> {
                    Thread t = new Thread(r, "batch-resize-" + set.name());
                    t.setDaemon(true);
                    return t;
                }) : null;
        try {
            Resize.Resizer[] resizers = new Resize.Resizer[workers];
            for (int w = 0; w < workers; w++) {
                resizers[w] = new Resize.Resizer(set.rows(), set.cols(), resize);
            }
            byte[] pixels = set.pixels();
            int area = set.rows() * set.cols();
            int out = resize * resize;
            for (int b = 0; b < batchCount && !closed; b++) {
                Batch buffer = free.take();
                int from = b * batchSize;
                int n = Math.min(batchSize, order.length - from);
                float[] images = buffer.images();
                int[] labels = buffer.labels();
                int[] indices = buffer.indices();
                for (int k = 0; k < n; k++) {
                    int i = order[from + k];
                    indices[k] = i;
                    labels[k] = set.label(i);
                }
                java.util.List<java.util.concurrent.Future<?>> parts = new java.util.ArrayList<>();
                for (int w = 1; w < workers; w++) {
                    int part = w;
                    parts.add(helpers.submit(() -> resizePart(resizers[part], pixels, area, out, indices, images, n,
                            part, workers)));
                }
                resizePart(resizers[0], pixels, area, out, indices, images, n, 0, workers);
                for (java.util.concurrent.Future<?> f : parts) {
                    try {
                        f.get();
                    } catch (java.util.concurrent.ExecutionException e) {
                        throw new IllegalStateException(e.getCause());
                    }
                }
                ready.put(new Batch(images, labels, indices, n, resize));
            }
        } catch (InterruptedException e) {
            // closed: stop quietly
        } catch (RuntimeException | Error e) {
            try {
                ready.put(new Failure(e));
            } catch (InterruptedException closedMeanwhile) {
                Thread.currentThread().interrupt();
            }
        } finally {
            if (helpers != null) {
                helpers.shutdownNow();
            }
        }
    }

    /** Images part, part + parts, ... of the batch. */
    private static void resizePart(Resize.Resizer resizer, byte[] pixels, int area, int out, int[] indices,
                                   float[] images, int n, int part, int parts) {
        for (int k = part; k < n; k += parts) {
            resizer.resize(pixels, indices[k] * area, images, k * out);
        }
    }

    /** Stops the background thread; safe to call more than once. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            worker.interrupt();
        }
    }
}
