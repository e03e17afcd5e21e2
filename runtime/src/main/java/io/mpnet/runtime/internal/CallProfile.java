package io.mpnet.runtime.internal;

import io.mpnet.runtime.RequestProfile;

/**
 * Collects a call's R-10 timings from the stages and Reactor Netty's hooks. Written from the event
 * loop and the caller's thread, one writer per field at a time, hence volatile fields and no locks.
 */
public final class CallProfile {

    private final long startNanos = System.nanoTime();

    volatile double queueStart = -1;
    volatile double queueEnd = -1;
    volatile double lookUpStart = -1;
    volatile double lookUpEnd = -1;
    volatile double connectStart = -1;
    volatile double connectEnd = -1;
    volatile double sslStart = -1;
    volatile double sslEnd = -1;
    volatile double requestStart = -1;
    volatile double requestEnd = -1;
    volatile double responseStart = -1;
    volatile double responseEnd = -1;
    volatile String peerIp = "";
    volatile int port = -1;
    volatile boolean socketReused;
    volatile String protocol = "http/1.1";
    volatile long sent;
    volatile long received;

    /** Milliseconds from the call's start to now (monotonic). */
    public double now() {
        return at(System.nanoTime());
    }

    /**
     * Marks the response headers' arrival, where each transport first sees the response:
     * there rather than in a client hook, which would cost every call a context lookup.
     */
    void responseArrived() {
        responseStart = now();
    }

    /** Milliseconds from the call's start to {@code nanoTime}. */
    double at(long nanoTime) {
        return (nanoTime - startNanos) / 1_000_000.0;
    }

    /** The profile as callers see it. */
    public RequestProfile snapshot() {
        return new RequestProfile(queueStart, queueEnd, lookUpStart, lookUpEnd, connectStart, connectEnd,
                sslStart, sslEnd, requestStart, requestEnd, responseStart, responseEnd, peerIp, port,
                socketReused, protocol, sent, received);
    }
}
