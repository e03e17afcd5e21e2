package io.mpnet.runtime.compat;

import java.util.Map;
import java.util.function.Consumer;

/**
 * The task {@code wx.downloadFile} returns: abort it, and listen for its progress and response headers.
 * Listeners receive maps with the platform's field names; one that throws is logged and ignored.
 */
public final class DownloadTask {

    final TransferListeners listeners = new TransferListeners();

    DownloadTask() {
    }

    /** Aborts the transfer: {@code fail} gets {@code downloadFile:fail abort}; nothing happens once it has ended. */
    public void abort() {
        listeners.abort();
    }

    /** Listens for progress (D-2): {@code progress}, {@code totalBytesWritten}, {@code totalBytesExpectedToWrite} ({@code -1} when unknown). */
    public void onProgressUpdate(Consumer<Map<String, Object>> listener) {
        listeners.onProgress(listener);
    }

    /** Stops a progress listener. */
    public void offProgressUpdate(Consumer<Map<String, Object>> listener) {
        listeners.offProgress(listener);
    }

    /** Listens for the response headers: {@code statusCode}, {@code header}, {@code cookies}. */
    public void onHeadersReceived(Consumer<Map<String, Object>> listener) {
        listeners.onHeaders(listener);
    }

    /** Stops a headers listener. */
    public void offHeadersReceived(Consumer<Map<String, Object>> listener) {
        listeners.offHeaders(listener);
    }
}
