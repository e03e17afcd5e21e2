package io.mpnet.runtime.internal.http;

import io.mpnet.runtime.NetworkConditions;
import io.mpnet.runtime.NetworkState;
import io.netty.handler.traffic.AbstractTrafficShapingHandler;
import io.netty.handler.traffic.TrafficCounter;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;
import reactor.core.scheduler.Scheduler;

/**
 * One runtime's throttling (N-6): the conditions the host set on its {@link NetworkState}, read
 * afresh for every chunk so a change applies at once, and the two lines (down and up) that all its
 * calls share, as a phone's calls share its radio. {@link ThrottleHandler} asks here how long each
 * chunk waits and waits on the runtime's scheduler, so tests run it in virtual time.
 *
 * <p>How long a chunk waits is Netty's traffic-shaping arithmetic, {@link TrafficCounter}'s: the
 * bytes counted on the line since it started, at the line's limit, less the time since. Netty's
 * shaping handlers themselves cannot be used: they read the wall clock and wait on the event loop,
 * where virtual time cannot reach, and count through a task per channel every second. Here a line's
 * counter has no task (no executor, no check interval); it gets every "now" from the runtime's
 * clock, shifted onto the base it read once when it was made. A counter without its task never
 * resets, so a new one takes over once the line has been idle, and at least every check interval,
 * carrying the old one's backlog: a quiet phone gains no credit for a burst later.
 */
public final class Throttling {

    /**
     * Below this a wait is not worth a timer: Netty's own threshold ({@code MINIMAL_WAIT}, which is
     * package-private there), and its counter answers 0 for less anyway.
     */
    static final long MIN_WAIT_MS = 10;
    /** The longest one chunk waits: longer, and every call would have timed out anyway (T-2's cap). */
    private static final long MAX_WAIT_MS = NetworkConditions.MAX_LATENCY.toMillis();
    /** How long a line's counter counts before a new one takes over: Netty's default check interval. */
    private static final long ROLL_MS = AbstractTrafficShapingHandler.DEFAULT_CHECK_INTERVAL;

    private final NetworkState state;
    private final Scheduler scheduler;
    private final LongSupplier nanoClock;
    private volatile boolean used;
    private @Nullable Line down; // guarded by this
    private @Nullable Line up; // guarded by this

    /**
     * The throttling of the runtime whose network is {@code state}, timed by {@code nanoClock} and
     * waiting on {@code scheduler} (the runtime's: virtual in tests).
     */
    public Throttling(NetworkState state, Scheduler scheduler, LongSupplier nanoClock) {
        this.state = state;
        this.scheduler = scheduler;
        this.nanoClock = nanoClock;
    }

    /**
     * Whether an exchange starting now needs a {@link ThrottleHandler}: the conditions throttle, or
     * did once, so exchanges in flight follow later changes. Until a host throttles, a call pays one
     * volatile read here and nothing else.
     */
    public boolean active() {
        if (used) {
            return true;
        }
        if (state.conditions().throttles()) {
            used = true;
            return true;
        }
        return false;
    }

    /** The latency added to a response now, in milliseconds. */
    long latencyMillis() {
        return state.conditions().latency().toMillis();
    }

    /** The runtime's clock in milliseconds. */
    long now() {
        return TimeUnit.NANOSECONDS.toMillis(nanoClock.getAsLong());
    }

    /** Runs {@code task} after {@code delayMillis} on the runtime's scheduler. */
    void schedule(Runnable task, long delayMillis) {
        scheduler.schedule(task, delayMillis, TimeUnit.MILLISECONDS);
    }

    /**
     * Counts {@code size} bytes on the line down ({@code download}) or up at {@code now}, and answers how
     * many milliseconds they wait so the line keeps to the current bandwidth (0: none, or unlimited).
     */
    synchronized long wait(boolean download, long size, long now) {
        NetworkConditions c = state.conditions();
        long limit = download ? c.downloadBytesPerSecond() : c.uploadBytesPerSecond();
        if (limit == 0) {
            return 0; // unlimited
        }
        Line line = download ? down : up;
        if (line == null || line.limit != limit || line.due < now || now - line.origin >= ROLL_MS) {
            // A new counter once the line has been idle (all it owed went out before now: an idle radio
            // earns no credit for a later burst, and a chunk still takes its size's time on the air), and every
            // check interval, as Netty's monitor resets its counters. The old line's backlog (chunks due
            // later than now) is counted on the new one first, so nothing goes sooner for the change.
            long backlog = line == null ? 0 : Math.max(0, line.due - now) * limit / 1000;
            line = new Line(limit, now);
            if (backlog > 0) {
                line.wait(download, backlog, now);
            }
            if (download) {
                down = line;
            } else {
                up = line;
            }
        }
        return line.wait(download, size, now);
    }

    /** One direction's bandwidth since it was last idle, counted by Netty. */
    private static final class Line {
        // no executor and no check interval: no monitoring task, and Netty's clock is read once, here
        private final TrafficCounter counter = new TrafficCounter(null, "mpnet.throttle", 0);
        private final long base = counter.lastTime();
        final long origin;
        final long limit;
        long due;

        Line(long limit, long now) {
            this.limit = limit;
            this.origin = now;
            this.due = now;
        }

        long wait(boolean read, long size, long now) {
            long t = base + (now - origin); // the runtime's time on the counter's base
            long wait = read ? counter.readTimeToWait(size, limit, MAX_WAIT_MS, t)
                    : counter.writeTimeToWait(size, limit, MAX_WAIT_MS, t);
            due = Math.max(due, now + wait);
            return wait;
        }
    }
}
