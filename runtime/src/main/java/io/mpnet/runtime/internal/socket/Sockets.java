package io.mpnet.runtime.internal.socket;

import io.mpnet.runtime.internal.stage.TimeoutStage;
import io.mpnet.runtime.internal.call.Preparation;
import io.mpnet.runtime.internal.stage.PolicyStage;
import io.mpnet.runtime.internal.stage.SocketGate;
import io.mpnet.runtime.internal.call.CallEvents;
import io.mpnet.runtime.internal.call.CallState;
import io.mpnet.runtime.internal.call.EventHub;
import io.mpnet.policy.ApiKind;
import io.mpnet.runtime.SocketEvent;
import org.jspecify.annotations.Nullable;
import io.mpnet.runtime.SocketOptions;
import io.mpnet.runtime.SocketTask;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@code connectSocket} of one runtime: the stages a socket meets, in order, in {@link #connect},
 * in the same shape and order as an HTTP call's. Sockets share the preparation, the policy and the
 * timeout stage with requests, but not the lifecycle (B-4: the background does not interrupt them)
 * nor the request slots: they have their own gate (S-4).
 */
public final class Sockets {

    private final Preparation prepare;
    private final PolicyStage policyStage;
    private final TimeoutStage timeoutStage;
    private final SocketGate gate;
    private final WebSocketTransport transport;
    private final Set<WebSocketTask> live = ConcurrentHashMap.newKeySet();

    /** The sockets of a runtime with these stages, {@code slots} sockets at most. */
    public Sockets(Preparation prepare, PolicyStage policyStage, TimeoutStage timeoutStage,
            int slots, WebSocketTransport transport) {
        this.prepare = prepare;
        this.policyStage = policyStage;
        this.timeoutStage = timeoutStage;
        this.gate = new SocketGate(slots);
        this.transport = transport;
    }

    /** Sockets open or opening now (S-4). */
    public int openSockets() {
        return gate.openSockets();
    }

    /**
     * One {@code connectSocket}: cold; the task once open; failures before open are the Mono's error.
     * {@code accepted} runs once the call is past its options, the policy and the socket limit (S-4),
     * before any I/O: a callback layer tells a refused call from a failed connect by it.
     * {@code events} is the runtime's event hub, {@code null} until someone has listened.
     *
     * <p>The timeout comes before the gate, as for HTTP; a socket's gate has no queue, so its deadline
     * covers the connect and the handshake only (T-1), and ends once the socket is open: the open
     * socket has none.
     */
    public Mono<SocketTask> connect(SocketOptions options, Runnable accepted, @Nullable EventHub events) {
        return Mono.defer(() -> {
            // E-3, S-1, S-7, R-3, T-1: every option first; the call is watched when someone listens (events())
            CallState call = EventHub.newCall(events, ApiKind.CONNECT_SOCKET, "GET", options.url(),
                    () -> prepare.socket(options));
            CallEvents watch = call.events();
            Mono<SocketTask> open = call.boundary(                      // ends: cut (T-2), end actions, errors as MpNetException
                   policyStage.apply(call, target ->   // P-*, then N-5 (no network): a denial takes no slot, sends nothing
                   timeoutStage.apply(call,            // T-1: one deadline over connect and handshake only
                   gate.apply(call, permit -> {        // S-4: the sixth socket fails at once
                       accepted.run();                 // the caller's hook: past the refusals, before any I/O
                       // vetted address, TLS, handshake
                       return transport.open(call, call.start(target), options, permit).flux();
                   })))).single().map(task -> track(task, watch));
            return watch == null ? open : watch.observeSocket(open);
        });
    }

    /** Closes every open socket with 1001 (going away), as the runtime closes. */
    public void close() {
        live.forEach(WebSocketTask::goAway);
    }

    private SocketTask track(WebSocketTask task, @Nullable CallEvents watch) {
        if (watch != null) {
            SocketEvent.Open o = task.opening();
            watch.opened(o.protocol(), o.header(), o.profile());
        }
        live.add(task);
        task.closed().subscribe(null, e -> live.remove(task), () -> live.remove(task));
        return task;
    }
}
