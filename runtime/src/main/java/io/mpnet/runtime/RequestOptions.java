package io.mpnet.runtime;

import io.mpnet.policy.ApiKind;
import io.mpnet.policy.DataType;
import io.mpnet.policy.MpNetException;
import io.mpnet.policy.RequestHeaders;
import io.mpnet.policy.RequestMethod;
import io.mpnet.policy.ResponseType;
import io.mpnet.policy.Timeouts;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The options of one {@code request} call, named as in {@code wx.request}. The {@link Builder}
 * refuses a bad method, header or timeout (T-1) when it is set, with an
 * {@link MpNetException} naming the field; options made with the canonical constructor are checked
 * when the call runs, failing that call alone (E-3), as are the url (by the policy) and the data.
 *
 * @param url the URL, judged by the server-domain policy (P-*)
 * @param method the HTTP method, upper case; {@code null} means GET
 * @param data the payload: {@code null}, a {@code String}, a {@code byte[]}, a {@code Map} or any value Jackson serialises
 * @param header request headers, in order; a caller's Referer is replaced (P-9); a null name or value
 *     fails the call
 * @param dataType {@link DataType#JSON} (default) parses a JSON body; {@link DataType#TEXT} leaves text
 * @param responseType {@link ResponseType#TEXT} (default), or {@link ResponseType#ARRAYBUFFER} for raw bytes
 * @param timeout this call's timeout over queue and exchange (T-1); {@code null} takes the configured one
 * @param redirect follow 3xx responses or stop at them
 * @param enableHttp2 offer h2 by ALPN over TLS
 * @param enableChunked stream the body as {@link RequestEvent.Chunk} events
 */
public record RequestOptions(
        @Nullable String url,
        @Nullable String method,
        @Nullable Object data,
        Map<String, String> header,
        DataType dataType,
        ResponseType responseType,
        @Nullable Duration timeout,
        Redirect redirect,
        boolean enableHttp2,
        boolean enableChunked) {

    public RequestOptions {
        header = RequestHeaders.copy(header); // order kept; a null name or value fails the call
        Objects.requireNonNull(dataType, "dataType");
        Objects.requireNonNull(responseType, "responseType");
        Objects.requireNonNull(redirect, "redirect");
    }

    /** A builder for a GET of {@code url}. */
    public static Builder get(String url) {
        return new Builder(url, "GET");
    }

    /** A builder for a POST to {@code url}. */
    public static Builder post(String url) {
        return new Builder(url, "POST");
    }

    /** A builder for {@code url} with the platform's defaults (GET, JSON, TEXT, follow). */
    public static Builder builder(String url) {
        return new Builder(url, null);
    }

    /** A builder holding these options, to change some of them. */
    public Builder toBuilder() {
        Builder b = new Builder(url, method).data(data).dataType(dataType).responseType(responseType)
                .timeout(timeout).redirect(redirect).enableHttp2(enableHttp2).enableChunked(enableChunked);
        b.header.putAll(header);
        return b;
    }

    /**
     * Builds {@link RequestOptions}; each setter returns this builder, and throws an
     * {@link MpNetException} naming the rule and the field when the value would fail the call.
     */
    public static final class Builder {
        private @Nullable String url;
        private @Nullable String method;
        private @Nullable Object data;
        private final Map<String, String> header = new LinkedHashMap<>();
        private DataType dataType = DataType.JSON;
        private ResponseType responseType = ResponseType.TEXT;
        private @Nullable Duration timeout;
        private Redirect redirect = Redirect.FOLLOW;
        private boolean enableHttp2;
        private boolean enableChunked;

        private Builder(@Nullable String url, @Nullable String method) {
            this.url = url;
            this.method = method;
        }

        /** The URL. */
        public Builder url(@Nullable String url) {
            this.url = url;
            return this;
        }

        /**
         * The method as the platform spells it ({@code GET}, {@code POST}...); {@code null} means GET.
         *
         * @throws MpNetException for any other method, lower case included
         */
        public Builder method(@Nullable String method) {
            RequestMethod.parse(ApiKind.REQUEST, method);
            this.method = method;
            return this;
        }

        /** The payload. */
        public Builder data(@Nullable Object data) {
            this.data = data;
            return this;
        }

        /**
         * Adds one request header.
         *
         * @throws MpNetException for a null or malformed name, or a null or malformed value
         */
        public Builder header(String name, String value) {
            RequestHeaders.check(ApiKind.REQUEST, name, value);
            this.header.put(name, value);
            return this;
        }

        /**
         * Adds request headers, in the map's order.
         *
         * @throws MpNetException for a null or malformed name or value; none is added then
         */
        public Builder header(Map<String, String> header) {
            header.forEach((name, value) -> RequestHeaders.check(ApiKind.REQUEST, name, value));
            this.header.putAll(header);
            return this;
        }

        /** {@link DataType#JSON} (default) parses a JSON body, {@link DataType#TEXT} leaves text. */
        public Builder dataType(DataType dataType) {
            this.dataType = Objects.requireNonNull(dataType, "dataType");
            return this;
        }

        /** {@link ResponseType#TEXT} (default), or {@link ResponseType#ARRAYBUFFER} for raw bytes. */
        public Builder responseType(ResponseType responseType) {
            this.responseType = Objects.requireNonNull(responseType, "responseType");
            return this;
        }

        /**
         * This call's timeout over queue and exchange (T-1); {@code null} takes the configured one.
         *
         * @throws MpNetException (T-1) for zero or less
         */
        public Builder timeout(@Nullable Duration timeout) {
            Timeouts.requirePositive(ApiKind.REQUEST, timeout);
            this.timeout = timeout;
            return this;
        }

        /** Follow (default) or stop at redirects. */
        public Builder redirect(Redirect redirect) {
            this.redirect = Objects.requireNonNull(redirect, "redirect");
            return this;
        }

        /** Offer h2 over TLS. */
        public Builder enableHttp2(boolean enableHttp2) {
            this.enableHttp2 = enableHttp2;
            return this;
        }

        /** Stream the body as chunk events. */
        public Builder enableChunked(boolean enableChunked) {
            this.enableChunked = enableChunked;
            return this;
        }

        /** The options. */
        public RequestOptions build() {
            return new RequestOptions(url, method, data, header, dataType, responseType, timeout, redirect,
                    enableHttp2, enableChunked);
        }
    }
}
