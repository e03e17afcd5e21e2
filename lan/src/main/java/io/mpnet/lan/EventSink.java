package io.mpnet.lan;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * The hot events of one socket: what arrives before the first subscriber is kept for it, every
 * subscriber sees the rest, nothing is dropped for a slow subscriber (a socket's bytes must not be
 * lost), and emitting is serialised because the event loop and the caller's close both emit.
 */
final class EventSink<T> {

    // unbounded and not auto-cancelled: a subscriber that leaves does not end the socket's events
    private final Sinks.Many<T> sink = Sinks.many().multicast().onBackpressureBuffer(Integer.MAX_VALUE, false);

    synchronized void next(T event) {
        sink.tryEmitNext(event);
    }

    synchronized void complete() {
        sink.tryEmitComplete();
    }

    synchronized void error(Throwable error) {
        sink.tryEmitError(error);
    }

    Flux<T> flux() {
        return sink.asFlux();
    }
}
