package io.mpnet.runtime.internal;

import io.mpnet.policy.ApiKind;
import io.mpnet.policy.FailReason;
import io.mpnet.policy.FixedHeaders;
import io.mpnet.policy.MpNetException;
import io.mpnet.policy.NetworkPolicy;
import io.mpnet.policy.RequestHeaders;
import io.mpnet.policy.ResponseBody;
import io.mpnet.policy.Target;
import io.mpnet.runtime.DownloadOptions;
import io.mpnet.runtime.DownloadResult;
import io.mpnet.runtime.TransferEvent;
import io.mpnet.runtime.UploadOptions;
import io.mpnet.runtime.UploadResult;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLConnection;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
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
 * The wire of uploadFile (U-1..U-3) and downloadFile (D-1..D-5), on the clients, hooks and address
 * vetting of {@link HttpTransport}. Neither ever holds a file in memory: an upload is Reactor
 * Netty's multipart encoder reading the file in chunks as the socket drains; a download writes
 * each received buffer to its file before the next is read.
 */
public final class TransferTransport {

    private static final byte[] EMPTY = new byte[0];

    private final HttpTransport http;
    private final NetworkPolicy policy;
    private final TempFiles files;
    private final LongSupplier clockMillis;
    private final FixedHeaders fixedHeaders;

    /**
     * Transfers on {@code http}'s clients, re-judging redirects by {@code policy}, keeping temp files
     * in {@code files}, rating progress by {@code clockMillis} (the runtime's scheduler), sending
     * {@code fixedHeaders} (P-9, R-3u).
     */
    public TransferTransport(HttpTransport http, NetworkPolicy policy, TempFiles files, LongSupplier clockMillis,
            FixedHeaders fixedHeaders) {
        this.http = http;
        this.policy = policy;
        this.files = files;
        this.clockMillis = clockMillis;
        this.fixedHeaders = fixedHeaders;
    }

    // ---------------------------------------------------------------- upload

    /** U-1, E-3: the upload's options checked before any I/O, as a call; a bad one throws {@link MpNetException}. */
    public Call uploadCall(UploadOptions o) {
        ApiKind api = ApiKind.UPLOAD_FILE;
        String url = url(api, o.url());
        Path file = o.filePath();
        if (file == null) {
            throw invalid(api, "U-1", "filePath is missing; give the path of the file to upload");
        }
        if (!Files.exists(file)) {
            throw invalid(api, "U-1", "filePath '" + file + "' does not exist; give the path of an existing file");
        }
        if (Files.isDirectory(file)) {
            throw invalid(api, "U-1", "filePath '" + file + "' is a directory; give the path of a file inside it");
        }
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw invalid(api, "U-1", "filePath '" + file + "' cannot be read; give a regular file this process may read");
        }
        if (o.name() == null || o.name().isEmpty()) {
            throw invalid(api, "U-1", "name is missing; give the name of the file part the server expects");
        }
        Map<String, String> header = new LinkedHashMap<>(o.header());
        // the multipart content type carries the boundary: a caller's one can only be wrong
        header.keySet().removeIf(k -> "content-type".equalsIgnoreCase(k)); // a null name is left for prepare to name
        return new Call(api, url, "POST", RequestHeaders.prepare(api, header, fixedHeaders, false), EMPTY, o.timeout(),
                new CallProfile());
    }

    /** The upload of {@code call}: progress while the body is sent, the headers, then the result; cancel aborts. */
    public Flux<TransferEvent> upload(Call call, UploadOptions o) {
        return Flux.defer(() -> {
            Target target = call.target();
            return call.wire(http.client(call, target).flatMapMany(client -> sendUpload(call, o, target, client)));
        });
    }

    private Flux<TransferEvent> sendUpload(Call call, UploadOptions o, Target target, HttpClient client) {
        Path file = o.filePath();
        String partName = o.name();
        if (file == null || partName == null) {
            return Flux.error(new IllegalStateException("uploadCall checks filePath and name"));
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
                    long total = h == null ? -1 : length(h);
                    call.profile().sent = Math.max(total, 0);
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
                    return uploadResponse(call, ResponseLimit.of(call, policy.config()), res, conn);
                })
                .contextWrite(ctx -> ctx.put(Call.class, call));
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

    private static Flux<TransferEvent> uploadResponse(Call call, ResponseLimit limit, HttpClientResponse res,
            Connection conn) {
        CallProfile p = call.profile();
        p.responseArrived();
        HttpHeaders h = res.responseHeaders();
        TransferEvent.HeadersReceived headers = new TransferEvent.HeadersReceived(res.status().code(),
                ResponseHeaders.of(h), ResponseHeaders.cookies(h));
        String contentType = h.get(HttpHeaderNames.CONTENT_TYPE);
        // U-3: the answer to an upload is text, held in memory as request()'s body is, so under the
        // same maxResponseBytes
        long declared = length(h);
        return Flux.concat(Mono.just(headers), conn.inbound().receive()
                .collect(() -> new BodyBytes(declared, limit), BodyBytes::add)
                .doOnSuccess(b -> call.releaseConnection())
                .map(read -> {
                    byte[] bytes = read.bytes();
                    p.responseEnd = p.now();
                    p.received = bytes.length;
                    return new TransferEvent.Completed(new UploadResult(headers.statusCode(),
                            ResponseBody.text(bytes, contentType), headers.header()));
                }));
    }

    // -------------------------------------------------------------- download

    /** D-1, E-3: the download's options checked before any I/O, as a call; a bad one throws {@link MpNetException}. */
    public Call downloadCall(DownloadOptions o) {
        ApiKind api = ApiKind.DOWNLOAD_FILE;
        String url = url(api, o.url());
        Path target = o.filePath();
        if (target != null) {
            Path abs = target.toAbsolutePath();
            Path dir = abs.getParent();
            if (Files.isDirectory(abs)) {
                throw invalid(api, "D-1", "filePath '" + target + "' is a directory; give the path of a file to write");
            }
            if (dir == null || !Files.isDirectory(dir)) {
                throw invalid(api, "D-1", "filePath '" + target + "' is in a directory that does not exist ("
                        + dir + "); create the directory first or give another filePath");
            }
            if (!Files.isWritable(dir)) {
                throw invalid(api, "D-1", "filePath '" + target + "' is in a directory this process may not write ("
                        + dir + "); give a filePath in a writable directory");
            }
        }
        return new Call(api, url, "GET", RequestHeaders.prepare(api, o.header(), fixedHeaders, false), EMPTY,
                o.timeout(), new CallProfile());
    }

    /** The download of {@code call}: the headers, progress while the body is written, then the result; cancel aborts and deletes the file (D-3). */
    public Flux<TransferEvent> download(Call call, DownloadOptions o) {
        return Flux.defer(() -> call.wire(hop(call, o, call.target(), 0)));
    }

    private Flux<TransferEvent> hop(Call call, DownloadOptions o, Target target, int hops) {
        return http.client(call, target).flatMapMany(client -> client.request(HttpMethod.GET)
                .uri(target.pathAndQuery()) // the call's headers and Host are set in HttpTransport's doOnRequest
                .responseConnection((res, conn) -> downloadResponse(call, o, target, hops, res, conn))
                .contextWrite(ctx -> ctx.put(Call.class, call)));
    }

    private Flux<TransferEvent> downloadResponse(Call call, DownloadOptions o, Target target, int hops,
            HttpClientResponse res, Connection conn) {
        call.profile().responseArrived();
        int status = res.status().code();
        HttpHeaders h = res.responseHeaders();
        String location = h.get(HttpHeaderNames.LOCATION);
        if (isRedirect(status) && location != null) {
            return conn.inbound().receive().then(Mono.fromRunnable(call::releaseConnection))
                    .thenMany(Flux.defer(() -> follow(call, o, target, location, hops)));
        }
        TransferEvent.HeadersReceived headers = new TransferEvent.HeadersReceived(status, ResponseHeaders.of(h),
                ResponseHeaders.cookies(h));
        long total = length(h); // -1 when chunked (D-2)
        ProgressThrottle throttle = new ProgressThrottle(clockMillis, total);
        // D-3: the file exists only inside using(): whatever ends the body early (error, abort,
        // timeout, interrupt: all cancel or fail this Flux) deletes it before the error goes on.
        Flux<TransferEvent> body = Flux.using(() -> Output.open(files, o.filePath(), target),
                out -> conn.inbound().receive().<TransferEvent>handle((buf, sink) -> {
                    TransferEvent.Progress p = throttle.update(out.write(buf));
                    if (p != null) {
                        sink.next(p);
                    }
                }).doOnComplete(call::releaseConnection).concatWith(Flux.defer(() -> {
                    Path path;
                    try {
                        path = out.commit();
                    } catch (IOException e) {
                        return Flux.error(new UncheckedIOException("cannot store the download: " + e, e));
                    }
                    CallProfile prof = call.profile();
                    prof.responseEnd = prof.now();
                    prof.received = out.written();
                    DownloadResult r = new DownloadResult(status, o.filePath() == null ? path : null,
                            o.filePath(), out.written(), headers.header());
                    TransferEvent.Progress last = throttle.finish(out.written());
                    return last == null ? Flux.just(new TransferEvent.Completed(r))
                            : Flux.just(last, new TransferEvent.Completed(r));
                })),
                Output::discard);
        return Flux.concat(Mono.just(headers), body);
    }

    private Flux<TransferEvent> follow(Call call, DownloadOptions o, Target from, String location, int hops) {
        Target t = Redirects.next(policy, call, from, location, hops); // R-7 limit and policy, R-13 credentials
        return hop(call, o, t, hops + 1);
    }

    /** The declared {@code Content-Length}, {@code -1} when absent or unreadable. */
    static long length(HttpHeaders h) {
        String v = h.get(HttpHeaderNames.CONTENT_LENGTH);
        try {
            return v == null ? -1 : Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    /**
     * The file a download writes. Writes happen on the connection's event loop, one buffer at a
     * time, so the body never piles up in memory; the lock only orders a write against a discard
     * coming from another thread (an abort or a timeout).
     */
    private static final class Output {
        private final Path writing;
        private final @Nullable Path target;
        private final FileChannel channel;
        private long written;
        private boolean done;

        private Output(Path writing, @Nullable Path target, FileChannel channel) {
            this.writing = writing;
            this.target = target;
            this.channel = channel;
        }

        static Output open(TempFiles files, @Nullable Path target, Target from) throws IOException {
            // to a temp file, or next to the caller's filePath: a failed download leaves a file already there alone
            Path writing = target == null ? files.create(extension(from.pathAndQuery()))
                    : TempFiles.createOwnerOnly(TempFiles.partFile(target.toAbsolutePath())); // D-6: 0600, kept by the move
            try {
                return new Output(writing, target, FileChannel.open(writing, StandardOpenOption.WRITE));
            } catch (IOException | RuntimeException e) {
                TempFiles.deleteQuietly(writing);
                throw e;
            }
        }

        synchronized long write(ByteBuf buf) {
            if (done) {
                return written; // discarded by an abort: the rest of the body goes nowhere
            }
            try {
                int n = buf.readableBytes();
                for (ByteBuffer b : buf.nioBuffers()) {
                    while (b.hasRemaining()) {
                        channel.write(b);
                    }
                }
                written += n;
                return written;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the download to " + writing + ": " + e.getMessage(), e);
            }
        }

        synchronized long written() {
            return written;
        }

        /** Closes the file and moves it to the caller's filePath if any; the path holding the body. */
        synchronized Path commit() throws IOException {
            channel.close();
            Path result = writing;
            if (target != null) {
                try {
                    Files.move(writing, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(writing, target, StandardCopyOption.REPLACE_EXISTING);
                }
                result = target;
            }
            done = true;
            return result;
        }

        /** D-3: closes and deletes the file unless it was committed. */
        synchronized void discard() {
            if (done) {
                return;
            }
            done = true;
            try {
                channel.close();
            } catch (IOException e) {
                // deleting it is what matters
            }
            TempFiles.deleteQuietly(writing);
        }

        private static String extension(String pathAndQuery) {
            int end = pathAndQuery.indexOf('?');
            String path = end < 0 ? pathAndQuery : pathAndQuery.substring(0, end);
            int dot = path.lastIndexOf('.');
            if (dot < 0 || dot < path.lastIndexOf('/')) {
                return "";
            }
            String ext = path.substring(dot + 1);
            // the platform keeps the extension (images open by it); anything odd is dropped, never put in a file name
            return ext.matches("[A-Za-z0-9]{1,10}") ? "." + ext : "";
        }
    }

    // ---------------------------------------------------------------- shared

    private static String url(ApiKind api, @Nullable String url) {
        if (url == null || url.isEmpty()) {
            throw invalid(api, "E-3", "url is missing; give the full https URL of a configured " + api.apiName()
                    + " server domain");
        }
        return url;
    }

    private static MpNetException invalid(ApiKind api, String rule, String explanation) {
        return new MpNetException(api, FailReason.INVALID_PARAMETER, rule, explanation);
    }
}
