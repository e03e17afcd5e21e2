package io.mpnet.runtime.internal.call;

import io.mpnet.runtime.RequestProfile;
import io.mpnet.runtime.SocketProfile;
import java.util.concurrent.atomic.AtomicLongArray;
import org.jspecify.annotations.Nullable;

/**
 * A call's R-10 profile, built from what happens to the call as it happens: each method is one
 * event the stages and the transport report (the slot taken, a hop started, the address looked up,
 * the connection used, the request sent, the response arrived and read), and this class alone turns
 * them into the times and facts of {@link RequestProfile}, reporting a phase that did not happen
 * as the platform's typings say. Events come from the event loop and the caller's thread, one
 * writer per field at a time, hence volatile fields and no locks.
 */
public final class CallProfile {

    /** Index of the bytes read in a connection's {@link #wire} counts. */
    public static final int IN = 0;
    /** Index of the bytes written. */
    public static final int OUT = 1;

    private static final double NONE = -1;

    private final long startNanos = System.nanoTime();

    private volatile double queueStart = NONE;
    private volatile double queueEnd = NONE;
    private volatile double fetchStart = NONE;
    private volatile double redirectStart = NONE;
    private volatile double redirectEnd = NONE;
    private volatile boolean redirectsInHost = true;
    private volatile @Nullable String firstHost;
    private volatile double lookUpStart = NONE;
    private volatile double lookUpEnd = NONE;
    private volatile double connectStart = NONE;
    private volatile double connectEnd = NONE;
    private volatile double sslStart = NONE;
    private volatile double sslEnd = NONE;
    private volatile boolean secure;
    private volatile double requestStart = NONE;
    private volatile double requestEnd = NONE;
    private volatile double responseStart = NONE;
    private volatile double responseEnd = NONE;
    private volatile String peerIp = "";
    private volatile int port = -1;
    private volatile boolean socketReused;
    private volatile String protocol = "http1.1";
    private volatile long sent;
    private volatile long received;
    private volatile double rtt;
    private volatile @Nullable AtomicLongArray wire;
    private volatile long wireIn;
    private volatile long wireOut;

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

    /**
     * A hop to {@code host} starts, before its address is looked up: the first ({@code redirects} 0)
     * once the call may go on the wire, or the one a redirect leads to. The profile then tells the
     * phases of this hop; the redirects are timed from the first hop's start to this one's.
     */
    public void fetching(String host, int redirects) {
        double now = now();
        if (redirects == 0) {
            firstHost = host;
        } else {
            if (redirectStart < 0) {
                redirectStart = fetchStart;
            }
            redirectEnd = now; // the redirect's answer was read before the next hop is sent
            redirectsInHost &= host.equals(firstHost);
            lookUpStart = NONE;
            lookUpEnd = NONE;
            connectStart = NONE;
            connectEnd = NONE;
            sslStart = NONE;
            sslEnd = NONE;
        }
        fetchStart = now;
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
     * The hop got its connection, over TLS when {@code secure}: a pooled one (no look-up, connect or
     * TLS of its own), or a new one with its connect and TLS times ({@link System#nanoTime()},
     * {@code -1} when unknown). {@code roundTripNanos} is the connection's TCP handshake, one round
     * trip, {@code -1} when unknown.
     */
    public void connection(boolean reused, boolean secure, long connectStartNanos, long connectEndNanos,
            long sslStartNanos, long sslEndNanos, long roundTripNanos) {
        socketReused = reused;
        this.secure = secure;
        rtt = roundTripNanos < 0 ? 0 : roundTripNanos / 1_000_000.0;
        if (reused) {
            lookUpStart = NONE;
            lookUpEnd = NONE;
            return;
        }
        connectStart = at(connectStartNanos);
        connectEnd = at(connectEndNanos);
        sslStart = at(sslStartNanos);
        sslEnd = at(sslEndNanos);
    }

    /**
     * The bytes the hop's connection has read ({@link #IN}) and written ({@link #OUT}) so far, kept
     * up to date by the connection: the request and response bytes of the call are what they grow by
     * until its body is read. Not told for h2, whose streams share one connection's bytes.
     */
    public void wire(AtomicLongArray counts) {
        wire = counts;
        wireIn = counts.get(IN);
        wireOut = counts.get(OUT);
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
     * The response's headers arrived, over {@code protocol} (R-10: {@code http1.1} or {@code h2}), where
     * each transport first sees the response: there rather than in a client hook, which would cost
     * every call a context lookup.
     */
    public void responseArrived(String protocol) {
        responseStart = now();
        this.protocol = protocol;
        if (protocol.equals("h2")) {
            wire = null; // the connection's bytes are every stream's
        }
    }

    /** The response's body is read: {@code bytes} of it, decoded. */
    public void responseRead(long bytes) {
        responseEnd = now();
        received = bytes;
        AtomicLongArray w = wire;
        if (w != null) {
            received = w.get(IN) - wireIn;
            sent = w.get(OUT) - wireOut;
        }
    }

    /** Milliseconds from the call's start to now (monotonic). */
    double now() {
        return (System.nanoTime() - startNanos) / 1_000_000.0;
    }

    /** Milliseconds from the call's start to {@code nanoTime}, {@code -1} for an unknown time ({@code -1}). */
    private double at(long nanoTime) {
        return nanoTime < 0 ? NONE : (nanoTime - startNanos) / 1_000_000.0;
    }

    /** The opening of a socket, now that its handshake succeeded. */
    public SocketProfile socketOpened() {
        double now = now();
        double fetch = Math.max(fetchStart, 0);
        double lookStart = lookUpStart < 0 ? fetch : lookUpStart;
        double lookEnd = lookUpEnd < 0 ? lookStart : lookUpEnd;
        double conStart = connectStart < 0 ? lookEnd : connectStart;
        double conEnd = connectEnd < 0 ? conStart : connectEnd;
        return new SocketProfile(fetch, lookStart, lookEnd, conStart, conEnd, now - conEnd, now, conEnd - conStart);
    }

    /** The profile as callers see it: a phase that did not happen as the typings report it. */
    public RequestProfile snapshot() {
        double fetch = fetchStart < 0 ? Math.max(queueEnd, 0) : fetchStart;
        // a reused connection, or a lookup that never ran: "equal to fetchStart"
        double lookStart = lookUpStart < 0 ? fetch : lookUpStart;
        double lookEnd = lookUpEnd < 0 ? lookStart : lookUpEnd;
        double conStart = connectStart < 0 ? fetch : connectStart;
        double conEnd = connectEnd < 0 ? conStart : connectEnd;
        // TLS: 0 when the connection is not secure; on a reused secure one, no handshake of its own
        double tlsStart = !secure ? 0 : sslStart < 0 ? fetch : sslStart;
        double tlsEnd = !secure ? 0 : sslEnd < 0 ? tlsStart : sslEnd;
        boolean redirected = redirectStart >= 0 && redirectsInHost;
        double span = responseEnd - responseStart;
        long kbps = responseEnd < 0 || span <= 0 ? 0 : (long) (received * 8 / span); // bits per ms = kbit/s
        return new RequestProfile(0, queueStart, queueEnd, redirected ? redirectStart : 0,
                redirected ? redirectEnd : 0, fetch, lookStart, lookEnd, conStart, conEnd, tlsStart, tlsEnd,
                requestStart, requestEnd, responseStart, responseEnd, peerIp, port, socketReused, protocol, sent,
                received, rtt, kbps);
    }
}
