package io.mpnet.runtime.internal.http;

import io.netty.channel.ChannelPromise;
import java.util.ArrayDeque;
import org.jspecify.annotations.Nullable;

/**
 * A chunk {@link ThrottleHandler} holds back (N-6): counted on its line when it arrived at an idle
 * queue, or, behind others, once its turn (and a response's latency) has come, so each chunk's wait
 * starts where the last one's ended.
 */
final class Held {

    final Object msg;
    final @Nullable ChannelPromise promise;
    private long at; // when it may go: its due time once counted, else the earliest it may be counted
    private boolean counted;
    boolean flush;

    private Held(Object msg, @Nullable ChannelPromise promise, long at, boolean counted) {
        this.msg = msg;
        this.promise = promise;
        this.at = at;
        this.counted = counted;
    }

    /** A chunk already counted, due at {@code due}. */
    static Held counted(Object msg, @Nullable ChannelPromise promise, long due) {
        return new Held(msg, promise, due, true);
    }

    /** A chunk to count once it is first in line and {@code notBefore} has passed. */
    static Held waiting(Object msg, @Nullable ChannelPromise promise, long notBefore) {
        return new Held(msg, promise, notBefore, false);
    }

    /** How long it still waits at {@code t}'s now, counting it on its line once it may be counted. */
    long waitFrom(@Nullable Throttling t, boolean download) {
        if (t == null) {
            return 0; // the exchange that held it is over: let it through
        }
        long now = t.now();
        if (!counted && now >= at) {
            counted = true;
            at = now + t.wait(download, ThrottleHandler.size(msg), now);
        }
        return at - now;
    }

    /** One direction's held chunks, in order, and whether a pump is due on the runtime's scheduler. */
    static final class Queue extends ArrayDeque<Held> {
        final boolean download;
        boolean scheduled;

        Queue(boolean download) {
            super(4);
            this.download = download;
        }
    }
}
