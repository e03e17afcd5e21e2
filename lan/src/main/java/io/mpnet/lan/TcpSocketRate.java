package io.mpnet.lan;

import io.mpnet.policy.ApiKind;
import io.mpnet.policy.FailReason;
import io.mpnet.policy.MpNetException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.function.LongSupplier;

/**
 * N-4: how many TCP sockets one mini program may create in a sliding window (20 in any 5 minutes),
 * counted on the runtime's clock, so a simulator's virtual time moves the window too.
 */
final class TcpSocketRate {

    private final int max;
    private final Duration window;
    private final long windowNanos;
    private final LongSupplier nanoClock;
    private final ArrayDeque<Long> created = new ArrayDeque<>(); // creation times, oldest first

    TcpSocketRate(int max, Duration window, LongSupplier nanoClock) {
        this.max = max;
        this.window = window;
        this.windowNanos = window.toNanos();
        this.nanoClock = nanoClock;
    }

    /**
     * Counts one creation now.
     *
     * @throws MpNetException (N-4, exceed max task count) when {@code max} were created in the window
     */
    synchronized void admit() {
        long now = nanoClock.getAsLong();
        while (!created.isEmpty() && now - created.peekFirst() >= windowNanos) {
            created.pollFirst();
        }
        if (created.size() >= max) {
            long waitMs = (windowNanos - (now - created.peekFirst()) + 999_999) / 1_000_000;
            throw new MpNetException(ApiKind.TCP, FailReason.LIMIT_EXCEEDED, "N-4", max + " TCP sockets were"
                    + " created in the last " + window.toMinutes() + " minutes, the most a mini program may create"
                    + " in that time; reuse a socket, or create the next one in " + waitMs + " ms");
        }
        created.addLast(now);
    }
}
