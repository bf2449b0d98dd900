package org.alexnetstudio.ui.data;

import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.function.DoubleConsumer;
import org.alexnetstudio.data.DataException;

/** A cancellable download of the four Fashion-MNIST files, as the Data panel uses it. */
public interface DatasetDownload {

    /**
     * Downloads into {@code target} on the calling thread.
     *
     * @param progress 0..1 over the four files, or -1 when the size is unknown (called often)
     * @param status   one line about the file in progress
     */
    void download(Path target, DoubleConsumer progress, Consumer<String> status) throws DataException;

    /** From any thread; {@link #download} then ends with a DataException saying it was cancelled. */
    void cancel();
}
