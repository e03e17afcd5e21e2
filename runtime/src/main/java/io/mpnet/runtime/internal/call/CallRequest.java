package io.mpnet.runtime.internal.call;

import io.mpnet.policy.ApiKind;
import java.time.Duration;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What a call asks for, checked and encoded once before any stage runs ({@link Preparation}); it
 * never changes afterwards, whatever the stages and the hops do.
 *
 * @param api the API kind
 * @param url the URL after data encoding
 * @param method the checked method
 * @param headers the prepared headers (R-3, P-9), immutable
 * @param body the encoded body, empty when there is none
 * @param timeout the caller's timeout, or {@code null} for the configured one
 */
public record CallRequest(ApiKind api, String url, String method, Map<String, String> headers, byte[] body,
        @Nullable Duration timeout) {
}
