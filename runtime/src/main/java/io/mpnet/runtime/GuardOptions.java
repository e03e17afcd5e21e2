package io.mpnet.runtime;

import io.mpnet.policy.ApiKind;
import io.mpnet.policy.MpNetException;
import io.mpnet.policy.RequestHeaders;
import io.mpnet.policy.RequestMethod;
import io.mpnet.policy.Timeouts;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What {@link MiniProgramNetwork#guard} judges of another client's call before it runs it, as a
 * {@code wx.request}. The {@link Builder} refuses a bad method, header or timeout (T-1)
 * when it is set, naming the field; options made with the canonical constructor (as a filter
 * passing on another client's request does) are checked when the call runs, failing that call alone.
 *
 * @param method the HTTP method, upper case; {@code null} means GET
 * @param url the absolute URL, judged by the request server-domain policy (P-*); missing or empty
 *     fails the call (E-3)
 * @param header the other client's headers, single-valued (join repeated ones with {@code ", "});
 *     a caller's Referer and User-Agent are replaced (P-9, R-3u)
 * @param timeout the call's timeout over queue and exchange (T-1); {@code null} takes
 *     {@code networkTimeout.request}
 */
public record GuardOptions(
        @Nullable String method,
        @Nullable String url,
        Map<String, String> header,
        @Nullable Duration timeout) {

    /** Copies the header map, order kept; a null name or value fails the call. */
    public GuardOptions {
        header = RequestHeaders.copy(header);
    }

    /** The options of {@code method} on {@code url}, without headers, with the configured timeout. */
    public static GuardOptions of(String method, String url) {
        return builder(method, url).build();
    }

    /**
     * A builder for {@code method} on {@code url}.
     * @throws MpNetException for a method the platform does not accept
     */
    public static Builder builder(@Nullable String method, @Nullable String url) {
        return new Builder(url).method(method);
    }

    /**
     * Builds {@link GuardOptions}; each setter returns this builder, and throws an
     * {@link MpNetException} naming the rule and the field when the value would fail the call.
     */
    public static final class Builder {
        private final @Nullable String url;
        private @Nullable String method;
        private final Map<String, String> header = new LinkedHashMap<>();
        private @Nullable Duration timeout;

        private Builder(@Nullable String url) {
            this.url = url; // missing fails the call (E-3), as a RequestOptions without one does
        }

        /**
         * The method ({@code GET}, {@code POST}...); {@code null} means GET.
         *
         * @throws MpNetException for any other method, lower case included
         */
        public Builder method(@Nullable String method) {
            RequestMethod.parse(ApiKind.REQUEST, method);
            this.method = method;
            return this;
        }

        /**
         * Adds one header.
         *
         * @throws MpNetException for a null or malformed name, or a null or malformed value
         */
        public Builder header(String name, String value) {
            RequestHeaders.check(ApiKind.REQUEST, name, value);
            this.header.put(name, value);
            return this;
        }

        /**
         * Adds headers, in the map's order.
         *
         * @throws MpNetException for a null or malformed name or value; none is added then
         */
        public Builder header(Map<String, String> header) {
            header.forEach((name, value) -> RequestHeaders.check(ApiKind.REQUEST, name, value));
            this.header.putAll(header);
            return this;
        }

        /**
         * The call's timeout over queue and exchange (T-1); {@code null} takes {@code networkTimeout.request}.
         *
         * @throws MpNetException (T-1) for zero or less
         */
        public Builder timeout(@Nullable Duration timeout) {
            Timeouts.requirePositive(ApiKind.REQUEST, timeout);
            this.timeout = timeout;
            return this;
        }

        /** The options. */
        public GuardOptions build() {
            return new GuardOptions(method, url, header, timeout);
        }
    }
}
