package io.mpnet.runtime.compat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The task {@code wx.request} returns: abort it, and listen for headers and chunks.
 * Listeners receive maps with the platform's field names.
 */
public final class RequestTask {

    private static final Logger LOG = LoggerFactory.getLogger(RequestTask.class);

    private final OnceListeners headerListeners = new OnceListeners("onHeadersReceived", Wx::invoke);
    private final List<Consumer<Map<String, Object>>> chunkListeners = new CopyOnWriteArrayList<>();
    private volatile Runnable abort = () -> { };

    RequestTask() {
    }

    void onAbort(Runnable abort) {
        this.abort = abort;
    }

    /** Aborts the call: {@code fail} gets {@code request:fail abort}; nothing happens once it has ended. */
    public void abort() {
        abort.run();
    }

    /**
     * Listens for the response headers: {@code statusCode}, {@code header}, {@code cookies}. A
     * listener added after they arrived gets them at once: the call starts eagerly on another thread,
     * whereas on the platform events wait until the JavaScript that made the call has returned.
     */
    public void onHeadersReceived(Consumer<Map<String, Object>> listener) {
        headerListeners.add(listener);
    }

    /** Stops a headers listener. */
    public void offHeadersReceived(Consumer<Map<String, Object>> listener) {
        headerListeners.remove(listener);
    }

    /** Listens for body chunks ({@code data}: {@code byte[]}) when {@code enableChunked} is set. */
    public void onChunkReceived(Consumer<Map<String, Object>> listener) {
        chunkListeners.add(listener);
    }

    /** Stops a chunk listener. */
    public void offChunkReceived(Consumer<Map<String, Object>> listener) {
        chunkListeners.remove(listener);
    }

    void headers(Map<String, Object> event) {
        headerListeners.fire(event);
    }

    void chunk(Map<String, Object> event) {
        chunkListeners.forEach(l -> Wx.invoke("onChunkReceived", l, event));
    }

    static Logger log() {
        return LOG;
    }
}
