package io.mpnet.runtime;

import io.mpnet.policy.ApiKind;
import io.mpnet.policy.ByteBounds;
import io.mpnet.policy.MpNetException;
import io.mpnet.policy.RequestHeaders;
import io.mpnet.policy.SubProtocols;
import io.mpnet.policy.Timeouts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The options of one {@code connectSocket} call, named as in {@code wx.connectSocket} (S-1). The
 * {@link Builder} refuses a bad header, sub-protocol (S-1), timeout (T-1) or byte bound (E-3)
 * when it is set, naming the field; options made with the canonical constructor are checked when
 * the call runs, before it takes a socket slot, failing that call alone (E-3), as is the url.
 *
 * @param url the {@code wss://} URL (or {@code ws://} to a LAN peer, P-10), judged by the policy (P-*)
 * @param header handshake request headers; a caller's Referer is replaced (P-9)
 * @param protocols the sub-protocols offered, in order of preference; the server picks one or none
 * @param tcpNoDelay send small messages at once (Nagle's algorithm off); the platform's default is off
 * @param perMessageDeflate offer the {@code permessage-deflate} extension (compressed messages)
 * @param timeout how long the connect and the opening handshake may take (T-1); {@code null} takes
 *     {@code networkTimeout.connectSocket}, else the profile's maximum; zero or less fails the call before it
 *     takes a slot (T-1). It does not bound the open socket.
 * @param maxQueuedBytes the most bytes of sends not yet written to the network; a send beyond it
 *     fails at once instead of growing the buffer without limit. A send made when nothing is queued is
 *     always accepted, whatever its size. Positive.
 * @param maxMessageBytes the largest message the server may send, counted whole (all its fragments)
 *     and after {@code permessage-deflate} decompression; a larger one closes the socket with 1009
 *     (message too big): an {@link SocketEvent.Error} naming the limit, then {@link SocketEvent.Close}
 *     (S-7). Positive; {@link #DEFAULT_MAX_MESSAGE_BYTES} when not given.
 */
public record SocketOptions(
        @Nullable String url,
        Map<String, String> header,
        List<String> protocols,
        boolean tcpNoDelay,
        boolean perMessageDeflate,
        @Nullable Duration timeout,
        long maxQueuedBytes,
        int maxMessageBytes) {

    /** The outbound buffer when not given: 16 MiB. */
    public static final long DEFAULT_MAX_QUEUED_BYTES = 16L << 20;

    /**
     * The inbound message bound when not given: 16 MiB, the largest message the runtime has always
     * accepted uncompressed, so a compressed message can now grow no larger than an uncompressed one.
     * It is also what one message may cost in memory while it is assembled; five sockets (S-4) hold at
     * most 80 MiB of partial messages.
     */
    public static final int DEFAULT_MAX_MESSAGE_BYTES = 16 << 20;

    /** Copies the header map and the protocol list; the numbers are checked when the call runs (E-3). */
    public SocketOptions {
        header = RequestHeaders.copy(header); // order kept; a null name or value fails the call
        protocols = List.copyOf(protocols);
    }

    /** The options for {@code url} with the platform's defaults. */
    public static SocketOptions of(String url) {
        return builder(url).build();
    }

    /** A builder for {@code url} with the platform's defaults. */
    public static Builder builder(@Nullable String url) {
        return new Builder(url);
    }

    /** A builder holding these options, to change some of them. */
    public Builder toBuilder() {
        Builder b = new Builder(url).tcpNoDelay(tcpNoDelay).perMessageDeflate(perMessageDeflate).timeout(timeout)
                .maxQueuedBytes(maxQueuedBytes).maxMessageBytes(maxMessageBytes);
        b.header.putAll(header);
        b.protocols.addAll(protocols);
        return b;
    }

    /**
     * Builds {@link SocketOptions}; each setter returns this builder, and throws an
     * {@link MpNetException} naming the rule and the field when the value would fail the call.
     */
    public static final class Builder {
        private @Nullable String url;
        private final Map<String, String> header = new LinkedHashMap<>();
        private final List<String> protocols = new ArrayList<>();
        private boolean tcpNoDelay;
        private boolean perMessageDeflate;
        private @Nullable Duration timeout;
        private long maxQueuedBytes = DEFAULT_MAX_QUEUED_BYTES;
        private int maxMessageBytes = DEFAULT_MAX_MESSAGE_BYTES;

        private Builder(@Nullable String url) {
            this.url = url;
        }

        /** The URL. */
        public Builder url(@Nullable String url) {
            this.url = url;
            return this;
        }

        /**
         * Adds one handshake header.
         *
         * @throws MpNetException for a null or malformed name, or a null or malformed value
         */
        public Builder header(String name, String value) {
            RequestHeaders.check(ApiKind.CONNECT_SOCKET, name, value);
            this.header.put(name, value);
            return this;
        }

        /**
         * Adds handshake headers, in the map's order.
         *
         * @throws MpNetException for a null or malformed name or value; none is added then
         */
        public Builder header(Map<String, String> header) {
            header.forEach((name, value) -> RequestHeaders.check(ApiKind.CONNECT_SOCKET, name, value));
            this.header.putAll(header);
            return this;
        }

        /**
         * Adds sub-protocols to offer, each an HTTP token, none offered twice.
         *
         * @throws MpNetException (S-1) for one that is not a token or is already offered; none is added then
         */
        public Builder protocols(String... protocols) {
            List<String> all = new ArrayList<>(this.protocols);
            all.addAll(Arrays.asList(protocols)); // not List.of: a null is refused by S-1, naming it
            SubProtocols.check(all);
            this.protocols.addAll(List.of(protocols));
            return this;
        }

        /** Nagle's algorithm off when {@code true}. */
        public Builder tcpNoDelay(boolean tcpNoDelay) {
            this.tcpNoDelay = tcpNoDelay;
            return this;
        }

        /** Offer {@code permessage-deflate}. */
        public Builder perMessageDeflate(boolean perMessageDeflate) {
            this.perMessageDeflate = perMessageDeflate;
            return this;
        }

        /**
         * The connect and handshake timeout (T-1); {@code null} takes the configured one.
         *
         * @throws MpNetException (T-1) for zero or less
         */
        public Builder timeout(@Nullable Duration timeout) {
            Timeouts.requirePositive(ApiKind.CONNECT_SOCKET, timeout);
            this.timeout = timeout;
            return this;
        }

        /**
         * The outbound buffer bound, in bytes (positive).
         *
         * @throws MpNetException (E-3) for less than one byte
         */
        public Builder maxQueuedBytes(long maxQueuedBytes) {
            ByteBounds.requirePositive(ApiKind.CONNECT_SOCKET, "maxQueuedBytes", maxQueuedBytes, DEFAULT_MAX_QUEUED_BYTES);
            this.maxQueuedBytes = maxQueuedBytes;
            return this;
        }

        /**
         * The inbound message bound, in bytes after decompression (positive); see {@link SocketOptions#maxMessageBytes()}.
         *
         * @throws MpNetException (E-3) for less than one byte
         */
        public Builder maxMessageBytes(int maxMessageBytes) {
            ByteBounds.requirePositive(ApiKind.CONNECT_SOCKET, "maxMessageBytes", maxMessageBytes,
                    DEFAULT_MAX_MESSAGE_BYTES);
            this.maxMessageBytes = maxMessageBytes;
            return this;
        }

        /** The options. */
        public SocketOptions build() {
            return new SocketOptions(url, header, protocols, tcpNoDelay, perMessageDeflate, timeout, maxQueuedBytes,
                    maxMessageBytes);
        }
    }
}
