package io.mpnet.runtime;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Response headers as received (the platform's {@code header} object), with a lookup by name that
 * ignores letter case. The map keeps each name as it came: over h2 every name is lower case
 * ({@code location}), over HTTP/1.1 as the server wrote it ({@code Location}), so
 * {@code header().get("Location")} finds it on one and not the other; {@link #header(String)}
 * finds it on both.
 */
public interface ReceivedHeaders {

    /** The headers by name as received; repeated headers joined with {@code ", "}. */
    Map<String, String> header();

    /**
     * The value of header {@code name} in any ASCII letter case ({@code header("Location")} finds
     * {@code location}), or {@code null} when the response has none. A name the server sent in two
     * spellings gives the first one received.
     */
    default @Nullable String header(String name) {
        return io.mpnet.runtime.internal.http.ResponseHeaders.first(header(), name);
    }
}
