package io.mpnet.runtime;

import java.nio.file.Path;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A finished download (D-1): the body is in a file whatever the status.
 *
 * @param statusCode the HTTP status
 * @param tempFilePath the temp file holding the body when no {@code filePath} was given, else {@code null};
 *     it lives until the runtime closes unless {@link MiniProgramNetwork#saveFile saved} (D-4)
 * @param filePath the caller's {@code filePath} holding the body, else {@code null}
 * @param size the body's length in bytes
 * @param header response headers as in {@link HttpResult#header()}
 * @param profile the call's timings and connection facts, as {@link HttpResult#profile()}
 */
public record DownloadResult(int statusCode, @Nullable Path tempFilePath, @Nullable Path filePath, long size,
        Map<String, String> header, RequestProfile profile) implements TransferResult {

    public DownloadResult {
        header = io.mpnet.runtime.internal.http.ResponseHeaders.copyOf(header);
    }

    /** The file holding the body: {@code filePath} when given, else {@code tempFilePath}. */
    public Path path() {
        Path p = filePath != null ? filePath : tempFilePath;
        if (p == null) {
            throw new IllegalStateException("a download result names no file");
        }
        return p;
    }
}
