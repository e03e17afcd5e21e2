package io.mpnet.lan;

import io.mpnet.policy.MpNetException;
import java.nio.charset.StandardCharsets;

/** What happens on a {@link TcpSocket} (N-3), in order: connected, messages, then at most one error, then closed. */
public sealed interface TcpEvent {

    /** The connection is open: the peer and the local end it uses. */
    record Connected(RemoteInfo remoteInfo, LocalInfo localInfo) implements TcpEvent {
    }

    /** Bytes received, as the transport delivered them (a stream: no message boundaries), and the local end that received them. */
    record Message(byte[] message, RemoteInfo remoteInfo, LocalInfo localInfo) implements TcpEvent {

        /** The bytes read as UTF-8 text. */
        public String text() {
            return new String(message, StandardCharsets.UTF_8);
        }
    }

    /** The connect or the connection failed; a {@link Closed} follows. */
    record Error(MpNetException error) implements TcpEvent {
    }

    /** The socket is closed, by either side or by a failure; the last event. */
    record Closed() implements TcpEvent {
    }
}
