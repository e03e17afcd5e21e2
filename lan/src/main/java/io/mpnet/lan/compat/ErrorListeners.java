package io.mpnet.lan.compat;

import io.mpnet.runtime.compat.OnceListeners;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The {@code onError} listeners of a socket. Most errors (a failed send or write, bad input) leave
 * the socket open and, like messages, reach only the listeners of the moment. The error the socket
 * closes on happens once in its life, so it is kept as {@link OnceListeners} keep their event: a
 * listener added after it, up to the close or later, still gets it, exactly once and before the
 * close that follows it.
 */
final class ErrorListeners {

    private final List<Consumer<Map<String, Object>>> all = new ArrayList<>(); // guarded by this
    /** The newest error that the socket may close on, until another event or the close settles it. */
    private @Nullable Map<String, Object> pending; // guarded by this
    /** The listeners {@link #pending} was fired to, by identity. */
    private Set<Consumer<Map<String, Object>>> heard = Set.of(); // guarded by this
    /** The error the socket closed on, for listeners added later. */
    private @Nullable Map<String, Object> last; // guarded by this

    void add(Consumer<Map<String, Object>> listener) {
        Map<String, Object> already;
        synchronized (this) { // with fireLast(), closing(): each listener gets the last error exactly once
            all.add(listener);
            already = last;
        }
        if (already != null) {
            Listeners.call("onError", listener, already);
        }
    }

    /** Removes one listener, or all of them when {@code listener} is null (as the platform's off* does). */
    synchronized void remove(@Nullable Consumer<Map<String, Object>> listener) {
        if (listener == null) {
            all.clear();
        } else {
            all.remove(listener);
        }
    }

    /** An error that leaves the socket open: the listeners of the moment get it, later ones never. */
    void fire(Map<String, Object> error) {
        List<Consumer<Map<String, Object>>> listening;
        synchronized (this) {
            listening = List.copyOf(all);
        }
        listening.forEach(l -> Listeners.call("onError", l, error));
    }

    /**
     * An error that the socket may close on: the listeners of the moment get it now; if
     * {@link #closing()} comes before {@link #passed()}, the listeners added meanwhile get it then.
     */
    void fireLast(Map<String, Object> error) {
        List<Consumer<Map<String, Object>>> listening;
        synchronized (this) {
            listening = List.copyOf(all);
            if (last == null) {
                pending = error;
                heard = Collections.newSetFromMap(new IdentityHashMap<>());
                heard.addAll(listening);
            }
        }
        listening.forEach(l -> Listeners.call("onError", l, error));
    }

    /** Another event followed the pending error: the socket went on, so it was not its last. */
    synchronized void passed() {
        pending = null;
        heard = Set.of();
    }

    /**
     * The socket closes: the pending error was its last. Listeners added since it fired get it now,
     * before the close event; listeners added later get it at once.
     */
    void closing() {
        Map<String, Object> error;
        List<Consumer<Map<String, Object>>> missed = new ArrayList<>();
        synchronized (this) {
            error = pending;
            if (error == null || last != null) {
                return;
            }
            last = error;
            pending = null;
            for (Consumer<Map<String, Object>> l : all) {
                if (!heard.contains(l)) {
                    missed.add(l);
                }
            }
            heard = Set.of();
        }
        missed.forEach(l -> Listeners.call("onError", l, error));
    }
}
