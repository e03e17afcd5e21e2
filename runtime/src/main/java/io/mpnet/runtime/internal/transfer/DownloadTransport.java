package io.mpnet.runtime.internal.transfer;

import io.mpnet.runtime.internal.http.ResponseHeaders;
import io.mpnet.runtime.internal.http.HttpTransport;
import io.mpnet.runtime.internal.call.CallProfile;
import io.mpnet.runtime.internal.call.CallState;
import io.mpnet.runtime.internal.http.Redirects;
import io.mpnet.runtime.internal.call.Hop;
import io.mpnet.policy.ApiKind;
import io.mpnet.policy.FailReason;
import io.mpnet.policy.MpNetException;
import io.mpnet.policy.NetworkPolicy;
import io.mpnet.policy.Target;
import io.mpnet.runtime.DownloadOptions;
import io.mpnet.runtime.DownloadResult;
import io.mpnet.runtime.TransferEvent;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;
import reactor.netty.http.client.HttpClientResponse;

/**
 * The wire of downloadFile (D-1..D-5), on the clients, hooks and address vetting of
 * {@link HttpTransport}, following redirects by {@link Redirects} as request does: each received
 * buffer is written to its file before the next is read, so the body never piles up in memory. Its
 * {@code filePath} was checked before any stage ran ({@code Preparation.download}, D-1).
 */
public final class DownloadTransport {

    private final HttpTransport http;
    private final NetworkPolicy policy;
    private final Storage files;
    private final LongSupplier clockMillis;

    /**
     * Downloads on {@code http}'s clients, re-judging redirects by {@code policy}, keeping temp files
     * in {@code files}, rating progress by {@code clockMillis} (the runtime's scheduler).
     */
    public DownloadTransport(HttpTransport http, NetworkPolicy policy, Storage files, LongSupplier clockMillis) {
        this.http = http;
        this.policy = policy;
        this.files = files;
        this.clockMillis = clockMillis;
    }

    /**
     * The download of {@code call} from its {@code first} hop, and its redirect hops: the headers,
     * progress while the body is written, then the result; cancel aborts and deletes the file (D-3).
     */
    public Flux<TransferEvent> download(CallState call, Hop first, DownloadOptions o) {
        return hop(call, first, o);
    }

    private Flux<TransferEvent> hop(CallState call, Hop hop, DownloadOptions o) {
        return http.client(call, call.send(hop).target(), o.enableHttp2()).flatMapMany(client -> client
                .request(HttpMethod.valueOf(hop.method()))
                .uri(hop.target().pathAndQuery()) // the hop's headers and Host are set in HttpTransport's doOnRequest
                .responseConnection((res, conn) -> response(call, hop, o, res, conn))
                .contextWrite(ctx -> http.onWire(ctx, call, hop)));
    }

    private Flux<TransferEvent> response(CallState call, Hop hop, DownloadOptions o, HttpClientResponse res,
            Connection conn) {
        call.profile().responseArrived(HttpTransport.protocol(conn));
        String location = Redirects.location(res);
        if (location != null) {
            return Redirects.follow(policy, call, hop, res, location, conn, next -> hop(call, next, o));
        }
        Target target = hop.target();
        int status = res.status().code();
        HttpHeaders h = res.responseHeaders();
        TransferEvent.HeadersReceived headers = new TransferEvent.HeadersReceived(status, ResponseHeaders.of(h),
                ResponseHeaders.cookies(h));
        long total = ResponseHeaders.contentLength(h); // -1 when chunked (D-2)
        ProgressThrottle throttle = new ProgressThrottle(clockMillis, total);
        // D-3: the file is made in a slot that the call's end closes, deleting it unless committed.
        // Whatever ends the body early (an error, an abort, a timeout, an interruption) ends the call,
        // whose end actions run before the caller hears of it, wherever the cancel has got to on the
        // event loop; and no file is made once the call has ended.
        FileSlot slot = new FileSlot();
        call.onEnd(slot::close);
        Flux<TransferEvent> body = Flux.defer(() -> {
            Output out;
            try {
                out = slot.open(files, o.filePath(), target);
            } catch (IOException e) {
                return Flux.error(saveFailed("cannot create the file for the download from " + target.host(), e));
            }
            if (out == null) {
                return Flux.empty();
            }
            return conn.inbound().receive().<TransferEvent>handle((buf, sink) -> {
                TransferEvent.Progress p = throttle.update(out.write(buf));
                if (p != null) {
                    sink.next(p);
                }
            }).doOnComplete(call::releaseConnection).concatWith(Flux.defer(() -> {
                Path path;
                try {
                    path = out.commit();
                } catch (IOException e) {
                    return Flux.error(saveFailed("cannot store the download from " + target.host(), e));
                }
                CallProfile prof = call.profile();
                prof.responseRead(out.written());
                DownloadResult r = new DownloadResult(status, o.filePath() == null ? path : null,
                        o.filePath(), out.written(), headers.header(), prof.snapshot());
                TransferEvent.Progress last = throttle.finish(out.written());
                return last == null ? Flux.just(new TransferEvent.Completed(r))
                        : Flux.just(last, new TransferEvent.Completed(r));
            }));
        });
        return Flux.concat(Mono.just(headers), body);
    }

    /** D-1: the file of a download could not be made, written or moved into place (603300 download save file error). */
    static MpNetException saveFailed(String what, IOException e) {
        return new MpNetException(ApiKind.DOWNLOAD_FILE, FailReason.DOWNLOAD_SAVE, "D-1", what + " (" + e
                + "); check that the directory still exists, is writable and has room", e);
    }

    /**
     * D-3: where a download's file is made, as the call's end sees it: made only while the call runs,
     * discarded (unless committed) when the call ends, whichever thread gets there first.
     */
    private static final class FileSlot {
        private @Nullable Output out;
        private boolean closed;

        /** The file, or {@code null} when the call has already ended (nothing is made then). */
        synchronized @Nullable Output open(Storage files, @Nullable Path target, Target from) throws IOException {
            if (closed) {
                return null;
            }
            out = Output.open(files, target, from);
            return out;
        }

        synchronized void close() {
            closed = true;
            Output o = out;
            if (o != null) {
                o.discard(); // after a commit, nothing to do
            }
        }
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

        static Output open(Storage files, @Nullable Path target, Target from) throws IOException {
            // to a temp file, or next to the caller's filePath: a failed download leaves a file already there alone
            Path writing = target == null ? files.create(extension(from.pathAndQuery()))
                    : Storage.createOwnerOnly(Storage.partFile(target.toAbsolutePath())); // D-6: 0600, kept by the move
            try {
                return new Output(writing, target, FileChannel.open(writing, StandardOpenOption.WRITE));
            } catch (IOException | RuntimeException e) {
                Storage.deleteQuietly(writing);
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
                throw saveFailed("cannot write the download to " + writing, e);
            }
        }

        synchronized long written() {
            return written;
        }

        /** Closes the file and moves it to the caller's filePath if any; the path holding the body. */
        synchronized Path commit() throws IOException {
            if (done) { // discarded as the call ended, just before its body's end got here
                throw new IOException("the download was discarded");
            }
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
            Storage.deleteQuietly(writing);
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
}
