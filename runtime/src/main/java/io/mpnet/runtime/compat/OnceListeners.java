package io.mpnet.runtime.compat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The listeners of an event that happens at most once in a task's life: a response's headers (R-9,
 * D-5), a socket's open, error and close (S-2, S-5). A listener added after the event gets it at once: the call
 * starts eagerly on another thread, whereas on the platform events wait until the JavaScript that
 * made the call has returned, so a listener added right after the call never misses them there.
 */
final class OnceListeners {

    private final String name;
    private final List<Consumer<Map<String, Object>>> listeners = new CopyOnWriteArrayList<>();
    private @Nullable Map<String, Object> happened; // guarded by this

    /** Listeners called {@code name} in logs ({@code onHeadersReceived}, {@code onOpen}...). */
    OnceListeners(String name) {
        this.name = name;
    }

    void add(Consumer<Map<String, Object>> listener) {
        Map<String, Object> event;
        synchronized (this) { // with fire(): each listener gets the event exactly once
            listeners.add(listener);
            event = happened;
        }
        if (event != null) {
            Wx.invoke(name, listener, event);
        }
    }

    void remove(Consumer<Map<String, Object>> listener) {
        listeners.remove(listener);
    }

    /** The listeners' name in logs, the event's name: {@code onHeadersReceived}, {@code onOpen}... */
    String name() {
        return name;
    }

    void fire(Map<String, Object> event) {
        List<Consumer<Map<String, Object>>> listening;
        synchronized (this) {
            happened = event;
            listening = List.copyOf(listeners);
        }
        listening.forEach(l -> Wx.invoke(name, l, event));
    }
}
