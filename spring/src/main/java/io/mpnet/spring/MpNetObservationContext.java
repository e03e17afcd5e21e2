package io.mpnet.spring;

import io.micrometer.observation.Observation;
import io.mpnet.runtime.NetworkEvent;
import org.jspecify.annotations.Nullable;

/**
 * What an mpnet call's {@link Observation} knows: how the call started, and how it ended once it has
 * (completed, refused or failed; for a socket, open). Read by an {@link MpNetObservationConvention}.
 */
public final class MpNetObservationContext extends Observation.Context {

    private final NetworkEvent.CallStarted start;
    private volatile @Nullable NetworkEvent end;

    MpNetObservationContext(NetworkEvent.CallStarted start) {
        this.start = start;
    }

    /** The call's start: its kind, method, URL and headers. */
    public NetworkEvent.CallStarted start() {
        return start;
    }

    /**
     * How the call ended: {@link NetworkEvent.CallCompleted}, {@link NetworkEvent.CallRefused},
     * {@link NetworkEvent.CallFailed} or {@link NetworkEvent.SocketOpened}; {@code null} while it runs.
     */
    public @Nullable NetworkEvent end() {
        return end;
    }

    void end(NetworkEvent event) {
        this.end = event;
    }
}
