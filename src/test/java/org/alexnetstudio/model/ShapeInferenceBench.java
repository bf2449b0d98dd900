package org.alexnetstudio.model;

/**
 * Not a test: how long {@code analyze()} of the book's AlexNet takes once the JIT is warm
 * (target &lt; 0.1 ms, so the editor can re-infer on every keystroke). Run with
 * {@code java -cp target/classes:target/test-classes org.alexnetstudio.model.ShapeInferenceBench}.
 */
public final class ShapeInferenceBench {

    private ShapeInferenceBench() {
    }

    public static void main(String[] args) {
        NetworkSpec spec = Presets.alexnet();
        long sink = 0;
        for (int i = 0; i < 200_000; i++) {
            sink += spec.withResize(224 - (i & 7)).analyze().totalParameters();
        }
        int rounds = 5;
        int perRound = 200_000;
        double best = Double.MAX_VALUE;
        for (int r = 0; r < rounds; r++) {
            long start = System.nanoTime();
            for (int i = 0; i < perRound; i++) {
                // A different input each time, so nothing can be cached or hoisted.
                sink += spec.withResize(224 - (i & 7)).analyze().totalParameters();
            }
            double micros = (System.nanoTime() - start) / 1e3 / perRound;
            best = Math.min(best, micros);
            System.out.printf("round %d: %.2f µs per analyze()%n", r, micros);
        }
        System.out.printf("best: %.2f µs per analyze() of AlexNet (21 layers); target < 100 µs%n", best);
        System.out.println("(checksum " + sink + ")");
    }
}
