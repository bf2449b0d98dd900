package org.alexnetstudio.train;

import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;

/**
 * Generated images that a CNN can tell apart (class k lights up a bar at its own position and
 * orientation, plus noise), for tests and benchmarks that must not need the dataset.
 */
public final class SyntheticData implements TrainingData {

    private final int classes;
    private final int trainSize;
    private final int testSize;
    private final long seed;
    private final double noise;

    public SyntheticData(int classes, int trainSize, int testSize, long seed, double noise) {
        this.classes = classes;
        this.trainSize = trainSize;
        this.testSize = testSize;
        this.seed = seed;
        this.noise = noise;
    }

    @Override
    public String description() {
        return "synthetic bars (" + classes + " classes, " + trainSize + " train / " + testSize + " test)";
    }

    @Override
    public List<String> classNames() {
        List<String> names = new ArrayList<>();
        for (int k = 0; k < classes; k++) {
            names.add("class " + k);
        }
        return names;
    }

    @Override
    public int channels() {
        return 1;
    }

    @Override
    public int size(Split split) {
        return split == Split.TRAIN ? trainSize : testSize;
    }

    @Override
    public int label(Split split, int index) {
        return Math.floorMod(index * 7 + (split == Split.TRAIN ? 0 : 3), classes);
    }

    @Override
    public float[] image(Split split, int index, int resize) {
        float[] img = new float[resize * resize];
        draw(split, index, resize, img, 0);
        return img;
    }

    private void draw(Split split, int index, int size, float[] dst, int offset) {
        int label = label(split, index);
        SplittableRandom r = new SplittableRandom(seed * 1_000_003L + index * 2L + (split == Split.TRAIN ? 0 : 1));
        boolean vertical = label % 2 == 0;
        int slots = (classes + 1) / 2;
        int slot = label / 2;
        int from = slot * size / slots;
        int to = Math.max(from + 1, (slot + 1) * size / slots);
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                int c = vertical ? x : y;
                double v = (c >= from && c < to) ? 0.8 : 0.1;
                v += noise * (r.nextDouble() - 0.5);
                dst[offset + y * size + x] = (float) Math.min(1, Math.max(0, v));
            }
        }
    }

    @Override
    public Batches batches(Split split, int batchSize, int resize, boolean shuffle, long seed, int epoch) {
        int n = size(split);
        int[] order = new int[n];
        for (int k = 0; k < n; k++) {
            order[k] = k;
        }
        if (shuffle) {
            SplittableRandom r = new SplittableRandom(seed * 31 + epoch);
            for (int k = n - 1; k > 0; k--) {
                int j = r.nextInt(k + 1);
                int t = order[k];
                order[k] = order[j];
                order[j] = t;
            }
        }
        int pixels = resize * resize;
        return new Batches() {
            int next;

            @Override
            public int batchCount() {
                return (n + batchSize - 1) / batchSize;
            }

            @Override
            public boolean hasNext() {
                return next < n;
            }

            @Override
            public DataBatch next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                int size = Math.min(batchSize, n - next);
                float[] images = new float[size * pixels];
                int[] labels = new int[size];
                int[] indices = new int[size];
                for (int k = 0; k < size; k++) {
                    int index = order[next + k];
                    indices[k] = index;
                    labels[k] = label(split, index);
                    draw(split, index, resize, images, k * pixels);
                }
                next += size;
                return new DataBatch(images, labels, indices, size);
            }

            @Override
            public void close() {
            }
        };
    }
}
