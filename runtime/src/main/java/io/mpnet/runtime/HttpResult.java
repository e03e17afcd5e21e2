package io.mpnet.runtime;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A received response (R-4: every status code is a success), with the platform's field names.
 *
 * @param statusCode the HTTP status
 * @param header response headers by name as received; repeated headers joined with {@code ", "};
 *     {@link #header(String)} finds one in any letter case
 * @param cookies every {@code Set-Cookie} value, in order
 * @param data the body as decode it: parsed JSON, text, or {@code byte[]} for {@code arraybuffer}
 * @param profile the call's timings and connection facts
 */
public record HttpResult(int statusCode, Map<String, String> header, List<String> cookies, @Nullable Object data,
        RequestProfile profile) implements ReceivedHeaders {

    public HttpResult {
        header = io.mpnet.runtime.internal.http.ResponseHeaders.copyOf(header);
        cookies = List.copyOf(cookies);
    }
}
