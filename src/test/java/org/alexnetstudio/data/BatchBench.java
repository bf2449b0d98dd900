package org.alexnetstudio.data;

import java.util.Locale;

/**
 * Benchmark (not a test): how fast the BatchIterator fills batches of 128 at 224×224 on its single
 * background thread. The trainer never waits if this beats training (~20 images/s at 224 on CPU).
 *
 * <pre>
 * mvn -o -q test-compile
 * java -cp target/classes:target/test-classes org.alexnetstudio.data.BatchBench [resize] [batches]
 * </pre>
 */
public final class BatchBench {

    private BatchBench() {
    }

    public static void main(String[] args) throws Exception {
        int resize = args.length > 0 ? Integer.parseInt(args[0]) : 224;
        int batches = args.length > 1 ? Integer.parseInt(args[1]) : 60;
        FashionMnistData data = FashionMnist.loadDefault(null);
        System.out.println("data: " + data.source().description());
        ImageSet set = data.train();
        // Raw resize speed on this thread (the producer's inner loop).
        Resize.Resizer resizer = new Resize.Resizer(28, 28, resize);
        float[] out = new float[resize * resize];
        for (int warm = 0; warm < 2000; warm++) {
            resizer.resize(set.pixels(), (warm % set.size()) * 784, out, 0);
        }
        int n = 20000;
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            resizer.resize(set.pixels(), (i % set.size()) * 784, out, 0);
        }
        double resizeRate = n / ((System.nanoTime() - t0) / 1e9);
        System.out.printf(Locale.ROOT, "resize 28->%d on one thread: %.0f images/s%n", resize, resizeRate);

        // Through the iterator, consumer doing nothing: the producer's full speed.
        for (int round = 0; round < 3; round++) {
            long start = System.nanoTime();
            int images = 0;
            long wait;
            try (BatchIterator it = new BatchIterator(set, 128, resize, true, 1, round)) {
                for (int b = 0; b < batches && it.hasNext(); b++) {
                    Batch batch = it.next();
                    images += batch.size();
                    if (b == 0) {
                        System.out.println("first batch: " + BatchStats.checked(batch));
                    }
                }
                wait = it.waitNanos();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf(Locale.ROOT, "round %d: %d batches of 128 at %dx%d: %.0f images/s (consumer waited %.2f s)%n",
                    round, batches, resize, resize, images / seconds, wait / 1e9);
        }
    }
}
