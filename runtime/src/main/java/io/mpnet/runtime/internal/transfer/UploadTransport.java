package io.mpnet.runtime.internal.transfer;

import io.mpnet.runtime.internal.http.ResponseHeaders;
import io.mpnet.runtime.internal.http.HttpTransport;
import io.mpnet.runtime.internal.http.ResponseLimit;
import io.mpnet.runtime.internal.call.CallProfile;
import io.mpnet.runtime.internal.call.CallState;
import io.mpnet.runtime.internal.http.BodyBytes;
import io.mpnet.runtime.internal.call.Hop;
import io.mpnet.policy.NetworkPolicy;
import io.mpnet.policy.ResponseBody;
import io.mpnet.policy.Target;
import io.mpnet.runtime.TransferEvent;
import io.mpnet.runtime.UploadOptions;
import io.mpnet.runtime.UploadResult;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import java.net.URLConnection;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.Connection;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.HttpClientResponse;

/**
 * The wire of uploadFile (U-1..U-3), on the clients, hooks and address vetting of
 * {@link HttpTransport}: Reactor Netty's multipart encoder reads the file in chunks as the socket
 * drains, so the file is never held in memory. Its file was checked before any stage ran
 * ({@code Preparation.upload}, U-1).
 */
public final class UploadTransport {

    private final HttpTransport http;
    private final NetworkPolicy policy;
    private final LongSupplier clockMillis;

    /**
     * Uploads on {@code http}'s clients, the answer bound by {@code policy}'s config, rating
     * progress by {@code clockMillis} (the runtime's scheduler).
     */
    public UploadTransport(HttpTransport http, NetworkPolicy policy, LongSupplier clockMillis) {
        this.http = http;
        this.policy = policy;
        this.clockMillis = clockMillis;
    }

    /**
     * The upload of {@code call}, its one {@code hop}: progress while the body is sent, the
     * headers, then the result; cancel aborts. It follows no redirect.
     */
    public Flux<TransferEvent> upload(CallState call, Hop hop, UploadOptions o) {
        return http.client(call, hop.target(), o.enableHttp2()).flatMapMany(client -> send(call, hop, o, client));
    }

    private Flux<TransferEvent> send(CallState call, Hop hop, UploadOptions o, HttpClient client) {
        Target target = hop.target();
        Path file = o.filePath();
        String partName = o.name();
        if (file == null || partName == null) {
            return Flux.error(new IllegalStateException("Preparation.upload checks filePath and name"));
        }
        String fileName = file.getFileName().toString();
        String contentType = URLConnection.guessContentTypeFromName(fileName);
        // Progress comes from the encoder as it hands the socket each chunk; it is fed into the
        // call's events through this sink, closed when the response starts (the body is through).
        Sinks.Many<TransferEvent> progress = Sinks.many().unicast().onBackpressureBuffer();
        AtomicReference<@Nullable HttpHeaders> sent = new AtomicReference<>();
        AtomicReference<@Nullable Disposable> feed = new AtomicReference<>();
        Flux<TransferEvent> response = client.request(HttpMethod.POST).uri(target.pathAndQuery())
                .sendForm((req, form) -> {
                    HttpHeaders h = req.requestHeaders(); // the call's headers and Host are set (HttpTransport's doOnRequest)
                    // Without chunked framing Reactor Netty sends the multipart body's exact length,
                    // which is also the progress total (U-2); servers prefer it, as the platform does.
                    h.remove(HttpHeaderNames.TRANSFER_ENCODING);
                    sent.set(h);
                    form.multipart(true);
                    o.formData().forEach(form::attr);
                    form.file(partName, fileName, file.toFile(),
                            contentType != null ? contentType : "application/octet-stream");
                }, written -> {
                    HttpHeaders h = sent.get();
                    long total = h == null ? -1 : ResponseHeaders.contentLength(h);
                    call.profile().sending(Math.max(total, 0));
                    ProgressThrottle throttle = new ProgressThrottle(clockMillis, total);
                    long[] last = {0};
                    feed.set(written.subscribe(bytes -> {
                        last[0] = bytes;
                        emit(progress, throttle.update(bytes));
                    }, error -> progress.tryEmitComplete(), () -> {
                        emit(progress, throttle.finish(total > 0 ? total : last[0]));
                        progress.tryEmitComplete();
                    }));
                })
                .responseConnection((res, conn) -> {
                    progress.tryEmitComplete(); // the server answers: nothing sent after this is progress
                    return response(call, ResponseLimit.of(call, policy.config()), res, conn);
                })
                .contextWrite(ctx -> http.onWire(ctx, call, hop));
        return Flux.merge(progress.asFlux(), response).doFinally(s -> {
            Disposable d = feed.get();
            if (d != null) {
                d.dispose();
            }
        });
    }

    private static void emit(Sinks.Many<TransferEvent> sink, TransferEvent.@Nullable Progress p) {
        if (p != null) {
            sink.tryEmitNext(p);
        }
    }

    private static Flux<TransferEvent> response(CallState call, ResponseLimit limit, HttpClientResponse res,
            Connection conn) {
        CallProfile p = call.profile();
        p.responseArrived(HttpTransport.protocol(conn));
        HttpHeaders h = res.responseHeaders();
        TransferEvent.HeadersReceived headers = new TransferEvent.HeadersReceived(res.status().code(),
                ResponseHeaders.of(h), ResponseHeaders.cookies(h));
        String contentType = h.get(HttpHeaderNames.CONTENT_TYPE);
        // U-3: the answer to an upload is text, held in memory as request()'s body is, so under the
        // same maxResponseBytes
        long declared = ResponseHeaders.contentLength(h);
        return Flux.concat(Mono.just(headers), conn.inbound().receive()
                .collect(() -> new BodyBytes(declared, limit), BodyBytes::add)
                .doOnSuccess(b -> call.releaseConnection())
                .map(read -> {
                    byte[] bytes = read.bytes();
                    p.responseRead(bytes.length);
                    return new TransferEvent.Completed(new UploadResult(headers.statusCode(),
                            ResponseBody.text(bytes, contentType), headers.header(), p.snapshot()));
                }));
    }
}
