package org.alexnetstudio.ui.data;

import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.function.DoubleConsumer;
import org.alexnetstudio.data.DataException;
import org.alexnetstudio.data.Downloader;

/** {@link DatasetDownload} through the data package's verified, all-or-nothing downloader. */
public final class OfficialDownload implements DatasetDownload {

    private final Downloader downloader;

    public OfficialDownload() {
        this(new Downloader());
    }

    public OfficialDownload(Downloader downloader) {
        this.downloader = downloader;
    }

    @Override
    public void download(Path target, DoubleConsumer progress, Consumer<String> status) throws DataException {
        downloader.download(target, new Downloader.Listener() {
            @Override
            public void fileStarted(String file, java.net.URI url) {
                status.accept(file);
            }

            @Override
            public void progress(Downloader.Progress p) {
                double within = p.totalBytes() > 0 ? (double) p.bytes() / p.totalBytes() : 0;
                progress.accept(p.fileCount() == 0 ? -1 : (p.fileIndex() + within) / p.fileCount());
            }
        });
    }

    @Override
    public void cancel() {
        downloader.cancel();
    }
}
