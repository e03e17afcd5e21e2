package io.mpnet.runtime;

import io.mpnet.policy.MpNetException;
import java.util.Map;
import java.util.Objects;

/**
 * What an open socket reports ({@link SocketTask#events()}, S-2): {@link Open} first, then
 * {@link Message}s, and at the end one {@link Close}, after an {@link Error} when the connection was
 * lost without a close frame (S-5) or a message was too large (S-7).
 */
public sealed interface SocketEvent {

    /**
     * The opening handshake succeeded.
     *
     * @param header the handshake response headers as received; {@link #header(String)} finds one in any letter case
     * @param protocol the sub-protocol the server chose, empty when none
     * @param profile the opening's timings, as the platform's {@code onOpen} reports them
     */
    record Open(Map<String, String> header, String protocol, SocketProfile profile) implements SocketEvent, ReceivedHeaders {
        public Open {
            header = io.mpnet.runtime.internal.http.ResponseHeaders.copyOf(header);
            Objects.requireNonNull(protocol, "protocol");
            Objects.requireNonNull(profile, "profile");
        }
    }

    /**
     * One message from the server: text ({@code String}) or binary ({@code byte[]}), as the
     * platform's {@code res.data} is a String or an ArrayBuffer. Fragmented messages arrive whole.
     *
     * @param data a {@code String} or a {@code byte[]}
     */
    record Message(Object data) implements SocketEvent {
        public Message {
            if (!(data instanceof String) && !(data instanceof byte[])) {
                throw new IllegalArgumentException("a message is a String or a byte[]: " + data.getClass());
            }
        }

        /** Whether this is a text message. */
        public boolean isText() {
            return data instanceof String;
        }

        /** The text of a text message. @throws IllegalStateException for a binary one */
        public String text() {
            if (data instanceof String s) {
                return s;
            }
            throw new IllegalStateException("a binary message has no text; use bytes()");
        }

        /** The bytes of a binary message. @throws IllegalStateException for a text one */
        public byte[] bytes() {
            if (data instanceof byte[] b) {
                return b;
            }
            throw new IllegalStateException("a text message has no bytes; use text()");
        }
    }

    /**
     * The connection failed (S-5): a {@link Close} with code 1006 follows; or the server sent a message
     * over {@link SocketOptions#maxMessageBytes()} (S-7): a {@link Close} with code 1009 follows.
     *
     * @param error what failed, with the transport's exception as its cause (E-2)
     */
    record Error(MpNetException error) implements SocketEvent {
    }

    /**
     * The socket is closed; always the last event. Its slot is free (S-4).
     *
     * @param code the close code: the server's, the one the caller sent, 1006 when the connection
     *     was lost without a close frame (S-5), or 1009 when the runtime closed it for a message over
     *     {@link SocketOptions#maxMessageBytes()} (S-7)
     * @param reason the close reason, empty when none
     */
    record Close(int code, String reason) implements SocketEvent {
    }
}
