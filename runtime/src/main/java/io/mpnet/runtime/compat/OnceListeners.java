package io.mpnet.runtime.compat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The callback-style listeners of an event that happens at most once in a task's life: a response's
 * headers (R-9, D-5), a WebSocket's open, error and close (S-2, S-5), a LAN socket's connect,
 * listening and close. A listener added after the event gets it at once, exactly once: the call
 * starts eagerly on another thread, whereas on the platform events wait until the JavaScript that
 * made the call has returned, so a listener added right after the call never misses them there.
 * Shared by the {@code compat} packages of the runtime and of {@code lan}.
 */
public final class OnceListeners {

    /** How a compat package calls one listener (guarding the runtime from what it throws, logging it). */
    @FunctionalInterface
    public interface Invoker {
        /** Calls {@code listener}, named {@code name} in logs, with {@code event}. */
        void invoke(String name, Consumer<Map<String, Object>> listener, Map<String, Object> event);
    }

    private final String name;
    private final Invoker invoker;
    private final List<Consumer<Map<String, Object>>> listeners = new ArrayList<>(); // guarded by this
    private @Nullable Map<String, Object> happened; // guarded by this

    /** Listeners of the event {@code name} ({@code onHeadersReceived}, {@code onOpen}...), called through {@code invoker}. */
    public OnceListeners(String name, Invoker invoker) {
        this.name = name;
        this.invoker = invoker;
    }

    /** Adds {@code listener}; if the event has happened, calls it with the event at once. */
    public void add(Consumer<Map<String, Object>> listener) {
        Map<String, Object> event;
        synchronized (this) { // with fire(): each listener gets the event exactly once
            listeners.add(listener);
            event = happened;
        }
        if (event != null) {
            invoker.invoke(name, listener, event);
        }
    }

    /** Removes {@code listener}, or every listener when it is {@code null} (as the platform's off* without one does). */
    public synchronized void remove(@Nullable Consumer<Map<String, Object>> listener) {
        if (listener == null) {
            listeners.clear();
        } else {
            listeners.remove(listener);
        }
    }

    /** The event's name: {@code onHeadersReceived}, {@code onOpen}... */
    public String name() {
        return name;
    }

    /**
     * The event: to the listeners of the moment, and kept for later ones. It happens once: a second
     * is ignored, and this returns false for it.
     */
    public boolean fire(Map<String, Object> event) {
        List<Consumer<Map<String, Object>>> listening;
        synchronized (this) {
            if (happened != null) {
                return false;
            }
            happened = event;
            listening = List.copyOf(listeners);
        }
        listening.forEach(l -> invoker.invoke(name, l, event));
        return true;
    }
}
