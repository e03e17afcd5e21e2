package io.mpnet.lan;

/**
 * The receiving end of a connection, in the platform's words ({@code localInfo}): the device's
 * address and port of a {@link TcpSocket}.
 *
 * @param address the local address the connection uses, such as {@code 192.168.50.10}
 * @param family {@code IPv4} or {@code IPv6}
 * @param port the local port
 */
public record LocalInfo(String address, String family, int port) {
}
