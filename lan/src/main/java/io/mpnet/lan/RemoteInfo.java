package io.mpnet.lan;

/**
 * Where a datagram or a stream came from, in the platform's words ({@code remoteInfo}).
 *
 * @param address the peer's address as the mini program knows it: for a peer the config's
 *     {@code hosts} map puts elsewhere, the address it was reached by (such as {@code 192.168.50.20})
 * @param family {@code IPv4} or {@code IPv6}
 * @param port the peer's port
 * @param size the message's size in bytes (0 for a stream's connection)
 */
public record RemoteInfo(String address, String family, int port, int size) {
}
