package io.mpnet.runtime.compat;

import java.util.Map;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The task {@code wx.request} returns: abort it, and listen for headers and chunks.
 * Listeners receive maps with the platform's field names.
 */
public final class RequestTask {

    private final EventListeners headerListeners = new EventListeners("onHeadersReceived");
    private final EventListeners chunkListeners = new EventListeners("onChunkReceived");
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
     * Listens for the response headers: {@code statusCode}, {@code header}, {@code cookies}.
     * Events run on the {@link EventExecutor} after the task that made the call: a listener added
     * in that task hears them; one added after they were dispatched does not, as on the platform.
     */
    public void onHeadersReceived(Consumer<Map<String, Object>> listener) {
        headerListeners.add(listener);
    }

    /** Stops a headers listener; {@code null} stops every one (the platform's {@code offHeadersReceived()}). */
    public void offHeadersReceived(@Nullable Consumer<Map<String, Object>> listener) {
        headerListeners.remove(listener);
    }

    /**
     * Listens for body chunks ({@code data}: {@code byte[]}) when {@code enableChunked} is set:
     * a listener added in the task that made the call hears every chunk.
     */
    public void onChunkReceived(Consumer<Map<String, Object>> listener) {
        chunkListeners.add(listener);
    }

    /** Stops a chunk listener; {@code null} stops every one (the platform's {@code offChunkReceived()}). */
    public void offChunkReceived(@Nullable Consumer<Map<String, Object>> listener) {
        chunkListeners.remove(listener);
    }

    void headers(Map<String, Object> event) {
        headerListeners.fire(event);
    }

    void chunk(Map<String, Object> event) {
        chunkListeners.fire(event);
    }
}
