package io.mpnet.runtime.internal.transfer;

import io.mpnet.runtime.TransferEvent;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * U-2/D-2: which byte counts become progress events. At most one event per percent and one per
 * {@link #MIN_INTERVAL_MILLIS} on the runtime's clock, plus the final one at 100; the counts are
 * monotonic (a smaller count than one already reported is ignored). With an unknown total
 * ({@code -1}) only the interval limits, and the progress stays 0 until the final event.
 *
 * <p>Not thread-safe: one transfer feeds it from its event loop.
 */
public final class ProgressThrottle {

    /** The shortest time between two progress events but the final one. */
    public static final long MIN_INTERVAL_MILLIS = 50;

    private final LongSupplier clockMillis;
    private final long total;
    private long lastBytes = -1;
    private int lastPercent = -1;
    private long lastAt;
    private boolean finished;

    /** A throttle of a transfer of {@code total} bytes ({@code -1} when unknown), timed by {@code clockMillis}. */
    public ProgressThrottle(LongSupplier clockMillis, long total) {
        this.clockMillis = clockMillis;
        this.total = total >= 0 ? total : -1;
    }

    /** The expected total, {@code -1} when unknown. */
    public long total() {
        return total;
    }

    /** The event for {@code bytes} transferred so far, or {@code null} when the limits hold it back. */
    public TransferEvent.@Nullable Progress update(long bytes) {
        if (finished || bytes <= lastBytes) {
            return null;
        }
        int percent = percent(bytes);
        if (percent >= 100) {
            return null; // 100 belongs to the final event alone, which says the body is all through
        }
        long now = clockMillis.getAsLong();
        boolean first = lastPercent < 0;
        if (!first && (percent <= lastPercent && total > 0 || now - lastAt < MIN_INTERVAL_MILLIS)) {
            return null;
        }
        lastBytes = bytes;
        lastPercent = percent;
        lastAt = now;
        return new TransferEvent.Progress(percent, bytes, total);
    }

    /** The final event, at 100, for {@code bytes} transferred in all; {@code null} if it was given already. */
    public TransferEvent.@Nullable Progress finish(long bytes) {
        if (finished) {
            return null;
        }
        finished = true;
        return new TransferEvent.Progress(100, Math.max(bytes, lastBytes), total);
    }

    private int percent(long bytes) {
        if (total <= 0) {
            return 0;
        }
        return (int) Math.min(100, bytes * 100 / total);
    }
}
