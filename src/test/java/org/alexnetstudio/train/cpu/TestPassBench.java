package org.alexnetstudio.train.cpu;

import java.util.Locale;
import java.util.Random;
import org.alexnetstudio.model.NetworkSpec;
import org.alexnetstudio.model.Presets;
import org.alexnetstudio.train.SgdOptimizer;

/**
 * Benchmark (not a test): one epoch's test pass, {@code CpuNetwork.logits} over 10,000 images of
 * alexnet-mini in batches of 128 (as {@code TrainingSession} runs it).
 *
 * <pre>
 * mvn -o -q test-compile
 * java -XX:+ExplicitGCInvokesConcurrent -cp target/classes:target/test-classes:$(cat cp.txt) \
 *     org.alexnetstudio.train.cpu.TestPassBench [passes]
 * </pre>
 */
public final class TestPassBench {

    private TestPassBench() {
    }

    public static void main(String[] args) {
        int passes = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        NetworkSpec spec = Presets.alexnetMini();
        CpuNetwork net = CpuNetwork.build(spec, 1);
        int batch = 128;
        int total = 10_000;
        Random random = new Random(1);
        float[] images = new float[(int) (batch * spec.input().elements())];
        for (int k = 0; k < images.length; k++) {
            images[k] = random.nextFloat();
        }
        int[] labels = new int[batch];
        net.trainStep(images, labels, batch, new SgdOptimizer(0.01, 0, 0)); // running statistics move
        for (int warm = 0; warm < 10; warm++) {
            net.logits(images, batch);
        }
        for (int pass = 0; pass < passes; pass++) {
            long t0 = System.nanoTime();
            for (int done = 0; done < total; done += batch) {
                int n = Math.min(batch, total - done);
                net.logits(images, n);
            }
            double s = (System.nanoTime() - t0) / 1e9;
            System.out.printf(Locale.ROOT, "TESTPASS engine=%s pass=%d %.2f s for %d images (%.0f images/s)%n",
                    net.engine(), pass, s, total, total / s);
        }
    }
}
