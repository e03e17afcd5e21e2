package io.mpnet.runtime.compat;

import java.util.Map;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/** The listeners and the abort of one transfer task: what {@link UploadTask} and {@link DownloadTask} share. */
final class TransferListeners {

    private final EventListeners progress = new EventListeners("onProgressUpdate");
    private final EventListeners headers = new EventListeners("onHeadersReceived");
    private volatile Runnable abort = () -> { };

    void onAbort(Runnable abort) {
        this.abort = abort;
    }

    void abort() {
        abort.run();
    }

    void onProgress(Consumer<Map<String, Object>> listener) {
        progress.add(listener);
    }

    void offProgress(@Nullable Consumer<Map<String, Object>> listener) {
        progress.remove(listener);
    }

    void onHeaders(Consumer<Map<String, Object>> listener) {
        headers.add(listener);
    }

    void offHeaders(@Nullable Consumer<Map<String, Object>> listener) {
        headers.remove(listener);
    }

    void progress(Map<String, Object> event) {
        progress.fire(event);
    }

    void headers(Map<String, Object> event) {
        headers.fire(event);
    }
}
