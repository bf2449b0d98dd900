package org.alexnetstudio.train;

import java.util.SplittableRandom;

/**
 * A batch of uniform [0, 1) pixels and random labels for timing training steps without a dataset
 * ({@code bench}, the GPU check); the same seed gives the same batch on every backend.
 */
public record RandomBatch(float[] images, int[] labels, int batch) {

    public static RandomBatch of(long elementsPerImage, int batch, int classes, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] images = new float[Math.toIntExact(batch * elementsPerImage)];
        for (int k = 0; k < images.length; k++) {
            images[k] = (float) random.nextDouble();
        }
        int[] labels = new int[batch];
        for (int k = 0; k < batch; k++) {
            labels[k] = random.nextInt(classes);
        }
        return new RandomBatch(images, labels, batch);
    }
}
