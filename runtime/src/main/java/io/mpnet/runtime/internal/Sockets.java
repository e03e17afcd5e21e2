package io.mpnet.runtime.internal;

import io.mpnet.policy.ApiKind;
import io.mpnet.policy.ByteBounds;
import io.mpnet.policy.FailReason;
import io.mpnet.policy.FixedHeaders;
import io.mpnet.policy.MpNetException;
import io.mpnet.policy.RequestHeaders;
import io.mpnet.policy.SubProtocols;
import io.mpnet.runtime.SocketOptions;
import io.mpnet.runtime.SocketTask;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@code connectSocket} of one runtime: the stages a socket meets, in order, in {@link #connect}.
 * Sockets share the policy and the timeout stage with requests, but not the lifecycle (B-4: the
 * background does not interrupt them) nor the request slots: they have their own gate (S-4).
 */
public final class Sockets {

    /**
     * A {@code Runnable} in the subscriber's context under this key runs once the call is accepted:
     * past its options, the policy and the socket limit, before any I/O. The callback layer tells a
     * refused call ({@code fail}) from a failed connect (error, then close) by it, whatever thread and
     * however soon the failure comes. Not API.
     */
    public static final String ACCEPTED = "io.mpnet.socket.accepted";

    private static final byte[] NO_BODY = new byte[0];

    private final PolicyStage policy;
    private final TimeoutStage timeout;
    private final SocketGate gate;
    private final WebSocketTransport transport;
    private final FixedHeaders fixedHeaders;
    private final Set<SocketTaskImpl> live = ConcurrentHashMap.newKeySet();

    /** The sockets of a runtime with these stages, {@code slots} sockets at most, sending {@code fixedHeaders} (P-9, R-3u). */
    public Sockets(PolicyStage policy, TimeoutStage timeout, int slots, WebSocketTransport transport,
            FixedHeaders fixedHeaders) {
        this.policy = policy;
        this.timeout = timeout;
        this.gate = new SocketGate(slots);
        this.transport = transport;
        this.fixedHeaders = fixedHeaders;
    }

    /** Sockets open or opening now (S-4). */
    public int openSockets() {
        return gate.openSockets();
    }

    /** One {@code connectSocket}: cold; the task once open; failures before open are the Mono's error. */
    public Mono<SocketTask> connect(SocketOptions options) {
        return Flux.defer(() -> {
            Call call = prepare(options);
            return policy.apply(call, Flux.deferContextual(ctx -> { // P-*: judged first; a denial takes no slot, sends nothing
                SocketGate.Permit permit = gate.acquire();     // S-4: the sixth socket fails at once
                ctx.<Runnable>getOrEmpty(ACCEPTED).ifPresent(Runnable::run);
                return timeout.apply(call,                     // T-1: one deadline over connect and handshake only
                        transport.open(call, options, permit).flux()); // vetted address, TLS, handshake
            }));
        }).single().map(this::track);
    }

    /** Closes every open socket with 1001 (going away), as the runtime closes. */
    public void close() {
        live.forEach(SocketTaskImpl::goAway);
    }

    private SocketTask track(SocketTaskImpl task) {
        live.add(task);
        task.closed().subscribe(null, e -> live.remove(task), () -> live.remove(task));
        return task;
    }

    /** E-3: the options checked before anything else; a bad value fails this call alone. */
    private Call prepare(SocketOptions o) {
        ApiKind api = ApiKind.CONNECT_SOCKET;
        if (o.url() == null || o.url().isEmpty()) {
            throw new MpNetException(api, FailReason.INVALID_PARAMETER, "E-3",
                    "url is missing; give the full wss URL of a configured socket domain");
        }
        SubProtocols.check(o.protocols());
        ByteBounds.requirePositive(api, "maxQueuedBytes", o.maxQueuedBytes(), SocketOptions.DEFAULT_MAX_QUEUED_BYTES);
        ByteBounds.requirePositive(api, "maxMessageBytes", o.maxMessageBytes(), SocketOptions.DEFAULT_MAX_MESSAGE_BYTES);
        Map<String, String> headers = RequestHeaders.prepare(api, o.header(), fixedHeaders, false); // R-3, P-9, R-3u
        Call call = new Call(api, o.url(), "GET", headers, NO_BODY, o.timeout(), new CallProfile());
        // T-1 here, not in the timeout stage: that stage comes after the gate, which a bad timeout must not reach
        timeout.resolve(call);
        return call;
    }
}
