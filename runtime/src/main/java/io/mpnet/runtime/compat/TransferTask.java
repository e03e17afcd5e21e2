package io.mpnet.runtime.compat;

import java.util.Map;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * What the tasks of {@code wx.uploadFile} and {@code wx.downloadFile} share: abort, and listeners for
 * progress and response headers. Listeners receive maps with the platform's field names; one that
 * throws is logged and ignored.
 */
public abstract sealed class TransferTask permits UploadTask, DownloadTask {

    final TransferListeners listeners = new TransferListeners();

    TransferTask() {
    }

    /** Aborts the transfer: {@code fail} gets {@code <api>:fail abort}; nothing happens once it has ended. */
    public void abort() {
        listeners.abort();
    }

    /**
     * Listens for progress (U-2, D-2): {@code progress}, and {@code totalBytesSent} /
     * {@code totalBytesExpectedToSend} for an upload, {@code totalBytesWritten} /
     * {@code totalBytesExpectedToWrite} ({@code -1} when unknown) for a download.
     */
    public void onProgressUpdate(Consumer<Map<String, Object>> listener) {
        listeners.onProgress(listener);
    }

    /** Stops a progress listener; {@code null} stops every one (the platform's {@code offProgressUpdate()}). */
    public void offProgressUpdate(@Nullable Consumer<Map<String, Object>> listener) {
        listeners.offProgress(listener);
    }

    /**
     * Listens for the response headers: {@code statusCode}, {@code header}, {@code cookies}; a listener
     * added in the task that made the call hears them, as with {@link RequestTask#onHeadersReceived}.
     */
    public void onHeadersReceived(Consumer<Map<String, Object>> listener) {
        listeners.onHeaders(listener);
    }

    /** Stops a headers listener; {@code null} stops every one (the platform's {@code offHeadersReceived()}). */
    public void offHeadersReceived(@Nullable Consumer<Map<String, Object>> listener) {
        listeners.offHeaders(listener);
    }
}
