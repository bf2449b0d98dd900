package org.alexnetstudio.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Downloads the four Fashion-MNIST files from the official mirror (falling back to the GitHub
 * copy). Each file goes to a temporary file, is verified by the SHA-256 of its decompressed
 * content, and only when all four verify are they renamed into place: a failure or a cancel leaves
 * nothing partial behind and the previous files untouched.
 */
public final class Downloader {

    /** The official mirror, then the copy in the Fashion-MNIST GitHub repository. */
    public static final List<URI> OFFICIAL_MIRRORS = List.of(
            URI.create("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/"),
            URI.create("https://github.com/zalandoresearch/fashion-mnist/raw/master/data/fashion/"));

    private static final int CHUNK = 1 << 16;
    private static final long PROGRESS_EVERY_NANOS = 100_000_000L;

    /** Progress of one file; totalBytes is -1 when the server does not say. */
    public record Progress(String file, int fileIndex, int fileCount, long bytes, long totalBytes,
            double bytesPerSecond) {
        /** 0..100, or -1 when the total is unknown. */
        public double percent() {
            return totalBytes > 0 ? 100.0 * bytes / totalBytes : -1;
        }
    }

    /** What the GUI shows (progress bar) and the CLI prints; called on the downloading thread. */
    public interface Listener {
        default void fileStarted(String file, URI url) {
        }

        default void progress(Progress progress) {
        }

        default void mirrorFailed(String file, URI url, String reason) {
        }

        default void fileVerified(String file, boolean alreadyPresent) {
        }
    }

    private final List<URI> mirrors;
    private final Map<String, String> expectedSha256;
    private final HttpClient client;
    private final Duration stallTimeout;
    private volatile boolean cancelled;
    private volatile boolean stalled;
    private volatile InputStream current;
    private volatile long lastActivity;

    /** The official mirrors and checksums. */
    public Downloader() {
        this(OFFICIAL_MIRRORS, FashionMnist.SHA256, Duration.ofSeconds(30));
    }

    /**
     * Mirrors are base URIs ending in '/'; expected maps each base file name to its content SHA-256;
     * a connection that sends nothing for stallTimeout is given up (Java's HttpClient has no read timeout).
     */
    public Downloader(List<URI> mirrors, Map<String, String> expectedSha256, Duration stallTimeout) {
        this.stallTimeout = stallTimeout;
        this.mirrors = List.copyOf(mirrors);
        this.expectedSha256 = new LinkedHashMap<>(expectedSha256);
        this.client = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(20))
                .proxy(ProxySelector.getDefault())
                .build();
    }

    /** Stops a running download from any thread; download() then throws DownloadCancelledException. */
    public void cancel() {
        cancelled = true;
        closeCurrent();
    }

    private void closeCurrent() {
        InputStream in = current;
        if (in != null) {
            try {
                in.close(); // unblocks a read waiting on the network
            } catch (IOException ignored) {
                // closing is best effort; the flag stops the loop anyway
            }
        }
    }

    public boolean isCancelled() {
        return cancelled;
    }

    /** Downloads the files missing or wrong in targetDir; returns targetDir. */
    public Path download(Path targetDir, Listener listener) throws DataException {
        try {
            Files.createDirectories(targetDir);
        } catch (IOException e) {
            throw new DataException(targetDir, e, "download.writeError", targetDir, e.getMessage());
        }
        Map<Path, Path> verified = new LinkedHashMap<>(); // temp -> final
        boolean done = false;
        Thread watchdog = new Thread(this::watchForStalls, "download-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        try {
            int index = 0;
            for (Map.Entry<String, String> entry : expectedSha256.entrySet()) {
                String base = entry.getKey();
                String name = base + ".gz";
                Path target = targetDir.resolve(name);
                checkCancelled();
                if (Files.isRegularFile(target) && entry.getValue().equals(contentSha256OrNull(target))) {
                    listener.fileVerified(name, true);
                    index++;
                    continue;
                }
                Path temp = fetchVerified(targetDir, name, entry.getValue(), index, listener);
                verified.put(temp, target);
                listener.fileVerified(name, false);
                index++;
            }
            for (Map.Entry<Path, Path> move : verified.entrySet()) {
                moveIntoPlace(move.getKey(), move.getValue());
            }
            done = true;
            return targetDir;
        } finally {
            watchdog.interrupt();
            if (!done) {
                for (Path temp : verified.keySet()) {
                    deleteQuietly(temp);
                }
            }
        }
    }

    private Path fetchVerified(Path dir, String name, String expected, int index, Listener listener)
            throws DataException {
        List<String> reasons = new ArrayList<>();
        for (URI mirror : mirrors) {
            checkCancelled();
            URI url = mirror.resolve(name);
            listener.fileStarted(name, url);
            Path temp;
            try {
                temp = Files.createTempFile(dir, "." + name + "-", ".part");
            } catch (IOException e) {
                throw new DataException(dir, e, "download.writeError", dir, e.getMessage());
            }
            boolean keep = false;
            try {
                String reason = fetch(url, temp, name, index, listener);
                if (reason == null) {
                    String actual = contentSha256OrNull(temp);
                    if (expected.equals(actual)) {
                        keep = true;
                        return temp;
                    }
                    reason = DataMessages.format("download.badChecksum", name, url,
                            actual == null ? "(not readable)" : actual, expected);
                }
                reasons.add(reason);
                listener.mirrorFailed(name, url, reason);
            } finally {
                if (!keep) {
                    deleteQuietly(temp);
                }
            }
        }
        throw new DataException(dir.resolve(name), "download.failed", name, String.join("; ", reasons), dir);
    }

    /** Streams url into temp; returns null on success or a reason why this mirror failed. */
    private String fetch(URI url, Path temp, String name, int index, Listener listener) throws DataException {
        HttpRequest request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(30)).GET().build();
        HttpResponse<InputStream> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            checkCancelled();
            return DataMessages.format("download.ioError", url, describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            cancelled = true;
            throw new DownloadCancelledException();
        }
        long total = response.headers().firstValueAsLong("Content-Length").orElse(-1L);
        try (InputStream in = response.body(); OutputStream out = Files.newOutputStream(temp)) {
            if (response.statusCode() != 200) {
                return DataMessages.format("download.httpStatus", url, response.statusCode());
            }
            stalled = false;
            lastActivity = System.nanoTime();
            current = in;
            if (cancelled) {
                throw new DownloadCancelledException();
            }
            byte[] buf = new byte[CHUNK];
            long bytes = 0;
            long start = System.nanoTime();
            long lastReport = 0;
            int fileCount = expectedSha256.size();
            while (true) {
                int r;
                try {
                    r = in.read(buf);
                } catch (IOException e) {
                    checkCancelled();
                    if (stalled) {
                        return DataMessages.format("download.stalled", url, stallTimeout.toSeconds(), bytes);
                    }
                    return DataMessages.format("download.ioError", url, describe(e));
                }
                lastActivity = System.nanoTime();
                if (r < 0) {
                    break;
                }
                checkCancelled();
                try {
                    out.write(buf, 0, r);
                } catch (IOException e) {
                    throw new DataException(temp, e, "download.writeError", temp.getParent(), e.getMessage());
                }
                bytes += r;
                long now = System.nanoTime();
                if (now - lastReport >= PROGRESS_EVERY_NANOS) {
                    lastReport = now;
                    listener.progress(new Progress(name, index, fileCount, bytes, total, rate(bytes, now - start)));
                }
            }
            listener.progress(new Progress(name, index, fileCount, bytes, total, rate(bytes, System.nanoTime() - start)));
            if (total >= 0 && bytes != total) {
                return DataMessages.format("download.ioError", url, bytes + " of " + total + " bytes");
            }
            return null;
        } catch (IOException e) {
            checkCancelled();
            return DataMessages.format("download.ioError", url, describe(e));
        } finally {
            current = null;
        }
    }

    /** Closes the stream of a connection that has sent nothing for stallTimeout. */
    private void watchForStalls() {
        long poll = Math.max(10, Math.min(1000, stallTimeout.toMillis() / 4));
        try {
            while (!Thread.currentThread().isInterrupted()) {
                Thread.sleep(poll);
                if (current != null && System.nanoTime() - lastActivity > stallTimeout.toNanos()) {
                    stalled = true;
                    closeCurrent();
                }
            }
        } catch (InterruptedException e) {
            // download finished
        }
    }

    private void checkCancelled() throws DownloadCancelledException {
        if (cancelled) {
            throw new DownloadCancelledException();
        }
    }

    private static double rate(long bytes, long nanos) {
        return nanos > 0 ? bytes * 1e9 / nanos : 0;
    }

    private static String describe(IOException e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }

    /** SHA-256 of the decompressed content (raw files as they are); null when unreadable or corrupt. */
    public static String contentSha256OrNull(Path file) {
        try (InputStream raw = Files.newInputStream(file);
                InputStream in = Idx.decompressIfGzip(raw, file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[CHUNK];
            int r;
            while ((r = in.read(buf)) >= 0) {
                digest.update(buf, 0, r);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException | DataException e) {
            return null;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }

    private static void moveIntoPlace(Path temp, Path target) throws DataException {
        try {
            try {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new DataException(target, e, "download.writeError", target, e.getMessage());
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // a leftover .part file is harmless: it never matches a data file name
        }
    }
}
