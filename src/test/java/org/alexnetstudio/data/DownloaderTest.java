package org.alexnetstudio.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Against a local HTTP server with two mirrors; never the internet. */
class DownloaderTest {

    enum Mode { GOOD, TRUNCATED, CORRUPTED, NOT_FOUND }

    /** The truncating server keeps the connection open, so the stall watchdog must end it. */
    static final java.time.Duration STALL = java.time.Duration.ofMillis(800);

    @TempDir
    Path tmp;

    HttpServer server;
    final Map<String, Mode> modes = new LinkedHashMap<>();
    final Map<String, byte[]> files = new LinkedHashMap<>();
    Map<String, String> expected;

    @BeforeEach
    void start() throws IOException {
        Path good = IdxTest.DIR.resolve("good");
        expected = new LinkedHashMap<>();
        for (String base : FashionMnist.FILES) {
            Path f = good.resolve(base + ".gz");
            files.put(base + ".gz", Files.readAllBytes(f));
            expected.put(base, Downloader.contentSha256OrNull(f));
        }
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        for (String mirror : List.of("m1", "m2")) {
            modes.put(mirror, Mode.GOOD);
            server.createContext("/" + mirror + "/", exchange -> {
                String name = exchange.getRequestURI().getPath().substring(mirror.length() + 2);
                byte[] body = files.get(name);
                Mode mode = modes.get(mirror);
                if (body == null || mode == Mode.NOT_FOUND) {
                    exchange.sendResponseHeaders(404, -1);
                    exchange.close();
                    return;
                }
                if (mode == Mode.CORRUPTED) {
                    body = body.clone();
                    body[body.length / 2] ^= 0x55;
                }
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    // truncated: the promised length, then the connection closes halfway
                    out.write(body, 0, mode == Mode.TRUNCATED ? body.length / 2 : body.length);
                } catch (IOException expectedWhenTruncated) {
                    // the server notices the short body; the client must notice too
                }
                exchange.close();
            });
        }
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private Downloader downloader() {
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        return new Downloader(List.of(URI.create(base + "/m1/"), URI.create(base + "/m2/")), expected, STALL);
    }

    private static List<String> listing(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static final class Recorder implements Downloader.Listener {
        final List<Downloader.Progress> progress = new ArrayList<>();
        final List<String> failures = new ArrayList<>();
        final List<String> verified = new ArrayList<>();

        @Override
        public void progress(Downloader.Progress p) {
            progress.add(p);
        }

        @Override
        public void mirrorFailed(String file, URI url, String reason) {
            failures.add(url.getPath() + ": " + reason);
        }

        @Override
        public void fileVerified(String file, boolean alreadyPresent) {
            verified.add(file + (alreadyPresent ? " present" : " downloaded"));
        }
    }

    @Test
    void fullSuccessThenLoads() throws Exception {
        Path target = tmp.resolve("data");
        Recorder rec = new Recorder();
        downloader().download(target, rec);
        assertEquals(List.of("t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz",
                "train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz"), listing(target));
        assertTrue(rec.failures.isEmpty(), rec.failures.toString());
        Downloader.Progress last = rec.progress.get(rec.progress.size() - 1);
        assertEquals(100.0, last.percent(), 1e-9);
        assertEquals(3, last.fileIndex());
        assertArrayEquals(files.get("t10k-labels-idx1-ubyte.gz"), Files.readAllBytes(target.resolve("t10k-labels-idx1-ubyte.gz")));
        assertEquals(4, FashionMnist.load(DataLocator.source(DataSource.Kind.APP_HOME, target)).train().size());
        // a second run finds everything present and fetches nothing
        Recorder again = new Recorder();
        downloader().download(target, again);
        assertTrue(again.progress.isEmpty());
        assertEquals(4, again.verified.stream().filter(v -> v.endsWith("present")).count());
    }

    @Test
    void notFoundFallsBackToSecondMirror() throws Exception {
        modes.put("m1", Mode.NOT_FOUND);
        Recorder rec = new Recorder();
        downloader().download(tmp, rec);
        assertEquals(4, rec.failures.size());
        assertTrue(rec.failures.get(0).contains("404"), rec.failures.get(0));
        assertEquals(4, listing(tmp).size());
    }

    @Test
    void corruptedResponseIsRejectedByChecksum() throws Exception {
        modes.put("m1", Mode.CORRUPTED);
        Recorder rec = new Recorder();
        downloader().download(tmp, rec);
        assertEquals(4, rec.failures.size());
        assertTrue(rec.failures.get(0).contains("SHA-256"), rec.failures.get(0));
        assertEquals(4, listing(tmp).size());
        assertEquals(4, FashionMnist.load(DataLocator.source(DataSource.Kind.APP_HOME, tmp)).test().size());
    }

    @Test
    void truncatedEverywhereFailsAndLeavesPreviousDataUntouched() throws Exception {
        modes.put("m1", Mode.TRUNCATED);
        modes.put("m2", Mode.CORRUPTED);
        byte[] previous = {1, 2, 3};
        Files.write(tmp.resolve("train-images-idx3-ubyte.gz"), previous);
        DataException e = assertThrows(DataException.class, () -> downloader().download(tmp, new Recorder()));
        assertEquals("download.failed", e.key());
        assertTrue(e.getMessage().contains("train-images-idx3-ubyte.gz"), e.getMessage());
        assertEquals(List.of("train-images-idx3-ubyte.gz"), listing(tmp), "nothing partial left behind");
        assertArrayEquals(previous, Files.readAllBytes(tmp.resolve("train-images-idx3-ubyte.gz")));
    }

    @Test
    void failureOnALaterFileKeepsNothingOfTheEarlierOnes() throws Exception {
        files.remove("t10k-labels-idx1-ubyte.gz"); // the last of the four: 404 on both mirrors
        assertThrows(DataException.class, () -> downloader().download(tmp, new Recorder()));
        assertEquals(List.of(), listing(tmp));
    }

    @Test
    void cancelLeavesNothing() throws Exception {
        Downloader d = downloader();
        Downloader.Listener cancelAtFirstProgress = new Downloader.Listener() {
            @Override
            public void progress(Downloader.Progress p) {
                d.cancel();
            }
        };
        assertThrows(DownloadCancelledException.class, () -> d.download(tmp, cancelAtFirstProgress));
        assertTrue(d.isCancelled());
        assertEquals(List.of(), listing(tmp));
    }

    @Test
    void offlineIsAClearError() throws Exception {
        int port = server.getAddress().getPort();
        server.stop(0); // connection refused on both mirrors
        Downloader d = new Downloader(List.of(URI.create("http://127.0.0.1:" + port + "/m1/")), expected, STALL);
        DataException e = assertThrows(DataException.class, () -> d.download(tmp.resolve("x"), new Recorder()));
        assertEquals("download.failed", e.key());
        assertFalse(listing(tmp.resolve("x")).iterator().hasNext());
    }

    @Test
    void officialChecksumsMatchTheInstalledFiles() {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(DataLocator.DEBIAN_DIR));
        for (String base : FashionMnist.FILES) {
            assertEquals(FashionMnist.SHA256.get(base),
                    Downloader.contentSha256OrNull(DataLocator.DEBIAN_DIR.resolve(base + ".gz")), base);
        }
    }
}
