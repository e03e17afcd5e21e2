package io.mpnet.runtime;

import java.util.List;
import java.util.Map;

/**
 * What a call reports while it runs ({@link MiniProgramNetwork#exchange}): the response headers
 * body chunks when {@code enableChunked} is set, then the result. Exactly one
 * {@link HeadersReceived} and one {@link Completed} per successful call, in that order.
 */
public sealed interface RequestEvent {

    /**
     * The response headers, before the body; with {@code redirect = MANUAL}, those of the 3xx.
     *
     * @param statusCode the HTTP status
     * @param header response headers as in {@link HttpResult#header()}
     * @param cookies every {@code Set-Cookie} value
     */
    record HeadersReceived(int statusCode, Map<String, String> header, List<String> cookies)
            implements RequestEvent, ReceivedHeaders {
        public HeadersReceived {
            header = io.mpnet.runtime.internal.http.ResponseHeaders.copyOf(header);
            cookies = List.copyOf(cookies);
        }
    }

    /**
     * Body bytes as they arrived, only when {@code enableChunked} is set.
     *
     * @param data the bytes of this chunk
     */
    record Chunk(byte[] data) implements RequestEvent {
    }

    /**
     * The call's result; always the last event.
     *
     * @param result the decoded response
     */
    record Completed(HttpResult result) implements RequestEvent {
    }
}
