package io.mpnet.runtime;

/**
 * Timings and connection facts of one call, named and filled as the platform's typings
 * define {@code wx.request}'s {@code profile}. Times are monotonic milliseconds since the call was
 * made (subscribed); a phase that did not happen is reported as the typings say: the look-up and
 * connect times of a reused connection equal {@link #fetchStart}, the TLS times of plain http are
 * 0, the redirect times of a call without a redirect within its host are 0. With redirects the
 * phases are those of the last hop.
 *
 * @param invokeStart when the call was made: 0, the origin of the other times
 * @param queueStart when the call asked for one of the 10 slots (L-1)
 * @param queueEnd when it got one
 * @param redirectStart when the first hop that was redirected started, if every redirect stayed
 *     within the first hop's host; else 0
 * @param redirectEnd when the answer of the last redirect was read, under the same condition; else 0
 * @param fetchStart when the last hop started, before its address was looked up
 * @param domainLookUpStart start of the host lookup ({@code hosts} map or DNS); {@code fetchStart}
 *     when the hop had none (a reused connection)
 * @param domainLookUpEnd end of the lookup and its P-11 check; {@code fetchStart} when none
 * @param connectStart start of the TCP connect of a new connection; {@code fetchStart} on a reused one
 * @param connectEnd the connection is up, its TLS handshake done; {@code fetchStart} on a reused one
 * @param SSLconnectionStart start of the TLS handshake; 0 for plain http, {@code fetchStart} on a
 *     reused TLS connection
 * @param SSLconnectionEnd end of the TLS handshake, as {@code SSLconnectionStart}
 * @param requestStart the request is about to be written
 * @param requestEnd the request is written
 * @param responseStart the response headers arrived
 * @param responseEnd the body is read
 * @param peerIP the address dialled
 * @param port the port dialled
 * @param socketReused whether a pooled connection carried the call
 * @param protocol {@code http1.1} or {@code h2}, the typings' values
 * @param sendBytesCount bytes of the request as written: request line, headers and body over
 *     HTTP/1.1; the body alone over h2, where the streams share the connection's bytes
 * @param receivedBytedCount bytes of the response as received (the platform's spelling): status
 *     line, headers and body as they came, before decompression, over HTTP/1.1; the decoded body
 *     alone over h2
 * @param rtt the round trip of the connection carrying the call, measured by its TCP handshake
 *     (milliseconds); 0 when unknown
 * @param throughputKbps the answer's receiving speed, {@code receivedBytedCount} over
 *     {@code responseEnd - responseStart}, in kilobits per second; 0 when the answer came in one
 *     read, leaving no time to measure
 */
@SuppressWarnings("checkstyle:ParameterName")
public record RequestProfile(
        double invokeStart, double queueStart, double queueEnd,
        double redirectStart, double redirectEnd, double fetchStart,
        double domainLookUpStart, double domainLookUpEnd,
        double connectStart, double connectEnd,
        double SSLconnectionStart, double SSLconnectionEnd,
        double requestStart, double requestEnd,
        double responseStart, double responseEnd,
        String peerIP, int port, boolean socketReused, String protocol,
        long sendBytesCount, long receivedBytedCount, double rtt, long throughputKbps) {
}
