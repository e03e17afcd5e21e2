package io.mpnet.runtime;

import java.util.List;
import java.util.Map;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * What an {@code uploadFile} or {@code downloadFile} reports while it runs: the response headers
 * (D-5), progress (U-2, D-2), then the result, always last. Progress may come before the headers
 * (an upload sends its body first) or after them (a download writes its body after).
 */
public sealed interface TransferEvent {

    /**
     * The response headers, before the body is read (D-5, R-9).
     *
     * @param statusCode the HTTP status
     * @param header response headers as in {@link HttpResult#header()}
     * @param cookies every {@code Set-Cookie} value
     */
    record HeadersReceived(int statusCode, Map<String, String> header, List<String> cookies)
            implements TransferEvent, ReceivedHeaders {
        public HeadersReceived {
            header = io.mpnet.runtime.internal.http.ResponseHeaders.copyOf(header);
            cookies = List.copyOf(cookies);
        }
    }

    /**
     * How far the body has gone (U-2, D-2): monotonic, at most one per percent and one per ~50 ms,
     * and a last one at 100 when the body is all sent or written.
     *
     * @param progress 0-100
     * @param totalBytes bytes sent (upload: {@code totalBytesSent}) or written (download: {@code totalBytesWritten})
     * @param totalBytesExpected the expected total ({@code totalBytesExpectedToSend/Write}), {@code -1} when unknown (chunked)
     */
    record Progress(int progress, long totalBytes, long totalBytesExpected) implements TransferEvent {
    }

    /**
     * The transfer's result; always the last event.
     *
     * @param result an {@link UploadResult} or a {@link DownloadResult}
     */
    record Completed(TransferResult result) implements TransferEvent {
    }

    /** The {@link UploadResult} of an upload's events, e.g. {@code net.uploadFile(o).as(TransferEvent::uploadResult)}. */
    static Mono<UploadResult> uploadResult(Flux<TransferEvent> events) {
        return events.last().map(e -> (UploadResult) ((Completed) e).result());
    }

    /** The {@link DownloadResult} of a download's events, e.g. {@code net.downloadFile(o).as(TransferEvent::downloadResult)}. */
    static Mono<DownloadResult> downloadResult(Flux<TransferEvent> events) {
        return events.last().map(e -> (DownloadResult) ((Completed) e).result());
    }
}
