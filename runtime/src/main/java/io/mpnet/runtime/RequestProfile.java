package io.mpnet.runtime;

/**
 * Timings and connection facts of one call, named as the platform names them. Times are
 * monotonic milliseconds since the call was subscribed; {@code -1} means the phase did not happen
 * (a reused socket has no lookup, connect or SSL phase; plain http has no SSL phase).
 *
 * @param queueStart when the call asked for a slot (L-1)
 * @param queueEnd when it got one
 * @param domainLookUpStart start of the host lookup ({@code hosts} map or DNS)
 * @param domainLookUpEnd end of the lookup and its P-11 check
 * @param connectStart start of the TCP connect of a new socket
 * @param connectEnd the socket is connected (and its TLS handshake done)
 * @param SSLconnectionStart start of the TLS handshake of a new socket
 * @param SSLconnectionEnd end of the TLS handshake
 * @param requestStart the request is about to be written
 * @param requestEnd the request is written
 * @param responseStart the response headers arrived
 * @param responseEnd the body is read
 * @param peerIP the address dialled
 * @param port the port dialled
 * @param socketReused whether a pooled connection carried the call
 * @param protocol {@code http/1.1} or {@code h2}
 * @param sendBytesCount request body bytes sent
 * @param receivedBytedCount response body bytes received (the platform's spelling)
 */
@SuppressWarnings("checkstyle:ParameterName")
public record RequestProfile(
        double queueStart, double queueEnd,
        double domainLookUpStart, double domainLookUpEnd,
        double connectStart, double connectEnd,
        double SSLconnectionStart, double SSLconnectionEnd,
        double requestStart, double requestEnd,
        double responseStart, double responseEnd,
        String peerIP, int port, boolean socketReused, String protocol,
        long sendBytesCount, long receivedBytedCount) {
}
