package org.alexnetstudio.train;

import java.util.List;
import org.alexnetstudio.data.Batch;
import org.alexnetstudio.data.BatchIterator;
import org.alexnetstudio.data.FashionMnist;
import org.alexnetstudio.data.FashionMnistData;
import org.alexnetstudio.data.ImageSet;
import org.alexnetstudio.data.Resize;

/**
 * Fashion-MNIST (or its bundled sample) for the engine, optionally cut to class-balanced subsets.
 * Batches come from the data package's prefetching {@link BatchIterator}; indices in batches and
 * results refer to positions in {@link #train()} / {@link #test()} (the subsets when limited).
 */
public final class FashionMnistTrainingData implements TrainingData {

    private final ImageSet train;
    private final ImageSet test;
    private final String description;

    /**
     * @param trainLimit  at most this many training images, class-balanced (0 = all)
     * @param testLimit   at most this many test images (0 = all)
     */
    public FashionMnistTrainingData(FashionMnistData data, int trainLimit, int testLimit, long seed) {
        this.train = trainLimit > 0 ? data.train().subset(trainLimit, seed) : data.train();
        this.test = testLimit > 0 ? data.test().subset(testLimit, seed) : data.test();
        this.description = data.source().description();
    }

    public ImageSet train() {
        return train;
    }

    public ImageSet test() {
        return test;
    }

    private ImageSet set(Split split) {
        return split == Split.TRAIN ? train : test;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public List<String> classNames() {
        return FashionMnist.CLASS_NAMES;
    }

    @Override
    public int channels() {
        return 1;
    }

    @Override
    public int size(Split split) {
        return set(split).size();
    }

    @Override
    public int label(Split split, int index) {
        return set(split).label(index);
    }

    @Override
    public float[] image(Split split, int index, int resize) {
        ImageSet s = set(split);
        float[] out = new float[resize * resize];
        Resize.bilinear(s.pixels(), index * s.rows() * s.cols(), s.rows(), s.cols(), resize, out, 0);
        return out;
    }

    @Override
    public Batches batches(Split split, int batchSize, int resize, boolean shuffle, long seed, int epoch) {
        BatchIterator it = new BatchIterator(set(split), batchSize, resize, shuffle, seed, epoch);
        return new Batches() {
            @Override
            public int batchCount() {
                return it.batchCount();
            }

            @Override
            public long waitNanos() {
                return it.waitNanos();
            }

            @Override
            public boolean hasNext() {
                return it.hasNext();
            }

            @Override
            public DataBatch next() {
                Batch b = it.next();
                return new DataBatch(b.images(), b.labels(), b.indices(), b.size());
            }

            @Override
            public void close() {
                it.close();
            }
        };
    }
}
