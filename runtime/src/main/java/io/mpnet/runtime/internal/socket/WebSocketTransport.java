package io.mpnet.runtime.internal.socket;

import io.mpnet.runtime.internal.http.ConnectionTimings;
import io.mpnet.runtime.internal.http.AddressVetting;
import io.mpnet.runtime.internal.http.HttpTransport;
import io.mpnet.runtime.internal.http.ClientCache;
import io.mpnet.runtime.internal.http.ThrottleHandler;
import io.mpnet.runtime.internal.http.Throttling;
import io.mpnet.runtime.internal.stage.SocketGate;
import io.mpnet.runtime.internal.call.CallState;
import io.mpnet.runtime.internal.call.CallProfile;
import io.mpnet.runtime.internal.call.CallEvents;
import io.mpnet.runtime.internal.call.Failures;
import io.mpnet.runtime.internal.tls.TlsRules;
import io.mpnet.runtime.internal.call.Hop;
import io.mpnet.policy.ApiKind;
import io.mpnet.policy.FailReason;
import io.mpnet.policy.MpNetException;
import io.mpnet.policy.Target;
import io.mpnet.runtime.MpNetResources;
import io.mpnet.runtime.SocketOptions;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.resolver.NoopAddressResolverGroup;
import java.net.InetSocketAddress;
import java.security.KeyStore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.WebsocketClientSpec;

/**
 * The wire of a socket: the vetted address (P-11), TLS (X-*), the opening handshake on Reactor
 * Netty's WebSocket client. Sockets never share a connection, so they dial outside the pool.
 */
public final class WebSocketTransport {

    private static final int CONNECTING = 0;
    private static final int OPEN = 1;
    private static final int ENDED = 2;

    private final AddressVetting vetting;
    private final HttpClient plain;
    private final HttpClient tls;
    private final Throttling throttling;

    /**
     * A transport on {@code resources}' event loops, trusting {@code trustStore} (the JDK's when
     * {@code null}), checking certificates unless {@code verify} is false (urlCheck=false, P-13), its
     * sockets throttled by {@code throttling} (N-6). With the JDK's anchors, the clients are those of
     * every other runtime on {@code resources} ({@code shared}).
     */
    public WebSocketTransport(AddressVetting vetting, MpNetResources resources, ClientCache shared,
            @Nullable KeyStore trustStore, boolean verify, Throttling throttling) {
        this.vetting = vetting;
        this.throttling = throttling;
        HttpClient[] clients = trustStore == null
                ? shared.get(WebSocketTransport.class, verify,
                        () -> clients(resources, null, verify))
                : clients(resources, trustStore, verify);
        this.plain = clients[0];
        this.tls = clients[1];
    }

    /** The plain and the TLS client (shared by the runtimes on {@code resources} with the JDK's anchors). */
    private static HttpClient[] clients(MpNetResources resources, @Nullable KeyStore trustStore, boolean verify) {
        HttpClient base = HttpClient.newConnection()
                .runOn(resources.loops())
                // as for requests: every address arrives vetted, nothing is looked up again (P-11)
                .resolver(NoopAddressResolverGroup.INSTANCE)
                .followRedirect(false)
                .doOnChannelInit(ConnectionTimings.TIMES_ONLY); // the opening's connect and TLS times
        return new HttpClient[] {base, HttpTransport.secure(base, TlsRules.clientContext(trustStore, verify, false), verify)};
    }

    /**
     * Opens the socket of {@code call} on its one {@code hop} holding {@code permit}: the task once
     * the handshake succeeded, which takes the permit over and gives it back when it closes
     * ({@code WebSocketTask}); while connecting, the call's end gives it back ({@code SocketGate}),
     * before a failure is told. Cancelling before open closes the connection;
     * cancelling after it does nothing (the task owns the socket).
     */
    public Mono<WebSocketTask> open(CallState call, Hop hop, SocketOptions o, SocketGate.Permit permit) {
        return Mono.create(sink -> {
            AtomicInteger state = new AtomicInteger(CONNECTING);
            Target target = hop.target();
            // what the failures name, kept apart from the call: these callbacks live as long as the socket
            ApiKind api = call.api();
            String host = call.hostForErrors();
            CallEvents watch = call.events();
            // the opening's profile is handed to the task once: the handler below is held as long as the
            // connection is, and would otherwise hold the call's whole state for the socket's life
            AtomicReference<@Nullable CallProfile> opening = new AtomicReference<>(call.profile());
            call.profile().fetching(target.host(), 0); // the connect starts, past the gate (S-4)
            Disposable running = vetting.vet(call, target)
                    .flatMapMany(address -> client(hop, o, address).handle((in, out) -> {
                        WebSocketTask task = new WebSocketTask(target.host(), in, out, o.maxQueuedBytes(),
                                o.maxMessageBytes(), permit, watch, Objects.requireNonNull(opening.getAndSet(null)));
                        if (state.compareAndSet(CONNECTING, OPEN)) {
                            permit.handOver(); // before success, which ends the call
                            sink.success(task);
                        } else {
                            task.abandon(); // cancelled while the handshake finished: nobody holds the task
                        }
                        // the exchange lasts as long as the connection: Reactor Netty ends it when this completes
                        return task.closed();
                    }))
                    .subscribe(null, e -> {
                        if (state.compareAndSet(CONNECTING, ENDED)) {
                            sink.error(Failures.handshake(api, host, o.protocols(), e));
                        }
                        // after open, the task's events report the failure (S-5)
                    }, () -> {
                        if (state.compareAndSet(CONNECTING, ENDED)) {
                            sink.error(new MpNetException(api, FailReason.NETWORK, "S-1", "the connection to "
                                    + target.host() + " ended before the WebSocket handshake completed"));
                        }
                    });
            sink.onCancel(() -> {
                if (state.compareAndSet(CONNECTING, ENDED)) {
                    running.dispose(); // T-1 timeout or the caller's cancel: the handshake is abandoned
                }
            });
        });
    }

    /**
     * The largest frame payload for messages of at most {@code maxMessageBytes}: a little more, since a
     * compressed frame of data that does not compress is larger than its message (deflate's stored
     * blocks add 5 bytes per 64 KiB); the message itself is judged after decompression.
     */
    static int framePayloadLimit(int maxMessageBytes) {
        return (int) Math.min(Integer.MAX_VALUE, maxMessageBytes + maxMessageBytes / 8192L + 64);
    }

    private HttpClient.WebsocketReceiver<?> client(Hop hop, SocketOptions o, InetSocketAddress address) {
        Target target = hop.target();
        // S-7: Netty's own bounds, so a message is refused while it is assembled, never after: the inflater
        // stops at maxMessageBytes for one frame (a deflate bomb never grows past it), the frame decoder at
        // the frame limit; WebSocketTask's aggregator bounds the fragments of a message together.
        WebsocketClientSpec.Builder spec = WebsocketClientSpec.builder()
                .maxFramePayloadLength(framePayloadLimit(o.maxMessageBytes()))
                .maxDecompressionBufferSize(o.maxMessageBytes())
                .compress(o.perMessageDeflate());
        if (!o.protocols().isEmpty()) {
            spec.protocols(String.join(",", o.protocols()));
        }
        // Copies of the client per socket are affordable: a runtime opens at most five at once (S-4).
        HttpClient client = (target.secure() ? tls : plain)
                .remoteAddress(() -> address)
                .option(ChannelOption.TCP_NODELAY, o.tcpNoDelay());
        if (throttling.active()) {
            // N-6: the handshake carries the latency, the frames the bandwidth, for the socket's life; a
            // socket opened unthrottled stays so, and its connection holds no hook
            client = client.doOnRequest((req, conn) -> ThrottleHandler.onRequest(conn, throttling));
        }
        return client
                .headers(h -> {
                    hop.headers().forEach(h::set);
                    // the URL's authority, as for requests: a caller's Host would not match SNI or the policy's
                    // judgement, and Reactor Netty builds the handshake's URI (and Origin) from it
                    h.set(HttpHeaderNames.HOST, target.authority());
                })
                .websocket(spec.build())
                // relative: with an absolute URI Reactor Netty would dial the URL's host, not the vetted address
                .uri(target.pathAndQuery());
    }
}
