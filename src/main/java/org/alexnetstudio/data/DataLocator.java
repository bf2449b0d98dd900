package org.alexnetstudio.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Finds Fashion-MNIST on disk. The environment, home, working directory and system folder are
 * injected so the lookup order can be tested without touching the real machine.
 */
public final class DataLocator {

    public static final String ENV_VAR = "ALEXNET_STUDIO_DATA";
    public static final Path DEBIAN_DIR = Path.of("/usr/share/datasets/fashion-mnist");

    private final Map<String, String> env;
    private final Path home;
    private final Path workingDir;
    private final Path debianDir;

    public DataLocator(Map<String, String> env, Path home, Path workingDir, Path debianDir) {
        this.env = Map.copyOf(env);
        this.home = home;
        this.workingDir = workingDir;
        this.debianDir = debianDir;
    }

    /** The real machine: process environment, user.home, user.dir, /usr/share/datasets. */
    public static DataLocator system() {
        return new DataLocator(System.getenv(), Path.of(System.getProperty("user.home")),
                Path.of(System.getProperty("user.dir")), DEBIAN_DIR);
    }

    /** ~/.alexnet-studio/data: where downloads go. */
    public Path appHomeDataDir() {
        return home.resolve(".alexnet-studio").resolve("data");
    }

    /** One place the lookup tries; complete when all four files are there. */
    public record Candidate(DataSource.Kind kind, Path dir, boolean complete) {
    }

    /** Every place tried, in order (the bundled sample last, always complete). */
    public List<Candidate> candidates(Path chosenOrNull) {
        List<Candidate> list = new ArrayList<>();
        if (chosenOrNull != null) {
            add(list, DataSource.Kind.CHOSEN, chosenOrNull);
        }
        String fromEnv = env.get(ENV_VAR);
        if (fromEnv != null && !fromEnv.isBlank()) {
            add(list, DataSource.Kind.ENVIRONMENT, workingDir.resolve(fromEnv.trim()));
        }
        add(list, DataSource.Kind.APP_HOME, appHomeDataDir());
        add(list, DataSource.Kind.DEBIAN, debianDir);
        add(list, DataSource.Kind.BOOK_LAYOUT, workingDir.resolve("../data/FashionMNIST/raw").normalize());
        add(list, DataSource.Kind.BOOK_LAYOUT, workingDir.resolve("data/FashionMNIST/raw").normalize());
        list.add(new Candidate(DataSource.Kind.BUNDLED_SAMPLE, null, true));
        return list;
    }

    /** The first complete candidate. */
    public DataSource locate(Path chosenOrNull) {
        for (Candidate c : candidates(chosenOrNull)) {
            if (c.complete()) {
                return source(c.kind(), c.dir());
            }
        }
        throw new IllegalStateException("the bundled sample is always a candidate");
    }

    /** A source with its student-readable description. */
    public static DataSource source(DataSource.Kind kind, Path dir) {
        String key = switch (kind) {
            case CHOSEN -> "source.chosen";
            case ENVIRONMENT -> "source.environment";
            case APP_HOME -> "source.appHome";
            case DEBIAN -> "source.debian";
            case BOOK_LAYOUT -> "source.book";
            case BUNDLED_SAMPLE -> "source.sample";
        };
        return new DataSource(kind, dir, DataMessages.format(key, dir, ENV_VAR));
    }

    private static void add(List<Candidate> list, DataSource.Kind kind, Path dir) {
        list.add(new Candidate(kind, dir, isComplete(dir)));
    }

    /** All four files (raw or .gz) present as regular files. */
    public static boolean isComplete(Path dir) {
        if (dir == null || !Files.isDirectory(dir)) {
            return false;
        }
        for (String base : FashionMnist.FILES) {
            if (FashionMnist.findFile(dir, base) == null) {
                return false;
            }
        }
        return true;
    }
}
