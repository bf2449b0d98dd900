package org.alexnetstudio.data;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Regenerates the bundled sample from the full Fashion-MNIST: a class-balanced, seeded subset of
 * 2,000 training (200 per class) and 1,000 test images (100 per class), written as IDX .gz.
 *
 * <pre>
 * mvn -o -q test-compile
 * java -cp target/classes:target/test-classes org.alexnetstudio.data.SampleGenerator \
 *     /usr/share/datasets/fashion-mnist src/main/resources/org/alexnetstudio/data/sample
 * </pre>
 * SampleTest checks that the committed files hold exactly what this produces.
 */
public final class SampleGenerator {

    public static final long SEED = 20170828L; // the Fashion-MNIST paper's date
    public static final int TRAIN = 2000;
    public static final int TEST = 1000;

    private SampleGenerator() {
    }

    /** The sample's two splits, drawn from the full set in fullDir. */
    public static ImageSet[] generate(Path fullDir) throws DataException {
        FashionMnistData full = FashionMnist.load(DataLocator.source(DataSource.Kind.CHOSEN, fullDir));
        return new ImageSet[] {full.train().subset(TRAIN, SEED), full.test().subset(TEST, SEED)};
    }

    public static void main(String[] args) throws Exception {
        Path fullDir = Path.of(args.length > 0 ? args[0] : "/usr/share/datasets/fashion-mnist");
        Path outDir = Path.of(args.length > 1 ? args[1] : "src/main/resources/org/alexnetstudio/data/sample");
        ImageSet[] splits = generate(fullDir);
        Files.createDirectories(outDir);
        write(outDir, FashionMnist.TRAIN_IMAGES, FashionMnist.TRAIN_LABELS, splits[0]);
        write(outDir, FashionMnist.TEST_IMAGES, FashionMnist.TEST_LABELS, splits[1]);
        System.out.println("wrote " + splits[0] + " and " + splits[1] + " to " + outDir);
    }

    private static void write(Path dir, String images, String labels, ImageSet set) throws IOException {
        try (OutputStream out = Files.newOutputStream(dir.resolve(images + ".gz"))) {
            Idx.writeImages(out, set.size(), set.rows(), set.cols(), set.pixels(), true);
        }
        try (OutputStream out = Files.newOutputStream(dir.resolve(labels + ".gz"))) {
            Idx.writeLabels(out, set.labelBytes(), true);
        }
    }
}
