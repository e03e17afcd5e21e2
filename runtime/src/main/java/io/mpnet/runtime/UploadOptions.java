package io.mpnet.runtime;

import io.mpnet.policy.ApiKind;
import io.mpnet.policy.MpNetException;
import io.mpnet.policy.RequestHeaders;
import io.mpnet.policy.Timeouts;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The options of one {@code uploadFile} call, named as in {@code wx.uploadFile} (U-1). The
 * {@link Builder} refuses a bad header or timeout (T-1) when it is set; the file is checked
 * when the call runs, before any I/O, as are options made with the canonical constructor: a bad
 * value fails that call alone (E-3).
 *
 * @param url the URL, judged by the uploadFile server-domain list (P-*)
 * @param filePath the file to send; streamed from disk, never read whole into memory
 * @param name the name of the file part
 * @param header request headers; a caller's content-type gives way to the multipart one
 * @param formData extra form fields, sent as parts before the file
 * @param timeout this call's timeout over queue and transfer (T-1); {@code null} takes the configured one
 * @param enableHttp2 offer h2 by ALPN over TLS, as {@code request} does
 */
public record UploadOptions(
        @Nullable String url,
        @Nullable Path filePath,
        @Nullable String name,
        Map<String, String> header,
        Map<String, String> formData,
        @Nullable Duration timeout,
        boolean enableHttp2) {

    /** Options on HTTP/1.1 ({@code enableHttp2} false). */
    public UploadOptions(@Nullable String url, @Nullable Path filePath, @Nullable String name, Map<String, String> header,
            Map<String, String> formData, @Nullable Duration timeout) {
        this(url, filePath, name, header, formData, timeout, false);
    }

    public UploadOptions {
        header = RequestHeaders.copy(header); // order kept; a null name or value fails the call
        formData = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(formData)); // order kept: parts go in it
    }

    /** A builder uploading {@code filePath} to {@code url} as the part {@code name}. */
    public static Builder builder(String url, Path filePath, String name) {
        return new Builder().url(url).filePath(filePath).name(name);
    }

    /** A builder holding these options, to change some of them. */
    public Builder toBuilder() {
        Builder b = new Builder().url(url).filePath(filePath).name(name).timeout(timeout).enableHttp2(enableHttp2);
        b.header.putAll(header);
        b.formData.putAll(formData);
        return b;
    }

    /**
     * Builds {@link UploadOptions}; each setter returns this builder, and throws an
     * {@link MpNetException} naming the rule and the field when the value would fail the call.
     */
    public static final class Builder {
        private @Nullable String url;
        private @Nullable Path filePath;
        private @Nullable String name;
        private final Map<String, String> header = new LinkedHashMap<>();
        private final Map<String, String> formData = new LinkedHashMap<>();
        private @Nullable Duration timeout;
        private boolean enableHttp2;

        private Builder() {
        }

        /** The URL. */
        public Builder url(@Nullable String url) {
            this.url = url;
            return this;
        }

        /** The file to send. */
        public Builder filePath(@Nullable Path filePath) {
            this.filePath = filePath;
            return this;
        }

        /** The name of the file part. */
        public Builder name(@Nullable String name) {
            this.name = name;
            return this;
        }

        /**
         * Adds one request header.
         *
         * @throws MpNetException for a null or malformed name, or a null or malformed value
         */
        public Builder header(String name, String value) {
            RequestHeaders.check(ApiKind.UPLOAD_FILE, name, value);
            this.header.put(name, value);
            return this;
        }

        /**
         * Adds request headers, in the map's order.
         *
         * @throws MpNetException for a null or malformed name or value; none is added then
         */
        public Builder header(Map<String, String> header) {
            header.forEach((name, value) -> RequestHeaders.check(ApiKind.UPLOAD_FILE, name, value));
            this.header.putAll(header);
            return this;
        }

        /** Adds one form field. */
        public Builder formData(String name, String value) {
            this.formData.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** Adds form fields, in the map's order. */
        public Builder formData(Map<String, String> formData) {
            formData.forEach(this::formData);
            return this;
        }

        /**
         * This call's timeout (T-1); {@code null} takes the configured one.
         *
         * @throws MpNetException (T-1) for zero or less
         */
        public Builder timeout(@Nullable Duration timeout) {
            Timeouts.requirePositive(ApiKind.UPLOAD_FILE, timeout);
            this.timeout = timeout;
            return this;
        }

        /** Offer h2 by ALPN over TLS; HTTP/1.1 when the server does not take it. */
        public Builder enableHttp2(boolean enableHttp2) {
            this.enableHttp2 = enableHttp2;
            return this;
        }

        /** The options. */
        public UploadOptions build() {
            return new UploadOptions(url, filePath, name, header, formData, timeout, enableHttp2);
        }
    }
}
