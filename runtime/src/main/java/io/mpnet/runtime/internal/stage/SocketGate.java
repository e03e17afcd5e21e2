package io.mpnet.runtime.internal.stage;

import io.mpnet.runtime.internal.call.CallState;
import io.mpnet.policy.ApiKind;
import io.mpnet.policy.FailReason;
import io.mpnet.policy.MpNetException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import reactor.core.publisher.Flux;

/**
 * S-4: the socket slots of one runtime, apart from the request limit (L-1). A socket takes a slot
 * when it starts connecting and gives it back when it is closed or fails to open; when every slot
 * is taken the next connect fails at once (no queue: the platform fails the sixth socket).
 */
public final class SocketGate {

    private final int slots;
    private final AtomicInteger open = new AtomicInteger();

    /** A gate of {@code slots} sockets. */
    public SocketGate(int slots) {
        if (slots < 1) {
            throw new IllegalArgumentException("slots must be at least 1: " + slots);
        }
        this.slots = slots;
    }

    /** Sockets open or opening now. */
    public int openSockets() {
        return open.get();
    }

    /**
     * The rest of {@code call}, {@code next}, given a slot, or the S-4 failure at once when all are
     * taken. The slot goes back when the call ends (its open failed, was cancelled or cut short),
     * unless the open socket took it over ({@link Permit#handOver}) to give it back when it closes.
     */
    public <T> Flux<T> apply(CallState call, Function<Permit, Flux<T>> next) {
        return Flux.defer(() -> {
            Permit permit = acquire();
            call.admitted();
            call.onEnd(permit::callEnded);
            return next.apply(permit);
        });
    }

    /**
     * A slot, or the S-4 failure when all are taken.
     *
     * @throws MpNetException (S-4, limit exceeded) naming the limit
     */
    Permit acquire() {
        int now;
        do {
            now = open.get();
            if (now >= slots) {
                throw new MpNetException(ApiKind.CONNECT_SOCKET, FailReason.LIMIT_EXCEEDED, "S-4", "all " + slots
                        + " sockets of this mini program are open or opening; close one (SocketTask.close) before"
                        + " connecting another");
            }
        } while (!open.compareAndSet(now, now + 1));
        return new Permit();
    }

    /**
     * One held slot, held by the connecting call until the socket opens and takes it over; given
     * back once, by whichever comes first of the call's end (unless taken over) and {@link #release()}.
     */
    public final class Permit {
        private static final int CALL = 0;
        private static final int SOCKET = 1;
        private static final int RELEASED = 2;

        private final AtomicInteger holder = new AtomicInteger(CALL);

        private Permit() {
        }

        /** The open socket holds the slot from now: the call's end no longer gives it back. */
        public void handOver() {
            holder.compareAndSet(CALL, SOCKET);
        }

        /** The call's end action: the slot goes back unless the open socket holds it. */
        private void callEnded() {
            if (holder.compareAndSet(CALL, RELEASED)) {
                open.decrementAndGet();
            }
        }

        /** Gives the slot back (the socket closed, or was abandoned); later calls do nothing. */
        public void release() {
            if (holder.getAndSet(RELEASED) != RELEASED) {
                open.decrementAndGet();
            }
        }
    }
}
