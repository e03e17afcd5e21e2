package io.mpnet.inspector;

import io.mpnet.runtime.RequestProfile;
import io.mpnet.runtime.SocketProfile;
import java.util.ArrayList;
import java.util.List;

/**
 * The phases of a request's R-10 profile, as the page's waterfall and the HAR timings name them.
 * The one place that turns the profile's marks into durations.
 */
final class Phases {

    /** One phase: its name and its start and end in milliseconds since the call began. */
    record Phase(String name, double start, double end) {
        double duration() {
            return end - start;
        }
    }

    private Phases() {
    }

    /**
     * The phases that happened, in order: queue, dns, connect (TCP only; the handshake is
     * {@code ssl}), ssl, send, wait, receive.
     */
    static List<Phase> of(RequestProfile p) {
        List<Phase> out = new ArrayList<>(7);
        add(out, "queue", p.queueStart(), p.queueEnd());
        if (fresh(p)) {
            add(out, "dns", p.domainLookUpStart(), p.domainLookUpEnd());
            add(out, "connect", p.connectStart(), tls(p) ? p.SSLconnectionStart() : p.connectEnd());
        }
        if (tls(p)) {
            add(out, "ssl", p.SSLconnectionStart(), p.SSLconnectionEnd());
        }
        add(out, "send", p.requestStart(), p.requestEnd());
        add(out, "wait", p.requestEnd(), p.responseStart());
        add(out, "receive", p.responseStart(), p.responseEnd());
        return out;
    }

    /**
     * The phases of a socket's opening: dns, connect (TCP and, for wss, TLS: the socket's profile does
     * not tell them apart) and wait, the WebSocket handshake up to the server's 101.
     */
    static List<Phase> of(SocketProfile p) {
        List<Phase> out = new ArrayList<>(3);
        add(out, "dns", p.domainLookUpStart(), p.domainLookUpEnd());
        add(out, "connect", p.connectStart(), p.connectEnd());
        add(out, "wait", p.connectEnd(), p.connectEnd() + p.handshakeCost());
        return out;
    }

    private static void add(List<Phase> out, String name, double start, double end) {
        if (start >= 0 && end >= start) {
            out.add(new Phase(name, start, end));
        }
    }

    /**
     * Whether the call made its own connection: a reused one had no lookup, connect or TLS, which
     * the profile reports, as the typings say, at {@code fetchStart}.
     */
    static boolean fresh(RequestProfile p) {
        return !p.socketReused();
    }

    /** Whether the call made its own TLS handshake: plain http reports its TLS times as 0. */
    static boolean tls(RequestProfile p) {
        return fresh(p) && p.SSLconnectionEnd() > 0;
    }

    /** HAR's dns: the lookup's duration, {@code -1} on a reused connection. */
    static double dns(RequestProfile p) {
        return fresh(p) ? span(p.domainLookUpStart(), p.domainLookUpEnd()) : -1;
    }

    /** HAR's connect (its TLS included, as HAR counts it): {@code -1} on a reused connection. */
    static double connect(RequestProfile p) {
        return fresh(p) ? span(p.connectStart(), p.connectEnd()) : -1;
    }

    /** HAR's ssl: the TLS handshake's duration, {@code -1} without one of the call's own. */
    static double ssl(RequestProfile p) {
        return tls(p) ? span(p.SSLconnectionStart(), p.SSLconnectionEnd()) : -1;
    }

    /** A duration for HAR: {@code end - start}, or {@code -1} when the phase did not happen. */
    static double span(double start, double end) {
        return start >= 0 && end >= start ? end - start : -1;
    }
}
