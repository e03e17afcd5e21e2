package io.mpnet.lan;

import java.nio.charset.StandardCharsets;

/**
 * One datagram received by a {@link UdpSocket} (N-2).
 *
 * @param message the datagram's bytes (the record's own copy)
 * @param remoteInfo who sent it, and its size
 */
public record UdpMessage(byte[] message, RemoteInfo remoteInfo) {

    /** The message read as UTF-8 text. */
    public String text() {
        return new String(message, StandardCharsets.UTF_8);
    }
}
