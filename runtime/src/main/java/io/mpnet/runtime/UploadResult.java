package io.mpnet.runtime;

import java.util.Map;

/**
 * The server's answer to an upload (U-3).
 *
 * @param statusCode the HTTP status (any status succeeds, R-4)
 * @param data the response body as text, decoded by its charset
 * @param header response headers as in {@link HttpResult#header()}
 * @param profile the call's timings and connection facts, as {@link HttpResult#profile()}
 */
public record UploadResult(int statusCode, String data, Map<String, String> header, RequestProfile profile)
        implements TransferResult {

    public UploadResult {
        header = io.mpnet.runtime.internal.http.ResponseHeaders.copyOf(header);
    }
}
