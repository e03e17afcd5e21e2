package io.mpnet.runtime.internal.call;

import io.mpnet.runtime.RequestProfile;

/**
 * A call's R-10 profile, built from what happens to the call as it happens: each method is one
 * event the stages and the transport report (the slot taken, the address looked up, the connection
 * used, the request sent, the response arrived and read), and this class alone turns them into the
 * times and facts of {@link RequestProfile}. Events come from the event loop and the caller's
 * thread, one writer per field at a time, hence volatile fields and no locks.
 */
public final class CallProfile {

    private final long startNanos = System.nanoTime();

    private volatile double queueStart = -1;
    private volatile double queueEnd = -1;
    private volatile double lookUpStart = -1;
    private volatile double lookUpEnd = -1;
    private volatile double connectStart = -1;
    private volatile double connectEnd = -1;
    private volatile double sslStart = -1;
    private volatile double sslEnd = -1;
    private volatile double requestStart = -1;
    private volatile double requestEnd = -1;
    private volatile double responseStart = -1;
    private volatile double responseEnd = -1;
    private volatile String peerIp = "";
    private volatile int port = -1;
    private volatile boolean socketReused;
    private volatile String protocol = "http/1.1";
    private volatile long sent;
    private volatile long received;

    /** L-1: a free slot was taken at once; the queue took no time. */
    public void slotTaken() {
        queueStart = now();
        queueEnd = queueStart;
    }

    /** L-1: no slot was free; the call waits in the queue. */
    public void queued() {
        queueStart = now();
    }

    /** L-1: the queued call got its slot. */
    public void dequeued() {
        queueEnd = now();
    }

    /** The address of the hop is being looked up (or found in the hosts map). */
    public void lookUpStarted() {
        lookUpStart = now();
    }

    /** The hop's address is known and vetted (P-11): {@code ip} and {@code port} are dialled. */
    public void lookedUp(String ip, int port) {
        lookUpEnd = now();
        this.peerIp = ip;
        this.port = port;
    }

    /**
     * The hop got its connection: a pooled one (no look-up, connect or TLS of its own), or a new one
     * with its connect and TLS times ({@link System#nanoTime()}, {@code -1} when unknown).
     */
    public void connection(boolean reused, long connectStartNanos, long connectEndNanos, long sslStartNanos,
            long sslEndNanos) {
        socketReused = reused;
        if (reused) {
            lookUpStart = -1;
            lookUpEnd = -1;
            return;
        }
        connectStart = at(connectStartNanos);
        connectEnd = at(connectEndNanos);
        sslStart = at(sslStartNanos);
        sslEnd = at(sslEndNanos);
    }

    /** The request starts on the wire. */
    public void requestStarted() {
        requestStart = now();
    }

    /** The request's body is {@code bytes} long. */
    public void sending(long bytes) {
        sent = bytes;
    }

    /** The request is sent. */
    public void requestSent() {
        requestEnd = now();
    }

    /**
     * The response's headers arrived, over {@code protocol}, where each transport first sees
     * the response: there rather than in a client hook, which would cost every call a context lookup.
     */
    public void responseArrived(String protocol) {
        responseStart = now();
        this.protocol = protocol;
    }

    /** The response's headers arrived over the protocol known so far. */
    public void responseArrived() {
        responseStart = now();
    }

    /** The response's body is read: {@code bytes} of it. */
    public void responseRead(long bytes) {
        responseEnd = now();
        received = bytes;
    }

    /** Milliseconds from the call's start to now (monotonic). */
    double now() {
        return (System.nanoTime() - startNanos) / 1_000_000.0;
    }

    /** Milliseconds from the call's start to {@code nanoTime}, {@code -1} for an unknown time ({@code -1}). */
    private double at(long nanoTime) {
        return nanoTime < 0 ? -1 : (nanoTime - startNanos) / 1_000_000.0;
    }

    /** The profile as callers see it. */
    public RequestProfile snapshot() {
        return new RequestProfile(queueStart, queueEnd, lookUpStart, lookUpEnd, connectStart, connectEnd,
                sslStart, sslEnd, requestStart, requestEnd, responseStart, responseEnd, peerIp, port,
                socketReused, protocol, sent, received);
    }
}
