package io.mpnet.policy;

import java.util.Objects;

/**
 * The headers the runtime sets on every call of a mini program, whatever the caller's
 * {@code header} holds: its Referer (P-9) and its User-Agent (R-3u). Made once per runtime
 * ({@link NetworkConfig#fixedHeaders()}), applied by {@link RequestHeaders#prepare}.
 *
 * @param referer the fixed Referer, {@code https://servicewechat.com/{appid}/{version}/page-frame.html} on wechat
 * @param userAgent the User-Agent: {@code userAgent} from the configuration, else the profile's
 */
public record FixedHeaders(String referer, String userAgent) {

    public FixedHeaders {
        Objects.requireNonNull(referer, "referer");
        Objects.requireNonNull(userAgent, "userAgent");
    }
}
