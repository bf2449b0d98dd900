package org.alexnetstudio.data;

/** The student cancelled a download; nothing partial was left behind. */
public final class DownloadCancelledException extends DataException {

    private static final long serialVersionUID = 1L;

    public DownloadCancelledException() {
        super(null, "download.cancelled");
    }
}
