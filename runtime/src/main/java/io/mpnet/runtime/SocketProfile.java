package io.mpnet.runtime;

/**
 * Timings of a socket's opening, named as the platform's typings define the
 * {@code profile} of {@code SocketTask.onOpen}. Times are monotonic milliseconds since the
 * connect was made (subscribed).
 *
 * @param fetchStart when the connect started, before the address was looked up
 * @param domainLookUpStart start of the host lookup ({@code hosts} map or DNS)
 * @param domainLookUpEnd end of the lookup and its P-11 check
 * @param connectStart start of the TCP connect
 * @param connectEnd the connection is up, its TLS handshake done (wss)
 * @param handshakeCost milliseconds of the WebSocket opening handshake, from {@code connectEnd} to the server's 101
 * @param cost milliseconds from the connect call to the open
 * @param rtt milliseconds the connection took, TCP connect and TLS: {@code connectEnd - connectStart}
 */
public record SocketProfile(double fetchStart, double domainLookUpStart, double domainLookUpEnd,
        double connectStart, double connectEnd, double handshakeCost, double cost, double rtt) {
}
