package org.alexnetstudio.ui.data;

import java.nio.file.Path;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import org.alexnetstudio.data.DataException;
import org.alexnetstudio.data.DataLocator;
import org.alexnetstudio.data.FashionMnist;
import org.alexnetstudio.data.FashionMnistData;
import org.alexnetstudio.ui.shared.Texts;

/**
 * Which Fashion-MNIST the app trains on, and the actions that change it (choose a folder,
 * download, use the sample). Loading and downloading run on {@code background}; results come back
 * through {@code ui}. A failed load keeps the data already in use.
 */
public final class DataViewModel {

    /** How the app reads data; replaceable in tests. */
    public interface Loader {
        FashionMnistData load(Path chosenOrNull) throws DataException;

        FashionMnistData sample() throws DataException;
    }

    public static final Loader FASHION_MNIST = new Loader() {
        @Override
        public FashionMnistData load(Path chosenOrNull) throws DataException {
            return FashionMnist.loadDefault(chosenOrNull);
        }

        @Override
        public FashionMnistData sample() throws DataException {
            return FashionMnist.loadSample();
        }
    };

    private final Texts texts;
    private final Executor background;
    private final Executor ui;
    private final Loader loader;
    /** The dataset browser's "Why?"; see {@link #setOnExplain}. */
    private java.util.function.Consumer<org.alexnetstudio.ui.shared.ExplainRequest> onExplain;

    /** Where the dataset browser's "Why?" sends a picture (the Explain tab); null: no such button. */
    public void setOnExplain(java.util.function.Consumer<org.alexnetstudio.ui.shared.ExplainRequest> action) {
        onExplain = action;
    }

    public java.util.function.Consumer<org.alexnetstudio.ui.shared.ExplainRequest> onExplain() {
        return onExplain;
    }

    private final Supplier<DatasetDownload> downloads;
    private final Path downloadDir;

    private final ReadOnlyObjectWrapper<FashionMnistData> data = new ReadOnlyObjectWrapper<>(this, "data");
    private final ReadOnlyStringWrapper sourceText = new ReadOnlyStringWrapper(this, "sourceText", "");
    private final ReadOnlyBooleanWrapper sample = new ReadOnlyBooleanWrapper(this, "sample");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy");
    private final ReadOnlyBooleanWrapper downloading = new ReadOnlyBooleanWrapper(this, "downloading");
    private final ReadOnlyDoubleWrapper downloadProgress = new ReadOnlyDoubleWrapper(this, "downloadProgress", 0);
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error", "");
    private volatile DatasetDownload running;

    public DataViewModel(Texts texts, Executor background, Executor ui, Loader loader,
                         Supplier<DatasetDownload> downloads, Path downloadDir) {
        this.texts = texts;
        this.background = background;
        this.ui = ui;
        this.loader = loader;
        this.downloads = downloads;
        this.downloadDir = downloadDir;
    }

    /** The real machine: the lookup order, the official mirrors, ~/.alexnet-studio/data. */
    public static DataViewModel system(Texts texts, Executor background, Executor ui) {
        return new DataViewModel(texts, background, ui, FASHION_MNIST, OfficialDownload::new,
                DataLocator.system().appHomeDataDir());
    }

    public ReadOnlyObjectProperty<FashionMnistData> dataProperty() { return data.getReadOnlyProperty(); }
    public FashionMnistData getData() { return data.get(); }
    /** Where the data came from, saying "sample" for the bundled sample. */
    public ReadOnlyStringProperty sourceTextProperty() { return sourceText.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty sampleProperty() { return sample.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty busyProperty() { return busy.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty downloadingProperty() { return downloading.getReadOnlyProperty(); }
    /** 0..1, or -1 (indeterminate). */
    public ReadOnlyDoubleProperty downloadProgressProperty() { return downloadProgress.getReadOnlyProperty(); }
    public ReadOnlyStringProperty statusProperty() { return status.getReadOnlyProperty(); }
    public ReadOnlyStringProperty errorProperty() { return error.getReadOnlyProperty(); }
    public String getError() { return error.get(); }
    public Path downloadDir() { return downloadDir; }

    /** The first data set found (full Fashion-MNIST if anywhere, else the sample). */
    public void loadDefault() {
        load(() -> loader.load(null));
    }

    public void chooseFolder(Path dir) {
        load(() -> {
            FashionMnistData d = loader.load(dir);
            if (d.source().isSample()) {
                throw new DataException(dir, "idx.notFound", dir);
            }
            return d;
        });
    }

    public void useSample() {
        load(loader::sample);
    }

    /** Use data already loaded (tests, or another part of the app). */
    public void use(FashionMnistData d) {
        data.set(d);
        sample.set(d.source().isSample());
        sourceText.set(describe(d));
        error.set("");
    }

    private interface Load {
        FashionMnistData get() throws DataException;
    }

    private void load(Load load) {
        if (busy.get()) {
            return;
        }
        busy.set(true);
        status.set(texts.get("data.loading"));
        background.execute(() -> {
            try {
                FashionMnistData d = load.get();
                ui.execute(() -> {
                    busy.set(false);
                    status.set("");
                    use(d);
                });
            } catch (DataException | RuntimeException e) {
                String m = e.getMessage() == null ? e.toString() : e.getMessage();
                ui.execute(() -> {
                    busy.set(false);
                    status.set("");
                    error.set(texts.fmt("data.loadFailed", m));
                });
            }
        });
    }

    /** Downloads the full data set into the app's data folder, then uses it. */
    public void download() {
        if (busy.get()) {
            return;
        }
        DatasetDownload d = downloads.get();
        running = d;
        busy.set(true);
        downloading.set(true);
        downloadProgress.set(0);
        error.set("");
        status.set(texts.fmt("data.downloading", downloadDir));
        java.util.concurrent.atomic.AtomicBoolean progressPending = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.atomic.AtomicLong latest = new java.util.concurrent.atomic.AtomicLong();
        background.execute(() -> {
            try {
                d.download(downloadDir, p -> {
                    // Coalesce: the downloader reports often, the bar needs the latest value only.
                    latest.set(Double.doubleToLongBits(p));
                    if (progressPending.compareAndSet(false, true)) {
                        ui.execute(() -> {
                            progressPending.set(false);
                            downloadProgress.set(Double.longBitsToDouble(latest.get()));
                        });
                    }
                }, file -> ui.execute(() -> status.set(texts.fmt("data.downloadingFile", file))));
                FashionMnistData loaded = loader.load(downloadDir);
                ui.execute(() -> {
                    finishDownload();
                    use(loaded);
                });
            } catch (DataException | RuntimeException e) {
                String m = e.getMessage() == null ? e.toString() : e.getMessage();
                ui.execute(() -> {
                    finishDownload();
                    error.set(m);
                });
            }
        });
    }

    public void cancelDownload() {
        DatasetDownload d = running;
        if (d != null) {
            d.cancel();
        }
    }

    private void finishDownload() {
        running = null;
        busy.set(false);
        downloading.set(false);
        status.set("");
    }

    private String describe(FashionMnistData d) {
        String counts = texts.fmt("data.counts", d.train().size(), d.test().size());
        return d.source().isSample()
                ? texts.fmt("data.sample", counts)
                : texts.fmt("data.full", d.source().description(), counts);
    }
}
