package org.alexnetstudio.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.Arrays;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class SampleTest {

    @Test
    void bundledSampleIsBalancedAndLabelled() throws DataException {
        FashionMnistData sample = FashionMnist.loadSample();
        assertTrue(sample.source().isSample());
        assertNull(sample.source().dir());
        assertTrue(sample.source().description().contains("SAMPLE") || sample.source().description().contains("样本"));
        int[] train = new int[10];
        int[] test = new int[10];
        Arrays.fill(train, 200); // 2,000 / 10
        Arrays.fill(test, 100);  // 1,000 / 10
        assertArrayEquals(train, sample.train().classCounts(10));
        assertArrayEquals(test, sample.test().classCounts(10));
        assertEquals(28, sample.train().rows());
        assertNotNull(FashionMnist.class.getResource(FashionMnist.SAMPLE_RESOURCE_DIR + "LICENSE-FASHION-MNIST.txt"));
    }

    @Test
    void committedSampleIsWhatTheGeneratorProduces() throws DataException {
        Assumptions.assumeTrue(Files.isDirectory(DataLocator.DEBIAN_DIR), "full Fashion-MNIST not installed");
        ImageSet[] generated = SampleGenerator.generate(DataLocator.DEBIAN_DIR);
        FashionMnistData committed = FashionMnist.loadSample();
        assertArrayEquals(generated[0].pixels(), committed.train().pixels());
        assertArrayEquals(generated[0].labelBytes(), committed.train().labelBytes());
        assertArrayEquals(generated[1].pixels(), committed.test().pixels());
        assertArrayEquals(generated[1].labelBytes(), committed.test().labelBytes());
    }
}
