package io.mpnet.runtime.compat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** The listeners and the abort of one transfer task: what {@link UploadTask} and {@link DownloadTask} share. */
final class TransferListeners {

    private final List<Consumer<Map<String, Object>>> progress = new CopyOnWriteArrayList<>();
    private final OnceListeners headers = new OnceListeners("onHeadersReceived", Wx::invoke);
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

    void offProgress(Consumer<Map<String, Object>> listener) {
        progress.remove(listener);
    }

    void onHeaders(Consumer<Map<String, Object>> listener) {
        headers.add(listener);
    }

    void offHeaders(Consumer<Map<String, Object>> listener) {
        headers.remove(listener);
    }

    void progress(Map<String, Object> event) {
        progress.forEach(l -> Wx.invoke("onProgressUpdate", l, event));
    }

    void headers(Map<String, Object> event) {
        headers.fire(event);
    }
}
