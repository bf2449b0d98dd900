package org.alexnetstudio.data;

/**
 * Min, max and mean of a batch: the sanity check before training. A constant batch (all zero, or
 * one value) or one whose maximum is tiny (divided by 255 twice) or above 1 (not divided at all)
 * is an error.
 */
public record BatchStats(float min, float max, double mean, int values) {

    public static BatchStats of(Batch batch) {
        return of(batch.images(), batch.size() * batch.imageLength());
    }

    public static BatchStats of(float[] values, int count) {
        if (count < 1) {
            throw new IllegalArgumentException("no values");
        }
        float min = Float.POSITIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        double sum = 0;
        for (int i = 0; i < count; i++) {
            float v = values[i];
            if (v < min) {
                min = v;
            }
            if (v > max) {
                max = v;
            }
            sum += v;
        }
        return new BatchStats(min, max, sum / count, count);
    }

    /** Computes the stats of a batch and throws when they show a preprocessing mistake. */
    public static BatchStats checked(Batch batch) throws DataException {
        BatchStats stats = of(batch);
        stats.check();
        return stats;
    }

    public void check() throws DataException {
        if (Float.isNaN(min) || Float.isNaN(max) || Double.isNaN(mean)) {
            throw new DataException(null, "batch.nan");
        }
        if (max - min < 1e-6f) {
            throw new DataException(null, "batch.constant", min);
        }
        if (min < 0f || max > 1f) {
            throw new DataException(null, "batch.outOfRange", min, max);
        }
        if (max <= 2f / 255f) {
            throw new DataException(null, "batch.tooDark", max);
        }
    }

    @Override
    public String toString() {
        return String.format("min %.4f, max %.4f, mean %.4f", min, max, mean);
    }
}
