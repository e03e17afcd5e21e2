package io.mpnet.runtime;

import io.mpnet.policy.ApiKind;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What happens in one runtime, as {@link MiniProgramNetwork#events()} reports it: the life of each
 * call (request, uploadFile, downloadFile, connectSocket and {@code guard}) from its start to its
 * end, the frames of its sockets, and the traffic of its LAN sockets. Every event names its call by
 * {@link #callId()} (numbered per runtime from 1, in the order calls start) and says when it
 * happened on the runtime's clock ({@link #at()}, epoch milliseconds unless a test scheduler is
 * injected). A call is reported only when it started while someone was listening.
 */
public sealed interface NetworkEvent {

    /** The call this event belongs to; {@code 0} for {@link EventsDropped}. */
    long callId();

    /** When it happened, in milliseconds on the runtime's clock. */
    long at();

    /** Which way a frame or datagram went. */
    enum Direction {
        /** From this mini program to the peer. */
        SENT,
        /** From the peer to this mini program. */
        RECEIVED
    }

    /**
     * A call began: its options are about to be checked.
     *
     * @param api the API kind
     * @param method the method ({@code GET} for a download or a socket, {@code POST} for an upload)
     * @param url the URL as the caller gave it ({@code ""} when missing)
     * @param header the headers it will send, as checked (empty when the options are refused)
     * @param bodyPreview the start of the body it will send (at most {@value #PREVIEW_CHARS} characters) when
     *                    that is UTF-8 text, as encoded; {@code null} for none, a binary one or an
     *                    upload's file
     */
    record CallStarted(long callId, long at, ApiKind api, String method, String url, Map<String, String> header,
            @Nullable String bodyPreview) implements NetworkEvent {
    }

    /** No request slot was free (L-1): the call waits in the queue. */
    record CallQueued(long callId, long at) implements NetworkEvent {
    }

    /**
     * The call got its slot (L-1, S-4) and goes on the wire.
     *
     * @param queuedMillis how long it waited for the slot
     */
    record CallAdmitted(long callId, long at, long queuedMillis) implements NetworkEvent {
    }

    /**
     * The call was refused before it reached the wire: its options (E-3, R-*), the policy (P-*), the
     * lifecycle (B-1) or a limit (S-4). Nothing was sent.
     */
    record CallRefused(long callId, long at, String rule, String errMsg, @Nullable Integer errno, String explanation)
            implements NetworkEvent {
    }

    /**
     * A hop's answer redirected the call, which follows it: the answer's status and headers, the
     * URL the hop was sent to and the URL of the next one, sent with {@code method}. The call's own
     * {@link ResponseHeaders} and end are the last hop's.
     *
     * @param from the URL the redirected hop was sent to
     * @param to the next hop's URL, the {@code Location} resolved against {@code from}
     * @param method the next hop's method ({@code GET} after a 303, or a 301/302 to a POST)
     */
    record Redirected(long callId, long at, int statusCode, String from, String to, String method,
            Map<String, String> header) implements NetworkEvent {
    }

    /**
     * The response's status and headers arrived.
     *
     * @param header the headers, one value per name as the platform gives them
     * @param cookies every {@code Set-Cookie} value, which {@code header} joins into one
     */
    record ResponseHeaders(long callId, long at, int statusCode, Map<String, String> header, List<String> cookies)
            implements NetworkEvent {
    }

    /**
     * Upload or download progress (U-2, D-2).
     *
     * @param progress percent, 0..100
     * @param bytes bytes sent or received so far
     * @param bytesExpected the total, {@code -1} when unknown
     */
    record TransferProgress(long callId, long at, int progress, long bytes, long bytesExpected) implements NetworkEvent {
    }

    /**
     * The call succeeded (any status, R-4).
     *
     * @param statusCode the final status
     * @param profile the R-10 timings of a request, upload or download; {@code null} for {@code guard}
     * @param size the body's size in bytes as the caller got it (the profile's byte counts include headers)
     * @param bodyPreview the start of a text body (at most {@value #PREVIEW_CHARS} characters), or
     *     {@code null} for a binary body or a file
     */
    record CallCompleted(long callId, long at, int statusCode, @Nullable RequestProfile profile, long size,
            @Nullable String bodyPreview) implements NetworkEvent {
    }

    /** The call failed after it was admitted: timeout, interruption, abort, TLS or network. */
    record CallFailed(long callId, long at, String rule, String errMsg, @Nullable Integer errno, String explanation)
            implements NetworkEvent {
    }

    /**
     * The socket of a {@code connectSocket} is open.
     *
     * @param protocol the sub-protocol the server chose, {@code ""} when none
     * @param header the server's handshake headers
     * @param profile the opening's timings, as {@code SocketTask.onOpen} reports them
     */
    record SocketOpened(long callId, long at, String protocol, Map<String, String> header, SocketProfile profile)
            implements NetworkEvent {
    }

    /**
     * One message on an open socket.
     *
     * @param text whether it is a text message
     * @param size its size in bytes
     * @param preview the start of a text message (at most {@value #PREVIEW_CHARS} characters); {@code ""} for binary
     */
    record SocketFrame(long callId, long at, Direction direction, boolean text, int size, String preview)
            implements NetworkEvent {
    }

    /** The socket is closed, with the code and reason its close event reports. */
    record SocketClosed(long callId, long at, int code, String reason) implements NetworkEvent {
    }

    /**
     * A LAN socket ({@code mpnet-lan}) is ready: a UDP socket bound, a TCP socket connected.
     *
     * @param protocol {@code udp} or {@code tcp}
     * @param address the UDP socket's local address and port, the TCP socket's peer as the caller wrote it
     */
    record LanSocketOpened(long callId, long at, String protocol, String address) implements NetworkEvent {
    }

    /**
     * A LAN socket ({@code mpnet-lan}) that was reported open or carried traffic is closed.
     *
     * @param protocol {@code udp} or {@code tcp}
     */
    record LanSocketClosed(long callId, long at, String protocol) implements NetworkEvent {
    }

    /**
     * A datagram or TCP data of a LAN socket ({@code mpnet-lan}).
     *
     * @param protocol {@code udp} or {@code tcp}
     * @param peer the remote address and port
     * @param size the bytes carried
     */
    record LanTraffic(long callId, long at, String protocol, Direction direction, String peer, int size)
            implements NetworkEvent {
    }

    /**
     * This subscriber was too slow: {@code count} events were dropped for it since the last report
     * (the oldest first). Calls are never slowed down by a subscriber.
     */
    record EventsDropped(long callId, long at, long count) implements NetworkEvent {
    }

    /** The longest text preview an event carries. */
    int PREVIEW_CHARS = 2048;
}
