package io.mpnet.runtime;

import io.mpnet.policy.RequestHeaders;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The options of one {@code connectSocket} call, named as in {@code wx.connectSocket} (S-1). The
 * values (url, headers, protocols, timeout) are checked when the call runs, failing that call
 * alone (E-3).
 *
 * @param url the {@code wss://} URL (or {@code ws://} to a LAN peer, P-10), judged by the policy (P-*)
 * @param header handshake request headers; a caller's Referer is replaced (P-9)
 * @param protocols the sub-protocols offered, in order of preference; the server picks one or none
 * @param tcpNoDelay send small messages at once (Nagle's algorithm off); the platform's default is off
 * @param perMessageDeflate offer the {@code permessage-deflate} extension (compressed messages)
 * @param timeout how long the connect and the opening handshake may take (T-1); {@code null} takes
 *     {@code networkTimeout.connectSocket}, else the profile's maximum. It does not bound the open socket.
 * @param maxQueuedBytes the most bytes of sends not yet written to the network; a send beyond it
 *     fails at once instead of growing the buffer without limit. A send made when nothing is queued is
 *     always accepted, whatever its size.
 */
public record SocketOptions(
        @Nullable String url,
        Map<String, String> header,
        List<String> protocols,
        boolean tcpNoDelay,
        boolean perMessageDeflate,
        @Nullable Duration timeout,
        long maxQueuedBytes) {

    /** The outbound buffer when not given: 16 MiB. */
    public static final long DEFAULT_MAX_QUEUED_BYTES = 16L << 20;

    public SocketOptions {
        header = RequestHeaders.copy(header); // order kept; a null name or value fails the call
        protocols = List.copyOf(protocols);
        if (maxQueuedBytes < 1) {
            throw new IllegalArgumentException("maxQueuedBytes must be positive: " + maxQueuedBytes);
        }
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
                .maxQueuedBytes(maxQueuedBytes);
        b.header.putAll(header);
        b.protocols.addAll(protocols);
        return b;
    }

    /** Builds {@link SocketOptions}; each setter returns this builder. */
    public static final class Builder {
        private @Nullable String url;
        private final Map<String, String> header = new LinkedHashMap<>();
        private final List<String> protocols = new ArrayList<>();
        private boolean tcpNoDelay;
        private boolean perMessageDeflate;
        private @Nullable Duration timeout;
        private long maxQueuedBytes = DEFAULT_MAX_QUEUED_BYTES;

        private Builder(@Nullable String url) {
            this.url = url;
        }

        /** The URL. */
        public Builder url(@Nullable String url) {
            this.url = url;
            return this;
        }

        /** Adds one handshake header. */
        public Builder header(String name, String value) {
            this.header.put(name, value);
            return this;
        }

        /** Adds handshake headers. */
        public Builder header(Map<String, String> header) {
            this.header.putAll(header);
            return this;
        }

        /** Adds sub-protocols to offer, each an HTTP token. */
        public Builder protocols(String... protocols) {
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

        /** The connect and handshake timeout (T-1); {@code null} takes the configured one. */
        public Builder timeout(@Nullable Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        /** The outbound buffer bound, in bytes (positive). */
        public Builder maxQueuedBytes(long maxQueuedBytes) {
            this.maxQueuedBytes = maxQueuedBytes;
            return this;
        }

        /** The options. */
        public SocketOptions build() {
            return new SocketOptions(url, header, protocols, tcpNoDelay, perMessageDeflate, timeout, maxQueuedBytes);
        }
    }
}
