package org.alexnetstudio.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.alexnetstudio.data.AtomicFiles;
import org.alexnetstudio.data.DataException;
import org.alexnetstudio.data.DataLocator;
import org.alexnetstudio.data.DataMessages;
import org.alexnetstudio.data.DataSource;
import org.alexnetstudio.data.Downloader;
import org.alexnetstudio.data.FashionMnist;
import org.alexnetstudio.data.FashionMnistData;
import org.alexnetstudio.data.FileErrors;
import org.alexnetstudio.data.ImageSet;
import org.alexnetstudio.viz.SampleGrid;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code data}: where Fashion-MNIST was found, its counts and checksums; download; sample grid. */
@Command(name = "data", mixinStandardHelpOptions = true, resourceBundle = DataMessages.BUNDLE,
        description = "Shows where Fashion-MNIST was found, counts and checksums; downloads it; draws samples.")
public final class DataCommand implements Callable<Integer> {

    /** The most samples one grid shows (the sample's test set has 1,000; a grid of 400 is already large). */
    static final int MAX_SHOW = 400;

    @Option(names = {"--dir", "--data"}, paramLabel = "DIR", descriptionKey = "cli.data.opt.dir",
            description = "Use the data in DIR (and download into DIR).")
    Path dir;

    @Option(names = "--download", descriptionKey = "cli.data.opt.download",
            description = "Download the four official files (into ~/.alexnet-studio/data, or --dir).")
    boolean download;

    @Option(names = "--show", paramLabel = "N", descriptionKey = "cli.data.opt.show",
            description = "Write a PNG grid of N class-balanced samples with their labels.")
    Integer show;

    @Option(names = "--out", paramLabel = "FILE", defaultValue = "samples.png", descriptionKey = "cli.data.opt.out",
            description = "The PNG file for --show (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--resize", paramLabel = "S", defaultValue = "28", descriptionKey = "cli.data.opt.resize",
            description = "Show the samples resized to S×S, as training sees them (default: ${DEFAULT-VALUE}).")
    int resize;

    @Option(names = "--split", paramLabel = "train|test", defaultValue = "train", descriptionKey = "cli.data.opt.split",
            description = "Which split --show draws from: train or test (default: ${DEFAULT-VALUE}).")
    String split;

    @Spec
    CommandSpec spec;

    private final DataLocator locator;
    private final Supplier<Downloader> downloaders;

    public DataCommand() {
        this(DataLocator.system(), Downloader::new);
    }

    /** For tests: a locator over fake folders and a downloader pointed at a local server. */
    public DataCommand(DataLocator locator, Supplier<Downloader> downloaders) {
        this.locator = locator;
        this.downloaders = downloaders;
    }

    @Override
    public Integer call() {
        PrintWriter outw = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (show != null) {
            // what --show needs is checked before anything is downloaded or read
            if (!"train".equalsIgnoreCase(split) && !"test".equalsIgnoreCase(split)) {
                return fail(err, ExitCode.USAGE, DataMessages.format("cli.data.splitUnknown", split));
            }
            if (show < 1 || show > MAX_SHOW) {
                return fail(err, ExitCode.USAGE, DataMessages.format("cli.data.showRange", MAX_SHOW, show));
            }
            if (resize < 1 || resize > 512) {
                return fail(err, ExitCode.USAGE, DataMessages.format("cli.data.resizeRange", resize));
            }
            try {
                AtomicFiles.checkWritable(out);
            } catch (DataException e) {
                return fail(err, ExitCode.OUTPUT, DataMessages.format("cli.data.error", e.getMessage()));
            }
        }
        if (download) {
            try {
                downloadInto(dir != null ? dir : locator.appHomeDataDir(), outw);
            } catch (DataException e) {
                outw.flush();
                return fail(err, ExitCode.FAILED, DataMessages.format("cli.data.error", e.getMessage()));
            }
        }
        FashionMnistData data;
        DataSource source;
        List<DataLocator.Candidate> candidates;
        try {
            candidates = locator.candidates(dir);
            // A folder the student names is used or refused, never silently replaced by another copy.
            source = dir != null ? DataLocator.source(DataSource.Kind.CHOSEN, dir) : locator.locate(null);
            data = FashionMnist.load(source);
        } catch (DataException e) {
            outw.flush();
            return fail(err, ExitCode.INPUT, DataMessages.format("cli.data.error", e.getMessage()));
        }
        printSource(outw, source, candidates);
        printCounts(outw, data);
        printChecksums(outw, source);
        if (show != null) {
            try {
                writeGrid(outw, data);
            } catch (IOException e) {
                outw.flush();
                return fail(err, ExitCode.OUTPUT,
                        DataMessages.format("cli.data.error", FileErrors.writing(out, e).getMessage()));
            }
        }
        if (source.isSample()) {
            outw.println(DataMessages.format("cli.data.sampleWarning"));
        }
        outw.flush();
        return ExitCode.OK;
    }

    private static int fail(PrintWriter err, int status, String message) {
        err.println(message);
        err.flush();
        return status;
    }

    private void downloadInto(Path target, PrintWriter outw) throws DataException {
        outw.println(DataMessages.format("download.start", target));
        outw.flush();
        Downloader downloader = downloaders.get();
        downloader.download(target, new Downloader.Listener() {
            private boolean midLine;

            @Override
            public void progress(Downloader.Progress p) {
                if (p.percent() >= 0) {
                    outw.print(DataMessages.format("download.progress", p.file(), bytes(p.bytes()), bytes(p.totalBytes()),
                            String.format(Locale.ROOT, "%.0f", p.percent()), bytes((long) p.bytesPerSecond())));
                } else {
                    outw.print(DataMessages.format("download.progressUnknown", p.file(), bytes(p.bytes()),
                            bytes((long) p.bytesPerSecond())));
                }
                outw.flush();
                midLine = true;
            }

            @Override
            public void mirrorFailed(String file, java.net.URI url, String reason) {
                endLine();
                outw.println(DataMessages.format("download.mirrorFailed", file, reason));
            }

            @Override
            public void fileVerified(String file, boolean alreadyPresent) {
                endLine();
                outw.println(DataMessages.format(alreadyPresent ? "download.present" : "download.verified", file));
                outw.flush();
            }

            private void endLine() {
                if (midLine) {
                    outw.println();
                    midLine = false;
                }
            }
        });
        outw.println(DataMessages.format("download.done", target));
    }

    private static int ruleNumber(DataSource.Kind kind) {
        return switch (kind) {
            case CHOSEN, ENVIRONMENT -> 1;
            case APP_HOME -> 2;
            case DEBIAN -> 3;
            case BOOK_LAYOUT -> 4;
            case BUNDLED_SAMPLE -> 5;
        };
    }

    private static void printSource(PrintWriter o, DataSource source, List<DataLocator.Candidate> candidates) {
        o.println(DataMessages.format("cli.data.source", source.description()));
        o.println(DataMessages.format("cli.data.rule", ruleNumber(source.kind()), source.kind()));
        o.println(DataMessages.format("cli.data.checked"));
        int n = 1;
        for (DataLocator.Candidate c : candidates) {
            String status = DataMessages.format(c.complete() ? "cli.data.candidateFound" : "cli.data.candidateMissing");
            o.println(DataMessages.format("cli.data.candidate", n++, c.kind(), status, c.dir() == null ? "" : c.dir()));
            if (c.complete()) {
                break;
            }
        }
    }

    private static void printCounts(PrintWriter o, FashionMnistData data) {
        for (ImageSet set : List.of(data.train(), data.test())) {
            o.println(DataMessages.format("cli.data.split", set.name(), set.size(), set.rows(), set.cols()));
        }
        int[] train = data.train().classCounts(FashionMnist.CLASSES);
        int[] test = data.test().classCounts(FashionMnist.CLASSES);
        o.println(DataMessages.format("cli.data.classHeader"));
        for (int c = 0; c < FashionMnist.CLASSES; c++) {
            o.println(DataMessages.format("cli.data.classLine", c, FashionMnist.CLASS_NAMES.get(c), train[c], test[c]));
        }
        o.println(DataMessages.format("cli.data.total", data.train().size(), data.test().size()));
    }

    private static void printChecksums(PrintWriter o, DataSource source) {
        if (source.isSample()) {
            o.println(DataMessages.format("cli.data.checksumSample"));
            return;
        }
        o.println(DataMessages.format("cli.data.checksums"));
        for (String base : FashionMnist.FILES) {
            Path f = FashionMnist.findFile(source.dir(), base);
            String actual = f == null ? null : Downloader.contentSha256OrNull(f);
            String name = f == null ? base : f.getFileName().toString();
            if (FashionMnist.SHA256.get(base).equals(actual)) {
                o.println(DataMessages.format("cli.data.checksumOk", name));
            } else {
                o.println(DataMessages.format("cli.data.checksumBad", name, actual));
            }
        }
    }

    private void writeGrid(PrintWriter o, FashionMnistData data) throws IOException {
        ImageSet set = "test".equalsIgnoreCase(split) ? data.test() : data.train();
        ImageSet chosen = set.subset(Math.min(show, set.size()), 0);
        int[] indices = new int[chosen.size()];
        for (int i = 0; i < indices.length; i++) {
            indices[i] = i;
        }
        String banner = data.source().isSample() ? DataMessages.format("grid.sampleBadge") : null;
        SampleGrid.writePng(SampleGrid.render(chosen, indices, resize, FashionMnist.CLASS_NAMES, banner), out);
        o.println(DataMessages.format("cli.data.wrote", indices.length, resize, set.name(), out.toAbsolutePath()));
    }

    private static String bytes(long b) {
        if (b < 0) {
            return "?";
        }
        if (b < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f KB", b / 1024.0);
        }
        return String.format(Locale.ROOT, "%.1f MB", b / (1024.0 * 1024.0));
    }
}
