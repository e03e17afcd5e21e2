package io.mpnet.runtime.internal.call;

import io.mpnet.policy.ApiKind;
import io.mpnet.policy.FailReason;
import io.mpnet.policy.MpNetException;
import io.mpnet.runtime.DownloadResult;
import io.mpnet.runtime.HttpResult;
import io.mpnet.runtime.NetworkEvent;
import io.mpnet.runtime.RequestEvent;
import io.mpnet.runtime.RequestProfile;
import io.mpnet.runtime.SocketProfile;
import io.mpnet.runtime.TransferEvent;
import io.mpnet.runtime.UploadResult;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;
import tools.jackson.databind.json.JsonMapper;

/**
 * The events of one watched call ({@link EventHub#watch}): what the stages and the transport tell
 * it, and what its {@code Flux} carries, turned into {@link NetworkEvent}s. The call's end is told
 * once: completed, refused (before it was admitted: nothing was sent) or failed.
 */
public final class CallEvents {

    private final EventHub hub;
    private final long id;
    private volatile long queuedAt = -1;
    private volatile boolean admitted;
    private final AtomicBoolean ended = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean(); // a socket's close, told once
    private static final JsonMapper JSON = JsonMapper.builder().build();

    CallEvents(EventHub hub, long id) {
        this.hub = hub;
        this.id = id;
    }

    /** The call's options passed (E-3, R-*): it starts, sending what {@code request} holds. */
    void started(CallRequest request) {
        hub.publish(new NetworkEvent.CallStarted(id, hub.now(), request.api(), request.method(), request.url(),
                request.headers(), preview(utf8(request.body()))));
    }

    /** The call's options were refused (E-3, R-*): it starts and ends at once, as given. */
    void refused(ApiKind api, @Nullable String method, @Nullable String url, MpNetException why) {
        hub.publish(new NetworkEvent.CallStarted(id, hub.now(), api, method == null ? "GET" : method,
                url == null ? "" : url, Map.of(), null));
        failed(why);
    }

    /** L-1: no slot was free. */
    void queued() {
        queuedAt = hub.now();
        hub.publish(new NetworkEvent.CallQueued(id, queuedAt));
    }

    /** L-1, S-4: the call has its slot. */
    void admitted() {
        admitted = true;
        long now = hub.now();
        long q = queuedAt;
        hub.publish(new NetworkEvent.CallAdmitted(id, now, q < 0 ? 0 : now - q));
    }

    /** the answer to the hop sent to {@code from} redirects the call to {@code to}, sent with {@code method}. */
    public void redirected(int status, String from, String to, String method, Map<String, String> header) {
        hub.publish(new NetworkEvent.Redirected(id, hub.now(), status, from, to, method, header));
    }

    /** The response's status and headers, and its cookies. */
    private void headers(int status, Map<String, String> header, List<String> cookies) {
        hub.publish(new NetworkEvent.ResponseHeaders(id, hub.now(), status, header, cookies));
    }

    /** The call succeeded with {@code status}. */
    private void completed(int status, @Nullable RequestProfile profile, long size, @Nullable String preview) {
        if (ended.compareAndSet(false, true)) {
            hub.publish(new NetworkEvent.CallCompleted(id, hub.now(), status, profile, size, preview));
        }
    }

    /** The call ended with {@code error}: refused when it never got a slot, failed otherwise. */
    private void failed(Throwable error) {
        if (!ended.compareAndSet(false, true)) {
            return;
        }
        if (error instanceof MpNetException m) {
            end(m, !admitted && m.reason() != FailReason.TIMEOUT && m.reason() != FailReason.INTERRUPTED);
        } else { // the boundary maps every error of a call; this is a bug's, reported as it is
            hub.publish(new NetworkEvent.CallFailed(id, hub.now(), "", String.valueOf(error), null,
                    String.valueOf(error)));
        }
    }

    /** The caller cancelled: a failure, whenever it came, as the platform's abort is. */
    private void aborted(ApiKind api) {
        if (ended.compareAndSet(false, true)) {
            end(new MpNetException(api, FailReason.ABORT, "R-8", "the caller cancelled the call"), false);
        }
    }

    private void end(MpNetException m, boolean refused) {
        OptionalInt errno = m.errno();
        Integer code = errno.isPresent() ? errno.getAsInt() : null;
        long now = hub.now();
        hub.publish(refused
                ? new NetworkEvent.CallRefused(id, now, m.rule(), m.errMsg(), code, m.explanation())
                : new NetworkEvent.CallFailed(id, now, m.rule(), m.errMsg(), code, m.explanation()));
    }

    /** connectSocket: the handshake succeeded; the call ends, the socket lives on. */
    public void opened(String protocol, Map<String, String> header, SocketProfile profile) {
        if (ended.compareAndSet(false, true)) {
            hub.publish(new NetworkEvent.SocketOpened(id, hub.now(), protocol, header, profile));
        }
    }

    /** One message on the open socket; {@code text} is the message when it is text, else {@code null}. */
    public void frame(NetworkEvent.Direction direction, @Nullable String text, int size) {
        hub.publish(new NetworkEvent.SocketFrame(id, hub.now(), direction, text != null, size,
                text == null ? "" : preview(text)));
    }

    /** The open socket closed with {@code code} and {@code reason}; told once. */
    public void socketClosed(int code, String reason) {
        if (closed.compareAndSet(false, true)) {
            hub.publish(new NetworkEvent.SocketClosed(id, hub.now(), code, reason));
        }
    }

    /** A watched connectSocket's {@code Mono}: its open, or its refusal or failure before open. */
    public <T> Mono<T> observeSocket(Mono<T> connect) {
        return connect.doOnError(this::failed).doOnCancel(() -> aborted(ApiKind.CONNECT_SOCKET));
    }

    /** What a watched HTTP call's {@code Flux} carries, told as it passes; the caller sees it unchanged. */
    public <T> Flux<T> observe(ApiKind api, Flux<T> call, boolean headersSeparately) {
        return call.doOnNext(e -> {
                    if (e instanceof RequestEvent.HeadersReceived h) {
                        headers(h.statusCode(), h.header(), h.cookies());
                    } else if (e instanceof RequestEvent.Completed c) {
                        HttpResult r = c.result();
                        if (!headersSeparately) { // request(): no header event is built; the result has them
                            headers(r.statusCode(), r.header(), r.cookies());
                        }
                        completed(r.statusCode(), r.profile(), r.data());
                    } else if (e instanceof TransferEvent.HeadersReceived h) {
                        headers(h.statusCode(), h.header(), h.cookies());
                    } else if (e instanceof TransferEvent.Progress p) {
                        hub.publish(new NetworkEvent.TransferProgress(id, hub.now(), p.progress(), p.totalBytes(),
                                p.totalBytesExpected()));
                    } else if (e instanceof TransferEvent.Completed c) {
                        if (c.result() instanceof UploadResult u) {
                            completed(u.statusCode(), u.profile(), u.data());
                        } else if (c.result() instanceof DownloadResult d) {
                            completed(d.statusCode(), d.profile(), d.size(), null);
                        }
                    }
                })
                .doOnError(this::failed)
                .doFinally(s -> {
                    if (s == SignalType.CANCEL) {
                        aborted(api);
                    } else if (s == SignalType.ON_COMPLETE) {
                        completed(0, null, 0, null); // guard: another client's exchange, whose result is its own
                    }
                });
    }

    /** A body as the caller got it ({@code String}, {@code byte[]} or parsed JSON), told once it completed. */
    private void completed(int status, @Nullable RequestProfile profile, @Nullable Object data) {
        if (data instanceof byte[] b) {
            completed(status, profile, b.length, null);
            return;
        }
        String text = text(data); // parsed JSON written out once, for both the size and the preview
        completed(status, profile, text == null ? 0 : text.getBytes(StandardCharsets.UTF_8).length, preview(text));
    }

    /** A text body as it is, a parsed JSON one as JSON again; {@code null} for none. */
    private static @Nullable String text(@Nullable Object data) {
        if (data == null || data instanceof String) {
            return (String) data;
        }
        try {
            return JSON.writeValueAsString(data);
        } catch (RuntimeException e) {
            return String.valueOf(data);
        }
    }

    /** {@code body} as UTF-8 text; {@code null} when it is empty or not such text (binary data). */
    static @Nullable String utf8(byte[] body) {
        if (body.length == 0) {
            return null;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** The start of {@code text}, at most {@value NetworkEvent#PREVIEW_CHARS} characters. */
    static @Nullable String preview(@Nullable String text) {
        return text == null || text.length() <= NetworkEvent.PREVIEW_CHARS ? text
                : text.substring(0, NetworkEvent.PREVIEW_CHARS);
    }
}
