package org.alexnetstudio.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataLocatorTest {

    @TempDir
    Path tmp;

    private static Path fill(Path dir) throws IOException {
        Files.createDirectories(dir);
        try (var files = Files.list(IdxTest.DIR.resolve("good"))) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.copy(f, dir.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return dir;
    }

    private DataLocator locator(Map<String, String> env) {
        return new DataLocator(env, tmp.resolve("home"), tmp.resolve("work/project"), tmp.resolve("debian"));
    }

    @Test
    void sampleWhenNothingElse() {
        DataSource s = locator(Map.of()).locate(null);
        assertEquals(DataSource.Kind.BUNDLED_SAMPLE, s.kind());
        assertTrue(s.isSample());
    }

    @Test
    void orderOfRules() throws IOException {
        DataLocator loc = locator(Map.of(DataLocator.ENV_VAR, tmp.resolve("env").toString()));
        fill(tmp.resolve("work/project/data/FashionMNIST/raw"));
        assertEquals(DataSource.Kind.BOOK_LAYOUT, loc.locate(null).kind());
        assertEquals(tmp.resolve("work/project/data/FashionMNIST/raw"), loc.locate(null).dir());
        fill(tmp.resolve("work/data/FashionMNIST/raw")); // ../data wins over ./data, as listed
        assertEquals(tmp.resolve("work/data/FashionMNIST/raw"), loc.locate(null).dir());
        fill(tmp.resolve("debian"));
        assertEquals(DataSource.Kind.DEBIAN, loc.locate(null).kind());
        fill(tmp.resolve("home/.alexnet-studio/data"));
        assertEquals(DataSource.Kind.APP_HOME, loc.locate(null).kind());
        fill(tmp.resolve("env"));
        assertEquals(DataSource.Kind.ENVIRONMENT, loc.locate(null).kind());
        Path chosen = fill(tmp.resolve("chosen"));
        DataSource s = loc.locate(chosen);
        assertEquals(DataSource.Kind.CHOSEN, s.kind());
        assertTrue(s.description().contains(chosen.toString()), s.description());
        assertFalse(s.isSample());
    }

    @Test
    void incompleteFolderIsSkipped() throws IOException {
        Path chosen = fill(tmp.resolve("chosen"));
        Files.delete(chosen.resolve("t10k-labels-idx1-ubyte.gz"));
        DataLocator loc = locator(Map.of());
        assertFalse(loc.candidates(chosen).get(0).complete());
        assertEquals(DataSource.Kind.BUNDLED_SAMPLE, loc.locate(chosen).kind());
        // raw (decompressed, as torchvision leaves them) counts too
        Files.write(chosen.resolve("t10k-labels-idx1-ubyte"), Files.readAllBytes(IdxTest.DIR.resolve("good-labels-idx1-ubyte")));
        assertEquals(DataSource.Kind.CHOSEN, loc.locate(chosen).kind());
    }

    @Test
    void loadsFromALocatedFolder() throws Exception {
        Path chosen = fill(tmp.resolve("chosen"));
        FashionMnistData data = FashionMnist.load(locator(Map.of()).locate(chosen));
        assertEquals(4, data.train().size());
        assertEquals(4, data.test().size());
        assertEquals("train", data.train().name());
        assertEquals(9, data.test().label(2));
    }

    @Test
    void badFileInFolderNamesIt() throws Exception {
        Path chosen = fill(tmp.resolve("chosen"));
        Files.copy(IdxTest.DIR.resolve("corrupt-images-idx3-ubyte.gz"), chosen.resolve("t10k-images-idx3-ubyte.gz"),
                StandardCopyOption.REPLACE_EXISTING);
        DataException e = org.junit.jupiter.api.Assertions.assertThrows(DataException.class,
                () -> FashionMnist.load(locator(Map.of()).locate(chosen)));
        assertEquals(chosen.resolve("t10k-images-idx3-ubyte.gz"), e.file());
    }
}
