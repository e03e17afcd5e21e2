package io.mpnet.runtime;

import io.mpnet.policy.ApiKind;
import io.mpnet.policy.MpNetException;
import io.mpnet.policy.RequestHeaders;
import io.mpnet.policy.Timeouts;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The options of one {@code downloadFile} call, named as in {@code wx.downloadFile} (D-1). The
 * {@link Builder} refuses a bad header or timeout (T-1) when it is set; the target is checked
 * when the call runs, before any I/O, as are options made with the canonical constructor: a bad
 * value fails that call alone (E-3).
 *
 * @param url the URL, judged by the downloadFile server-domain list (P-*)
 * @param header request headers
 * @param filePath where to store the body; {@code null} stores it in a temp file of the runtime (D-4)
 * @param timeout this call's timeout over queue and transfer (T-1); {@code null} takes the configured one
 * @param enableHttp2 offer h2 by ALPN over TLS, as {@code request} does
 */
public record DownloadOptions(
        @Nullable String url,
        Map<String, String> header,
        @Nullable Path filePath,
        @Nullable Duration timeout,
        boolean enableHttp2) {

    /** Options on HTTP/1.1 ({@code enableHttp2} false). */
    public DownloadOptions(@Nullable String url, Map<String, String> header, @Nullable Path filePath,
            @Nullable Duration timeout) {
        this(url, header, filePath, timeout, false);
    }

    public DownloadOptions {
        header = RequestHeaders.copy(header); // order kept; a null name or value fails the call
    }

    /** A builder downloading {@code url} to a temp file. */
    public static Builder builder(String url) {
        return new Builder().url(url);
    }

    /** A builder holding these options, to change some of them. */
    public Builder toBuilder() {
        Builder b = new Builder().url(url).filePath(filePath).timeout(timeout).enableHttp2(enableHttp2);
        b.header.putAll(header);
        return b;
    }

    /**
     * Builds {@link DownloadOptions}; each setter returns this builder, and throws an
     * {@link MpNetException} naming the rule and the field when the value would fail the call.
     */
    public static final class Builder {
        private @Nullable String url;
        private final Map<String, String> header = new LinkedHashMap<>();
        private @Nullable Path filePath;
        private @Nullable Duration timeout;
        private boolean enableHttp2;

        private Builder() {
        }

        /** The URL. */
        public Builder url(@Nullable String url) {
            this.url = url;
            return this;
        }

        /**
         * Adds one request header.
         *
         * @throws MpNetException for a null or malformed name, or a null or malformed value
         */
        public Builder header(String name, String value) {
            RequestHeaders.check(ApiKind.DOWNLOAD_FILE, name, value);
            this.header.put(name, value);
            return this;
        }

        /**
         * Adds request headers, in the map's order.
         *
         * @throws MpNetException for a null or malformed name or value; none is added then
         */
        public Builder header(Map<String, String> header) {
            header.forEach((name, value) -> RequestHeaders.check(ApiKind.DOWNLOAD_FILE, name, value));
            this.header.putAll(header);
            return this;
        }

        /**
         * Store the body at {@code filePath} instead of a temp file; an existing file is replaced on
         * success only. The new file is owner-only (0600) where POSIX permissions exist (D-6).
         */
        public Builder filePath(@Nullable Path filePath) {
            this.filePath = filePath;
            return this;
        }

        /**
         * This call's timeout (T-1); {@code null} takes the configured one.
         *
         * @throws MpNetException (T-1) for zero or less
         */
        public Builder timeout(@Nullable Duration timeout) {
            Timeouts.requirePositive(ApiKind.DOWNLOAD_FILE, timeout);
            this.timeout = timeout;
            return this;
        }

        /** Offer h2 by ALPN over TLS; HTTP/1.1 when the server does not take it. */
        public Builder enableHttp2(boolean enableHttp2) {
            this.enableHttp2 = enableHttp2;
            return this;
        }

        /** The options. */
        public DownloadOptions build() {
            return new DownloadOptions(url, header, filePath, timeout, enableHttp2);
        }
    }
}
