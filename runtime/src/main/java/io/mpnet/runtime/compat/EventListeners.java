package io.mpnet.runtime.compat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The listeners of one event of a task ({@code onHeadersReceived}, {@code onMessage}...). An event
 * reaches the listeners there are when it is dispatched, on the {@link EventExecutor}; like the
 * platform, nothing is kept for listeners added later: the executor already makes an event wait
 * until the task that made the call has returned. A listener that throws is logged and harms nothing.
 */
public final class EventListeners {

    private static final Logger LOG = LoggerFactory.getLogger(EventListeners.class);

    private final String name;
    private final List<Consumer<Map<String, Object>>> all = new CopyOnWriteArrayList<>();

    /** Listeners of the event {@code name}, the platform's ({@code onHeadersReceived}, {@code onOpen}...). */
    public EventListeners(String name) {
        this.name = name;
    }

    /** Adds {@code listener}; it hears the events dispatched from now on. */
    public void add(Consumer<Map<String, Object>> listener) {
        all.add(listener);
    }

    /** Removes {@code listener}, or every listener when it is {@code null} (the platform's {@code off*()} without one). */
    public void remove(@Nullable Consumer<Map<String, Object>> listener) {
        if (listener == null) {
            all.clear();
        } else {
            all.remove(listener);
        }
    }

    /** The event's name: {@code onHeadersReceived}, {@code onOpen}... */
    public String name() {
        return name;
    }

    /** Calls every listener of the moment with {@code event}; to be run on the event executor. */
    public void fire(Map<String, Object> event) {
        for (Consumer<Map<String, Object>> l : all) {
            call(name, l, event);
        }
    }

    /** Calls {@code callback} (if any) with {@code arg}; an exception it throws is logged, never passed on (L-2). */
    public static void call(String name, @Nullable Consumer<Map<String, Object>> callback, Map<String, Object> arg) {
        if (callback == null) {
            return;
        }
        try {
            callback.accept(arg);
        } catch (RuntimeException e) {
            LOG.warn("the {} callback threw; the call and the runtime go on", name, e);
        }
    }
}
