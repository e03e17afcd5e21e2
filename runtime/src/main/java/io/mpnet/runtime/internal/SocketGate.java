package io.mpnet.runtime.internal;

import io.mpnet.policy.ApiKind;
import io.mpnet.policy.FailReason;
import io.mpnet.policy.MpNetException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

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
     * A slot, or the S-4 failure when all are taken.
     *
     * @throws MpNetException (S-4, limit exceeded) naming the limit
     */
    public Permit acquire() {
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

    /** One held slot; {@link #release()} gives it back once, whoever calls it. */
    public final class Permit {
        private final AtomicBoolean released = new AtomicBoolean();

        private Permit() {
        }

        /** Gives the slot back; later calls do nothing. */
        public void release() {
            if (released.compareAndSet(false, true)) {
                open.decrementAndGet();
            }
        }
    }
}
