package org.alexnetstudio.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Fashion-MNIST: its classes, files, checksums, and loading from wherever it is found. */
public final class FashionMnist {

    public static final List<String> CLASS_NAMES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress",
            "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");
    public static final int CLASSES = 10;
    public static final int ROWS = 28;
    public static final int COLS = 28;

    public static final String TRAIN_IMAGES = "train-images-idx3-ubyte";
    public static final String TRAIN_LABELS = "train-labels-idx1-ubyte";
    public static final String TEST_IMAGES = "t10k-images-idx3-ubyte";
    public static final String TEST_LABELS = "t10k-labels-idx1-ubyte";
    /** The four base names, without .gz. */
    public static final List<String> FILES = List.of(TRAIN_IMAGES, TRAIN_LABELS, TEST_IMAGES, TEST_LABELS);

    /**
     * SHA-256 of each file's decompressed content, computed from the official files
     * (/usr/share/datasets/fashion-mnist), so any re-gzipped copy verifies too.
     */
    public static final Map<String, String> SHA256 = Map.of(
            TRAIN_IMAGES, "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888",
            TRAIN_LABELS, "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9",
            TEST_IMAGES, "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b",
            TEST_LABELS, "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34");

    static final String SAMPLE_RESOURCE_DIR = "/org/alexnetstudio/data/sample/";

    private FashionMnist() {
    }

    /** First match of the lookup order; see {@link DataLocator#candidates}. */
    public static DataSource locate(Path chosenOrNull) {
        return DataLocator.system().locate(chosenOrNull);
    }

    public static FashionMnistData loadDefault(Path chosenOrNull) throws DataException {
        return load(locate(chosenOrNull));
    }

    public static FashionMnistData load(DataSource source) throws DataException {
        if (source.isSample()) {
            return loadSample();
        }
        Path dir = source.dir();
        ImageSet train = readSplit("train", file(dir, TRAIN_IMAGES), file(dir, TRAIN_LABELS));
        ImageSet test = readSplit("test", file(dir, TEST_IMAGES), file(dir, TEST_LABELS));
        return new FashionMnistData(train, test, source);
    }

    /** The bundled class-balanced sample (2,000 train + 1,000 test), from the classpath. */
    public static FashionMnistData loadSample() throws DataException {
        ImageSet train = readSampleSplit("train", TRAIN_IMAGES, TRAIN_LABELS);
        ImageSet test = readSampleSplit("test", TEST_IMAGES, TEST_LABELS);
        return new FashionMnistData(train, test, DataLocator.source(DataSource.Kind.BUNDLED_SAMPLE, null));
    }

    /** Reads one split and checks it is Fashion-MNIST shaped: 28×28 images, labels 0–9, counts agree. */
    public static ImageSet readSplit(String name, Path imagesFile, Path labelsFile) throws DataException {
        Idx.Images images = Idx.readImages(imagesFile);
        byte[] labels = Idx.readLabels(labelsFile, CLASSES - 1);
        return checkSplit(name, imagesFile, labelsFile, images, labels);
    }

    private static ImageSet readSampleSplit(String name, String imagesBase, String labelsBase)
            throws DataException {
        Path imagesName = Path.of("[sample]", imagesBase + ".gz");
        Path labelsName = Path.of("[sample]", labelsBase + ".gz");
        Idx.Images images;
        byte[] labels;
        try (InputStream in = resource(imagesBase + ".gz", imagesName)) {
            images = Idx.readImages(in, imagesName);
        } catch (IOException e) {
            throw new DataException(imagesName, e, "idx.readError", imagesName, e.getMessage());
        }
        try (InputStream in = resource(labelsBase + ".gz", labelsName)) {
            labels = Idx.readLabels(in, labelsName, CLASSES - 1);
        } catch (IOException e) {
            throw new DataException(labelsName, e, "idx.readError", labelsName, e.getMessage());
        }
        return checkSplit(name, imagesName, labelsName, images, labels);
    }

    private static InputStream resource(String name, Path shownAs) throws DataException {
        InputStream in = FashionMnist.class.getResourceAsStream(SAMPLE_RESOURCE_DIR + name);
        if (in == null) {
            throw new DataException(shownAs, "idx.notFound", shownAs);
        }
        return in;
    }

    private static ImageSet checkSplit(String name, Path imagesFile, Path labelsFile, Idx.Images images,
            byte[] labels) throws DataException {
        if (images.rows() != ROWS || images.cols() != COLS) {
            throw new DataException(imagesFile, "idx.wrongImageSize", imagesFile, images.rows(), images.cols());
        }
        if (images.count() != labels.length) {
            throw new DataException(imagesFile, "idx.countMismatch", imagesFile, images.count(), labelsFile,
                    labels.length);
        }
        return new ImageSet(name, images.rows(), images.cols(), images.pixels(), labels);
    }

    /** The file for a base name in dir: raw preferred (faster), else .gz; null when neither exists. */
    public static Path findFile(Path dir, String base) {
        Path raw = dir.resolve(base);
        if (Files.isRegularFile(raw)) {
            return raw;
        }
        Path gz = dir.resolve(base + ".gz");
        return Files.isRegularFile(gz) ? gz : null;
    }

    private static Path file(Path dir, String base) throws DataException {
        Path f = findFile(dir, base);
        if (f == null) {
            Path expected = dir.resolve(base + ".gz");
            throw new DataException(expected, "idx.notFound", expected);
        }
        return f;
    }
}
