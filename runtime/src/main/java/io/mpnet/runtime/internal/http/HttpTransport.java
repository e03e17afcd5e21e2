package io.mpnet.runtime.internal.http;

import io.mpnet.runtime.internal.call.CallProfile;
import io.mpnet.runtime.internal.call.CallState;
import io.mpnet.runtime.internal.tls.TlsRules;
import io.mpnet.runtime.internal.call.Hop;
import io.mpnet.policy.MpNetException;
import io.mpnet.policy.NetworkPolicy;
import io.mpnet.policy.ResponseBody;
import io.mpnet.policy.Target;
import io.mpnet.runtime.HttpResult;
import io.mpnet.runtime.MpNetResources;
import io.mpnet.runtime.Redirect;
import io.mpnet.runtime.RequestEvent;
import io.mpnet.runtime.RequestOptions;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.resolver.NoopAddressResolverGroup;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.security.KeyStore;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLParameters;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;
import reactor.netty.http.HttpProtocol;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.HttpClientResponse;
import reactor.util.context.Context;

/**
 * The wire: one exchange (and its redirect hops) on Reactor Netty. The clients (plain, TLS, TLS with
 * h2) are built once, per resources when the runtime trusts the JDK's anchors (else per runtime); a
 * call only adds its address, headers, method and URI.
 * Redirects are followed here, not by Reactor Netty, so each hop is judged by the policy again.
 */
public final class HttpTransport {

    /**
     * What every HTTP call accepts unless the caller names its own {@code Accept-Encoding} (R-6c):
     * the encodings the platform's clients offer (captured mini-program requests show gzip and
     * deflate, with br), less {@code br}: Netty decodes Brotli only through brotli4j, native code
     * (JNI) per platform, and the one pure-Java decoder (org.brotli:dec, last released in 2017) is
     * not maintained. A server that sends br anyway is passed through undecoded, as Netty does.
     */
    static final String ACCEPT_ENCODING = "gzip, deflate";

    private static final int MAX_KEPT = 256;
    /** The longest path and query whose sender is kept: a runtime's repeated URLs are short, a long one is rare. */
    static final int MAX_KEPT_URI = 256;

    private final NetworkPolicy policy;
    private final AddressVetting vetting;
    private final Clients clients;
    private final Throttling throttling;

    /**
     * A transport on {@code resources}, trusting {@code trustStore} (the JDK's when {@code null}),
     * checking certificates unless {@code verify} is false (urlCheck=false, P-13), its exchanges
     * throttled by {@code throttling} (N-6). With the JDK's anchors, the clients are those of every
     * other runtime on {@code resources} ({@code shared}).
     */
    public HttpTransport(NetworkPolicy policy, AddressVetting vetting, MpNetResources resources,
            ClientCache shared, @Nullable KeyStore trustStore, boolean verify, Throttling throttling) {
        this.policy = policy;
        this.vetting = vetting;
        this.throttling = throttling;
        this.clients = trustStore == null
                ? shared.get(HttpTransport.class, verify, () -> Clients.of(resources, null, verify))
                : Clients.of(resources, trustStore, verify);
    }

    /**
     * The clients (plain, TLS, TLS with h2) with their hooks, the client of each dialled address and
     * the request sender of each method and path on one.
     */
    private record Clients(HttpClient plain, HttpClient tls, HttpClient tlsH2, Map<Dial, HttpClient> dialled,
            Map<Sending, HttpClient.RequestSender> senders) {

        static Clients of(MpNetResources resources, @Nullable KeyStore trustStore, boolean verify) {
            HttpClient base = HttpClient.create(resources.connectionProvider())
                    .runOn(resources.loops())
                    // Every address arrives vetted and resolved (AddressVetting); a resolver that cannot
                    // resolve guarantees nothing is looked up again between the check and the connect.
                    .resolver(NoopAddressResolverGroup.INSTANCE)
                    .followRedirect(false)
                    // R-6c: the platform's network stack hands the mini program decoded bodies only, so
                    // Netty's HttpContentDecompressor decodes gzip and deflate on every connection (h2
                    // streams too), whoever asked for them; it drops Content-Length and Content-Encoding,
                    // which describe bytes the caller never sees, so BodyBytes and download progress
                    // treat a decoded body as one of unknown length.
                    .compress(true)
                    .doOnChannelInit(ConnectionTimings.INSTALL)
                    // Per-call hooks are set once here and find their call in the subscriber context:
                    // each HttpClient setter copies the whole configuration, too costly once per call.
                    .doOnRequest((req, conn) -> {
                        OnWire wire = req.currentContextView().get(OnWire.class);
                        CallState call = wire.call();
                        call.connection(conn);
                        // The call's headers (R-3, P-9) and the Host of its current hop, for every transport
                        // sharing these clients: here rather than in a send function, so a call without a
                        // body needs none (Reactor Netty's cheaper path, as for a plain GET).
                        HttpHeaders h = req.requestHeaders();
                        h.set(HttpHeaderNames.ACCEPT_ENCODING, ACCEPT_ENCODING); // R-6c; a caller's own one wins
                        Hop hop = wire.hop();
                        hop.headers().forEach(h::set);
                        h.set(HttpHeaderNames.HOST, hop.target().authority());
                        ConnectionTimings.record(conn, call.profile());
                        ThrottleHandler.onRequest(conn, wire.throttling()); // N-6
                        call.profile().requestStarted();
                    })
                    .doAfterRequest((req, conn) -> {
                        req.currentContextView().get(OnWire.class).call().profile().requestSent();
                    }); // the response's arrival is marked where each transport receives it
            return new Clients(base,
                    secure(base, TlsRules.clientContext(trustStore, verify, false), verify),
                    secure(base, TlsRules.clientContext(trustStore, verify, true), verify)
                            .protocol(HttpProtocol.H2, HttpProtocol.HTTP11),
                    new ConcurrentHashMap<>(), new ConcurrentHashMap<>());
        }
    }

    /** {@code base} over TLS with {@code context}; without {@code verify} (P-13) the host-name check is off too. */
    public static HttpClient secure(HttpClient base, SslContext context, boolean verify) {
        return base.secure(spec -> spec.sslContext(context).handlerConfigurator(handler -> {
            if (!verify) { // P-13: urlCheck=false also skips the host-name check
                SSLParameters params = handler.engine().getSSLParameters();
                params.setEndpointIdentificationAlgorithm(null);
                handler.engine().setSSLParameters(params);
            }
        }));
    }

    /**
     * The exchange of {@code call} from its {@code first} hop, and its redirect hops: with
     * {@code events}, the headers and the chunks when asked, then the result; without, the result
     * alone. Cancel closes the connection.
     */
    public Flux<RequestEvent> exchange(CallState call, Hop first, RequestOptions options, boolean events) {
        return hop(call, first, options, events);
    }

    private Flux<RequestEvent> hop(CallState call, Hop hop, RequestOptions o, boolean events) {
        Target target = call.send(hop).target();
        InetSocketAddress known = vetting.vetWithoutLookup(call, target); // the hosts map or a literal: no lookup
        return known != null ? send(call, hop, known, o, events)
                : vetting.vet(call, target).flatMapMany(address -> send(call, hop, address, o, events));
    }

    private Flux<RequestEvent> send(CallState call, Hop hop, InetSocketAddress address, RequestOptions o,
            boolean events) {
        Target target = hop.target();
        HttpClient client = dial(!target.scheme().equals("https") ? clients.plain()
                : o.enableHttp2() ? clients.tlsH2() : clients.tls(), address);
        HttpClient.RequestSender request = sender(client, hop.method(), target.pathAndQuery());
        byte[] body = hop.body();
        call.profile().sending(body.length);
        HttpClient.ResponseReceiver<?> receiver = body.length == 0 ? request : request.send((req, out) -> {
            req.requestHeaders().set(HttpHeaderNames.CONTENT_LENGTH, body.length);
            return out.sendByteArray(Mono.just(body));
        });
        // The call lets go of the connection as soon as the body is read (see response()), which is
        // before Reactor Netty hands it back to the pool: a later abort must not close it under the
        // next call that acquires it.
        return receiver.responseConnection((res, conn) -> response(call, hop, o, events, res, conn))
                .contextWrite(ctx -> onWire(ctx, call, hop));
    }

    /**
     * The subscriber context of the exchange of {@code call}'s {@code hop}: where the shared clients'
     * hooks ({@link Clients#of}), set once rather than per call, find the call, what its hop sends and
     * its runtime's throttling.
     */
    public Context onWire(Context ctx, CallState call, Hop hop) {
        return ctx.put(OnWire.class, new OnWire(call, hop, throttling)); // one entry: the hooks run for every call
    }

    /** The call whose {@code hop} is on the wire, and its runtime's throttling, for the shared clients' hooks. */
    private record OnWire(CallState call, Hop hop, Throttling throttling) {
    }

    /**
     * The plain or TLS client dialling the vetted address of {@code target}, for the transfers
     * (UploadTransport, DownloadTransport), which share this transport's clients, hooks and vetting;
     * over TLS offering h2 when {@code http2}, as a request with {@code enableHttp2} does.
     */
    public Mono<HttpClient> client(CallState call, Target target, boolean http2) {
        HttpClient base = !target.scheme().equals("https") ? clients.plain() : http2 ? clients.tlsH2() : clients.tls();
        InetSocketAddress known = vetting.vetWithoutLookup(call, target);
        return known != null ? Mono.just(dial(base, known)) : vetting.vet(call, target).map(a -> dial(base, a));
    }

    /**
     * {@code base} dialling {@code address}. Every HttpClient setter copies the whole configuration
     * (half a kilobyte and its time), so the client of each dialled address is kept: a runtime dials
     * few (its configured domains). The key holds the host name too, since SNI and the certificate
     * check use it and InetSocketAddress equality ignores it.
     */
    private HttpClient dial(HttpClient base, InetSocketAddress address) {
        Map<Dial, HttpClient> dialled = clients.dialled();
        if (dialled.size() >= MAX_KEPT) {
            dialled.clear(); // a runtime that dials many addresses (DNS churn) pays the copies, never the memory
        }
        return dialled.computeIfAbsent(new Dial(base, address.getHostString(), address),
                d -> base.remoteAddress(() -> address));
    }

    /**
     * The request of {@code method} and {@code uri} on {@code client}. A sender is immutable and
     * reusable, and each of the two setters that make one copies the whole client configuration, so
     * the senders of a runtime's few URLs are kept like the dialled clients. The URI is relative:
     * with an absolute one Reactor Netty would dial the URL's host, not the vetted address.
     */
    private HttpClient.RequestSender sender(HttpClient client, String method, String uri) {
        Sending key = Sending.key(client, method, uri);
        if (key == null) {
            return client.request(HttpMethod.valueOf(method)).uri(uri);
        }
        Map<Sending, HttpClient.RequestSender> senders = clients.senders();
        if (senders.size() >= MAX_KEPT) {
            senders.clear();
        }
        return senders.computeIfAbsent(key, k -> k.client().request(HttpMethod.valueOf(k.method())).uri(k.uri()));
    }

    private Flux<RequestEvent> response(CallState call, Hop hop, RequestOptions o, boolean events,
            HttpClientResponse res, Connection conn) {
        call.profile().responseArrived(protocol(conn));
        String location = o.redirect() == Redirect.FOLLOW ? Redirects.location(res) : null;
        if (location != null) {
            return Redirects.follow(policy, call, hop, res, location, conn, next -> hop(call, next, o, events));
        }
        int status = res.status().code();
        HttpHeaders h = res.responseHeaders();
        RequestEvent.HeadersReceived headers = new RequestEvent.HeadersReceived(status, ResponseHeaders.of(h),
                ResponseHeaders.cookies(h));
        String contentType = h.get(HttpHeaderNames.CONTENT_TYPE);
        // request() holds the body in memory, as the platform does, up to maxResponseBytes;
        // large bodies belong to downloadFile.
        // answers to HEAD, 1xx, 204 and 304 have no body, whatever their Content-Length says
        boolean bodiless = hop.method().equals("HEAD") || status < 200 || status == 204 || status == 304;
        long declared = bodiless ? 0 : ResponseHeaders.contentLength(h); // a long: a huge declared length is not "unknown"
        ResponseLimit limit = ResponseLimit.of(call, policy.config());
        try {
            limit.declared(declared); // R-12 before the headers are reported, whichever events the caller asked for
        } catch (MpNetException e) {
            return Flux.error(e);
        }
        if (events && o.enableChunked()) {
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            Flux<RequestEvent> chunks = conn.inbound().receive().asByteArray().map(b -> {
                limit.read((long) all.size() + b.length);
                all.write(b, 0, b.length);
                return (RequestEvent) new RequestEvent.Chunk(b);
            }).doOnComplete(call::releaseConnection);
            return Flux.concat(Mono.just(headers), chunks,
                    Mono.fromCallable(() -> completed(call, o, headers, contentType, all.toByteArray())));
        }
        Mono<RequestEvent> result = conn.inbound().receive()
                .collect(() -> new BodyBytes(declared, limit), BodyBytes::add)
                .map(read -> {
                    call.releaseConnection();
                    return completed(call, o, headers, contentType, read.bytes());
                });
        return events ? Flux.concat(Mono.just(headers), result) : result.flux();
    }

    private static RequestEvent.Completed completed(CallState call, RequestOptions o, RequestEvent.HeadersReceived h,
            @Nullable String contentType, byte[] bytes) {
        CallProfile p = call.profile();
        p.responseRead(bytes.length);
        Object data = ResponseBody.data(bytes, contentType, o.dataType(), o.responseType());
        return new RequestEvent.Completed(new HttpResult(h.statusCode(), h.header(), h.cookies(), data, p.snapshot()));
    }

    /** R-10's name of the protocol an exchange on {@code conn} speaks: {@code h2} on an h2 stream, else {@code http1.1}. */
    public static String protocol(Connection conn) {
        return conn.channel() instanceof Http2StreamChannel ? "h2" : "http1.1";
    }

    /** A client variant dialling one named address. */
    private record Dial(HttpClient base, String host, InetSocketAddress address) {
    }

    /** One method and relative URI on one dialled client. */
    record Sending(HttpClient client, String method, String uri) {

        /**
         * The key of a kept sender, or {@code null} when the URI is longer than
         * {@value HttpTransport#MAX_KEPT_URI} characters: a long path or query is sent, not kept, so the keys
         * stay small whatever the URLs (UrlLength bounds the one sent).
         */
        static @Nullable Sending key(HttpClient client, String method, String uri) {
            return uri.length() <= MAX_KEPT_URI ? new Sending(client, method, uri) : null;
        }
    }

}
