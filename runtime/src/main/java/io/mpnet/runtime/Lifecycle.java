package io.mpnet.runtime;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * Whether the mini program is in the foreground (B-1), told by the host. In the background, calls
 * fail at once with {@code interrupted} and calls in flight fail when they have not finished within
 * the profile's grace period (B-2), unless the runtime is kept alive (B-3, a pinned chat).
 * Sockets are not affected (B-4). Thread-safe.
 */
public final class Lifecycle {

    /**
     * One moment of the app's life.
     *
     * @param foreground whether the app is in the foreground
     * @param keepAlive whether B-2 is suspended (pinned chat, B-3)
     */
    public record State(boolean foreground, boolean keepAlive) {
        /** Whether calls may run: in the foreground, or kept alive. */
        public boolean active() {
            return foreground || keepAlive;
        }
    }

    private final Sinks.Many<State> states = Sinks.many().replay().latest();
    private volatile State state;

    Lifecycle(boolean keepAlive) {
        this.state = new State(true, keepAlive);
        states.tryEmitNext(state);
    }

    /** The app moved to the background (B-1): calls in flight get the grace period, new calls fail. */
    public void enterBackground() {
        set(false, state.keepAlive());
    }

    /** The app is in the foreground again (B-1): calls may run; pending interruptions are called off. */
    public void enterForeground() {
        set(true, state.keepAlive());
    }

    /** Turns the pinned-chat exemption from B-2 on or off (B-3). */
    public void keepAlive(boolean keepAlive) {
        set(state.foreground(), keepAlive);
    }

    /** Whether the app is in the foreground. */
    public boolean isForeground() {
        return state.foreground();
    }

    /** The current state. */
    public State state() {
        return state;
    }

    /** The current state, then every change. */
    public Flux<State> states() {
        return states.asFlux();
    }

    private synchronized void set(boolean foreground, boolean keepAlive) {
        State next = new State(foreground, keepAlive);
        if (!next.equals(state)) {
            state = next;
            states.tryEmitNext(next); // serialised by synchronized, so this cannot fail with a concurrent emission
        }
    }
}
