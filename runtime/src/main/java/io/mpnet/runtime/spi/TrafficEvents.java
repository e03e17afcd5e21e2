package io.mpnet.runtime.spi;

import io.mpnet.runtime.MiniProgramNetwork;
import io.mpnet.runtime.NetworkEvent;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * How a module that extends a runtime ({@code mpnet-lan}) reports one socket's traffic on the
 * runtime's {@link MiniProgramNetwork#events()}: the socket is numbered among the runtime's calls the
 * first time it has something to report while someone listens; with nobody listening, reporting is
 * one field read. Made by {@link MiniProgramNetwork#trafficEvents()}; not for applications.
 */
public final class TrafficEvents {

    private final Consumer<NetworkEvent> publish;
    private final LongSupplier active; // the next number when someone listens, else 0
    private final LongSupplier clock;
    private final AtomicLong id = new AtomicLong();

    /** Reports through {@code publish}; {@code nextId} numbers the socket (0: nobody listens); {@code clock} times events. */
    public TrafficEvents(Consumer<NetworkEvent> publish, LongSupplier nextId, LongSupplier clock) {
        this.publish = publish;
        this.active = nextId;
        this.clock = clock;
    }

    /** The socket of {@code protocol} ({@code udp}, {@code tcp}) is ready at {@code address} (bound, or connected to it). */
    public void opened(String protocol, String address) {
        long n = id();
        if (n != 0) {
            publish.accept(new NetworkEvent.LanSocketOpened(n, clock.getAsLong(), protocol, address));
        }
    }

    /** {@code size} bytes of {@code protocol} ({@code udp}, {@code tcp}) went {@code direction} to or from {@code peer}. */
    public void traffic(String protocol, NetworkEvent.Direction direction, String peer, int size) {
        long n = id();
        if (n != 0) {
            publish.accept(new NetworkEvent.LanTraffic(n, clock.getAsLong(), protocol, direction, peer, size));
        }
    }

    /** The socket of {@code protocol} is closed: told only when it was reported before, as the end of its row. */
    public void closed(String protocol) {
        long n = id.get();
        if (n != 0) {
            publish.accept(new NetworkEvent.LanSocketClosed(n, clock.getAsLong(), protocol));
        }
    }

    /** The socket's number, given the first time it has something to report while someone listens; 0 when nobody does. */
    private long id() {
        long n = id.get();
        if (n == 0) {
            n = active.getAsLong();
            if (n == 0) {
                return 0; // nobody listens
            }
            if (!id.compareAndSet(0, n)) {
                n = id.get();
            }
        }
        return n;
    }
}
