package io.mpnet.runtime;

import io.mpnet.policy.ApiKind;
import io.mpnet.policy.DeviceView;
import io.mpnet.policy.FixedHeaders;
import io.mpnet.policy.MpNetException;
import io.mpnet.policy.NetworkConfig;
import io.mpnet.policy.NetworkPolicy;
import io.mpnet.runtime.internal.http.AddressVetting;
import io.mpnet.runtime.internal.call.CallEvents;
import io.mpnet.runtime.internal.call.CallState;
import io.mpnet.runtime.internal.call.EventHub;
import io.mpnet.runtime.spi.TrafficEvents;
import io.mpnet.runtime.internal.stage.ConcurrencyGate;
import io.mpnet.runtime.internal.transfer.DownloadTransport;
import io.mpnet.runtime.internal.call.Hop;
import io.mpnet.runtime.internal.http.HttpTransport;
import io.mpnet.runtime.internal.http.Throttling;
import io.mpnet.runtime.internal.stage.LifecycleStage;
import io.mpnet.runtime.internal.stage.PolicyStage;
import io.mpnet.runtime.internal.call.Preparation;
import io.mpnet.runtime.internal.socket.Sockets;
import io.mpnet.runtime.internal.transfer.Storage;
import io.mpnet.runtime.internal.stage.TimeoutStage;
import io.mpnet.runtime.internal.transfer.UploadTransport;
import io.mpnet.runtime.internal.http.VettedDialing;
import io.mpnet.runtime.internal.socket.WebSocketTransport;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.client.HttpClient;

/**
 * The network of one mini program: {@code request}, {@code uploadFile}, {@code downloadFile} and
 * {@code connectSocket} under its configuration's policy, limits, timeouts and lifecycle. Calls are cold:
 * nothing happens before subscription, and cancelling a subscription aborts the call.
 * Thread-safe; close it when the mini program ends.
 *
 * <pre>{@code
 * try (MiniProgramNetwork net = MiniProgramNetwork.create(config)) {
 *     HttpResult r = net.request(RequestOptions.get("https://api.example.com/user").build()).block();
 * }
 * }</pre>
 */
public final class MiniProgramNetwork implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MiniProgramNetwork.class);

    private final NetworkConfig config;
    private final MpNetResources resources;
    private final boolean ownsResources;
    private final HostResolver resolver;
    private final NetworkPolicy policy;
    private final Lifecycle lifecycle;
    private final NetworkState network;
    // the stages of a call, in the order governed() lists them
    private final Preparation prepare;
    private final PolicyStage policyStage;
    private final LifecycleStage lifecycleStage;
    private final TimeoutStage timeoutStage;
    private final ConcurrencyGate gate;
    private final HttpTransport transport;
    // made at the first upload or download: most runtimes never make one, and idle runtimes stay small
    private volatile @Nullable UploadTransport uploads;
    private volatile @Nullable DownloadTransport downloads;
    private final Storage files;
    // made when someone first listens (events(), addEventListener, a LAN socket): most runtimes never do
    private volatile @Nullable EventHub events;
    private final Scheduler scheduler; // the clock of the events' times
    private final Sockets sockets;
    private final AddressVetting vetting;
    private final @Nullable KeyStore trust;
    // made when first asked for (most runtimes never are): a resolver group holds two maps even idle
    private @Nullable VettedDialing dialing;
    private @Nullable HttpClient httpClient;

    private final LongSupplier nanoClock;
    private Sinks.@Nullable Empty<Void> closed; // guarded by this, with isClosed
    private boolean isClosed;

    private MiniProgramNetwork(Builder b) {
        this.config = b.config;
        FixedHeaders fixedHeaders = config.fixedHeaders(); // P-9, R-3u: fixed for the runtime's life, so built once
        this.ownsResources = b.resources == null;
        this.resources = b.resources != null ? b.resources : MpNetResources.create();
        this.resolver = b.resolver != null ? b.resolver : resources.dns();
        Scheduler scheduler = b.scheduler != null ? b.scheduler : Schedulers.parallel();
        // The runtime's clock: the injected scheduler's own (virtual time in tests), else the monotonic
        // clock the parallel scheduler's delays run on.
        this.nanoClock = b.scheduler != null ? () -> scheduler.now(TimeUnit.NANOSECONDS) : System::nanoTime;
        this.policy = NetworkPolicy.of(config, b.device != null ? b.device : DeviceView.system());
        this.lifecycle = new Lifecycle(b.keepAlive);
        this.prepare = new Preparation(config, fixedHeaders);
        this.network = new NetworkState();
        this.policyStage = new PolicyStage(policy, network);
        this.lifecycleStage = new LifecycleStage(lifecycle, config.profile().backgroundGrace(), scheduler);
        this.timeoutStage = new TimeoutStage(config, scheduler, nanoClock);
        this.gate = new ConcurrencyGate(config.profile().maxConcurrentHttp(), b.rejectWhenFull);
        this.trust = b.trustStore != null ? b.trustStore : config.tls() != null ? config.tls().load() : null;
        this.vetting = new AddressVetting(policy, resolver); // one per runtime, for every transport
        Throttling throttling = new Throttling(network, scheduler, nanoClock); // N-6, shared by the transports
        this.transport = new HttpTransport(policy, vetting, resources, resources.clients, trust, config.urlCheck(),
                throttling);
        this.files = new Storage(b.storage != null ? b.storage
                : Path.of(System.getProperty("java.io.tmpdir"), "mpnet", config.appId()));
        this.scheduler = scheduler;
        this.sockets = new Sockets(prepare, policyStage, timeoutStage, config.profile().maxSockets(),
                new WebSocketTransport(vetting, resources, resources.clients, trust, config.urlCheck(), throttling));
        if (!config.urlCheck()) {
            LOG.warn("mpnet runtime for {}: urlCheck=false, so domain, TLS-version and certificate checks are OFF"
                    + " (P-13); never ship this configuration", config.appId());
        }
        prefetch();
    }

    /** A runtime with its own resources, the system's device view and DNS. */
    public static MiniProgramNetwork create(NetworkConfig config) {
        return builder(config).build();
    }

    /** A builder for a runtime of {@code config}. */
    public static Builder builder(NetworkConfig config) {
        return new Builder(config);
    }

    /**
     * One {@code wx.request}: the result once the whole body is read (R-4: any status succeeds);
     * failures are {@link MpNetException}s. Cold; cancelling aborts the exchange.
     */
    public Mono<HttpResult> request(RequestOptions options) {
        // Completed alone: no headers or chunk events are built when nobody can listen to them.
        // last(), not a bare Mono of the one event: the result goes out once the call has ended, so
        // a caller that has it (block() returns on the value) finds the call's slot already free.
        return exchange(options, false).last().map(e -> ((RequestEvent.Completed) e).result());
    }

    /**
     * One {@code wx.request} as its events: {@link RequestEvent.HeadersReceived}, then
     * {@link RequestEvent.Chunk}s when {@code enableChunked}, then {@link RequestEvent.Completed}.
     */
    public Flux<RequestEvent> exchange(RequestOptions options) {
        return exchange(options, true);
    }

    private Flux<RequestEvent> exchange(RequestOptions options, boolean events) {
        Objects.requireNonNull(options, "options");
        return Flux.defer(() -> {
            // request's hot path makes no preparation lambda unless someone listens (events())
            EventHub hub = this.events;
            CallState call = hub != null && hub.active()
                    ? hub.newCall(ApiKind.REQUEST, options.method(), options.url(), () -> prepare.request(options))
                    : new CallState(prepare.request(options));
            // the wire: vetted address, TLS, redirects re-judged by the policy
            return watched(call, governed(call, first -> transport.exchange(call, first, options, events)), events);
        });
    }

    /**
     * Runs a call made by another HTTP client (a Spring {@code WebClient}, say) under this runtime's
     * rules, as if it were a {@code wx.request}: the policy judges the options' {@code method} and
     * {@code url} first (P-*, R-1), the headers are checked and given the runtime's Referer and
     * User-Agent (R-3, P-9, R-3u), then {@code exchange} is subscribed inside the background rules
     * (B-1..B-3), the deadline over queue and exchange (T-1, T-2, the options' {@code timeout} or the
     * configured one) and the shared gate of 10 (L-1, L-2). It receives the headers to send, and must
     * end only when the whole response has been read: the slot is held until then. Its failures reach
     * the caller as {@link MpNetException}s. What the other client does on the wire is its own: for the
     * DNS-answer check (P-11) and the TLS rules (X-*), let it dial with {@link #httpClient()}.
     *
     * <pre>{@code
     * net.guard(GuardOptions.builder("GET", url).timeout(Duration.ofSeconds(5)).build(),
     *         headers -> client.get(url, headers));
     * }</pre>
     *
     * @param options the method, URL, headers and timeout of the other client's call
     * @param exchange the other client's exchange, given the checked headers with the Referer and User-Agent
     */
    public <T> Flux<T> guard(GuardOptions options, Function<Map<String, String>, ? extends Publisher<T>> exchange) {
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(exchange, "exchange");
        return Flux.defer(() -> {
            CallState call = EventHub.newCall(events, ApiKind.REQUEST, options.method(), options.url(),
                    () -> prepare.guard(options.method(), options.url(), options.header(), options.timeout()));
            // the other client's exchange; its errors leave as MpNetExceptions (E-1)
            return watched(call, governed(call, first -> Flux.<T>from(exchange.apply(first.headers()))), true);
        });
    }

    /**
     * A Reactor Netty {@link HttpClient} for another client that {@link #guard} governs (with Spring:
     * {@code new ReactorClientHttpConnector(net.httpClient())} under a {@code WebClient}), dialling as
     * this runtime's own calls do: a name is looked up in the config's {@code hosts}, else by this
     * runtime's resolver, and refused when a DNS answer is this device (P-11, before any connection,
     * and the vetted address is the one dialled); https is TLS 1.2/1.3 with a complete chain to this
     * runtime's trust store, no self-signed leaf and no distrusted CA (X-1..X-4, off with
     * urlCheck=false, P-13), on this runtime's event loops and connection pool. The failures come
     * from the resolver and the TLS handshake, wrapped by the other client; {@link #guard} turns them
     * into {@link MpNetException}s naming the rule. It judges no URL itself (P-1..P-10 are
     * {@link #guard}'s), and configuring its resolver or TLS again would undo these rules.
     * Immutable; made once per runtime.
     */
    public synchronized HttpClient httpClient() {
        HttpClient c = httpClient;
        if (c == null) {
            VettedDialing d = new VettedDialing(policy, vetting);
            c = d.client(resources, trust, config.urlCheck());
            dialing = d;
            httpClient = c;
        }
        return c;
    }

    /**
     * {@code running}, the flux of {@code call}, told to {@link #events()} as it passes when the call
     * is watched; unchanged otherwise. {@code headerEvents}: whether the transport builds a headers
     * event ({@code request()} does not: its result has the headers).
     */
    private static <T> Flux<T> watched(CallState call, Flux<T> running, boolean headerEvents) {
        CallEvents watch = call.events();
        return watch == null ? running : watch.observe(call.api(), running, headerEvents);
    }

    /**
     * {@code transport} run under the stages of an HTTP call, in the order a call meets them,
     * outermost first. The policy hands the target it allowed on as the call's first hop; the
     * transport gets it once the gate lets the call through.
     */
    private <T> Flux<T> governed(CallState call, Function<Hop, Flux<T>> transport) {
        return call.boundary(                          // ends: cut (T-2, B-2), end actions, errors as MpNetException (E-1)
               policyStage.apply(call, target ->       // P-*, then N-5 (no network): a denial takes no slot, sends nothing
               stage(call, lifecycleStage::apply,      // B-1..B-3: refused or interrupted in the background
               stage(call, timeoutStage::apply,        // T-1, T-2: one deadline over queue and exchange
               stage(call, gate::apply,                // L-1, L-2: FIFO wait for a slot, released when the call ends
               call.wire(transport, call.start(target)))))));  // the first hop, to the target the policy allowed
    }

    /**
     * One {@code wx.uploadFile} (U-1..U-3): {@code filePath} streamed from disk as the multipart part
     * {@code name}, with the {@code formData} fields; events are {@link TransferEvent.Progress}
     * (U-2), {@link TransferEvent.HeadersReceived}, then {@link TransferEvent.Completed} with an
     * {@link UploadResult}. A missing or unreadable file fails before any I/O. Cold; cancel aborts.
     * Shares the policy, lifecycle, timeout and the 10 slots with {@link #request}.
     */
    public Flux<TransferEvent> uploadFile(UploadOptions options) {
        Objects.requireNonNull(options, "options");
        return Flux.defer(() -> {
            CallState call = EventHub.newCall(events, ApiKind.UPLOAD_FILE, "POST", options.url(),
                    () -> prepare.upload(options));
            return watched(call, governed(call, first -> uploads().upload(call, first, options)), true);
        });
    }

    /**
     * One {@code wx.downloadFile} (D-1..D-5): the body streamed to a temp file of this runtime, or
     * to {@code filePath}, whatever the status; events are {@link TransferEvent.HeadersReceived}
     * (D-5), {@link TransferEvent.Progress} (D-2), then {@link TransferEvent.Completed} with a
     * {@link DownloadResult}. Abort, timeout, interruption or failure leave no file (D-3). Cold;
     * cancel aborts. Shares the policy, lifecycle, timeout and the 10 slots with {@link #request}.
     */
    public Flux<TransferEvent> downloadFile(DownloadOptions options) {
        Objects.requireNonNull(options, "options");
        return Flux.defer(() -> {
            CallState call = EventHub.newCall(events, ApiKind.DOWNLOAD_FILE, "GET", options.url(),
                    () -> prepare.download(options));
            return watched(call, governed(call, first -> downloads().download(call, first, options)), true);
        });
    }

    /**
     * {@code wx.saveFile} (D-4): moves a download's temp file to this runtime's storage directory,
     * where it outlives the runtime, and returns its new path. Blocking file I/O.
     *
     * @throws IllegalArgumentException when it is not an unsaved temp file of this runtime
     * @throws java.io.UncheckedIOException when the move fails
     */
    public Path saveFile(Path tempFilePath) {
        return files.save(Objects.requireNonNull(tempFilePath, "tempFilePath"));
    }

    /** Where this runtime keeps its temp, saved and user-data files (D-4, D-6). */
    public RuntimeFiles files() {
        return files;
    }

    /**
     * What happens in this runtime from now on, as it happens: each call's start, refusal (with its
     * rule), queueing and admission, headers, progress, and end (status and profile, or the
     * failure), and the frames of its sockets ({@link NetworkEvent}). Hot: many subscribers may
     * listen, each sees what happens while it listens. A call is reported only if it started while
     * someone listened; with nobody listening, calls build no event at all. Never slows a call: each
     * subscriber is fed on a thread of its own from a buffer of {@value EventHub#BUFFER} events, and one
     * that falls further behind loses the oldest, told by a {@link NetworkEvent.EventsDropped}.
     */
    public Flux<NetworkEvent> events() {
        return hub().events();
    }

    /**
     * Calls {@code listener} with each {@link NetworkEvent} of {@link #events()}, none dropped, on the
     * thread where it happens (often an event loop) until the answer is disposed: for metrics and
     * tracing, which must see every call. The listener must be quick and never block; one that throws
     * is logged and never fails a call. Anything slower belongs on {@link #events()}.
     */
    public Disposable addEventListener(Consumer<NetworkEvent> listener) {
        return hub().listen(Objects.requireNonNull(listener, "listener"));
    }

    /**
     * A reporter of one socket's traffic on {@link #events()}, for modules that extend this runtime
     * ({@code mpnet-lan}'s UDP and TCP sockets); not for applications.
     */
    public TrafficEvents trafficEvents() {
        EventHub hub = hub();
        return new TrafficEvents(hub::publish, hub::newId, hub::now);
    }

    private EventHub hub() {
        EventHub h = events;
        if (h == null) {
            synchronized (this) {
                h = events;
                if (h == null) {
                    h = new EventHub(() -> scheduler.now(TimeUnit.MILLISECONDS)); // epoch ms, or a test's virtual time
                    events = h;
                }
            }
        }
        return h;
    }

    /**
     * One {@code wx.connectSocket} (S-1): the open {@link SocketTask}, whose events begin with
     * {@link SocketEvent.Open}. Cold: subscribing connects, cancelling before open abandons the
     * handshake. Failures before open (the policy, the limit of open sockets S-4, the handshake
     * timeout T-1, TLS X-*, a refused handshake) are this Mono's {@link MpNetException}; after open,
     * the task's events report them.
     *
     * <p>Why a {@code Mono} rather than a task returned at once (the platform's shape, kept by
     * {@code compat.Wx}): a caller cannot send before open (S-2) by construction, a failed connect is
     * an ordinary error that {@code retryWhen} and {@code timeout} compose with, and nothing happens
     * unless subscribed, as with every other call of this runtime.
     */
    public Mono<SocketTask> connectSocket(SocketOptions options) {
        return connectSocket(options, () -> { });
    }

    /**
     * {@link #connectSocket(SocketOptions)}, running {@code accepted} once the call is past its
     * options, the policy and the limit of open sockets (S-4), before any I/O, on the subscribing
     * thread: a callback layer (the platform's {@code success} and {@code fail}) tells a refused call
     * from a failed connect by it, however soon and on whatever thread the failure comes.
     */
    public Mono<SocketTask> connectSocket(SocketOptions options, Runnable accepted) {
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(accepted, "accepted");
        return sockets.connect(options, accepted, events);
    }

    /** Sockets open or opening now, at most the profile's limit (S-4); for tests and metrics. */
    public int openSockets() {
        return sockets.openSockets();
    }

    /**
     * The runtime's monotonic clock in nanoseconds: the {@linkplain Builder#scheduler scheduler}'s
     * clock when one was given (virtual time in tests and simulators), else {@code System.nanoTime}.
     * Timeouts, the background grace and rate limits such as the LAN's N-4 count on it.
     */
    public long nanoTime() {
        return nanoClock.getAsLong();
    }

    /** The phone's network as the host sets it: its type and whether it is weak (N-5). */
    public NetworkState networkState() {
        return network;
    }

    /** The app's foreground/background state (B-1..B-3). */
    public Lifecycle lifecycle() {
        return lifecycle;
    }

    /** The configuration. */
    public NetworkConfig config() {
        return config;
    }

    /** The policy judging this runtime's calls, with its configuration and device view (P-10, P-11). */
    public NetworkPolicy policy() {
        return policy;
    }

    /** The event loops, pool and DNS this runtime uses (shared or its own). */
    public MpNetResources resources() {
        return resources;
    }

    /** The resolver for names absent from the config's {@code hosts}; its answers must pass P-11. */
    public HostResolver resolver() {
        return resolver;
    }

    /** Slots of the shared request/uploadFile/downloadFile limit free now (L-1); for tests and metrics. */
    public int availableSlots() {
        return gate.availableSlots();
    }

    /** Calls waiting for a slot now (L-1); for tests and metrics. */
    public int queuedCalls() {
        return gate.queued();
    }

    /**
     * Closes the sockets (1001, going away), deletes this runtime's temp files (D-4) and closes the
     * resources this runtime created; shared resources stay open for their owner to close.
     */
    @Override
    public void close() {
        release();
        files.close();
        if (ownsResources) {
            resources.close();
        }
    }

    /**
     * What {@link #close()} does, without blocking the subscribing thread (as Reactor Netty's
     * {@code disposeLater()}): cold, nothing happens before subscription; closes the sockets (1001),
     * deletes the temp files (D-4) on {@code Schedulers.boundedElastic()}, then disposes the resources
     * this runtime created, and completes when all is done. Shared resources stay open for their owner.
     * Subscribe to it from any thread, an event loop or a {@code Schedulers.parallel()} worker included.
     */
    public Mono<Void> disposeLater() {
        return Mono.defer(() -> {
            release();
            // deleting files is blocking I/O: never on the subscriber's thread, which may be an event loop
            Mono<Void> deleted = Mono.<Void>fromRunnable(files::close).subscribeOn(Schedulers.boundedElastic());
            return ownsResources ? deleted.then(resources.disposeLater()) : deleted;
        });
    }

    /**
     * Completes when this runtime is being closed ({@link #close()} or {@link #disposeLater()}), once
     * its sockets were told to go away: what lives as long as the runtime (a {@code compat.Wx}'s
     * event thread) ends with it. Completes at once for a closed runtime.
     */
    public synchronized Mono<Void> onClose() {
        if (isClosed) {
            return Mono.empty();
        }
        Sinks.Empty<Void> c = closed;
        if (c == null) { // made when first asked: most runtimes never are
            c = Sinks.empty();
            closed = c;
        }
        return c.asMono();
    }

    /** The part of closing that never blocks: sockets told to go away, the dialing and the background watch dropped. */
    private void release() {
        sockets.close();
        synchronized (this) {
            isClosed = true;
            Sinks.Empty<Void> c = closed;
            if (c != null) {
                c.tryEmitEmpty(); // a second close finds it done: nothing to signal again
            }
            VettedDialing d = dialing;
            if (d != null) {
                d.close(); // its resolvers hold nothing to free; closing forgets them
            }
        }
        lifecycleStage.dispose();
    }

    /** One stage of the pipeline: every stage works on any element type. */
    private interface Stage {
        <T> Flux<T> apply(CallState call, Flux<T> upstream);
    }

    private static <T> Flux<T> stage(CallState call, Stage stage, Flux<T> upstream) {
        return upstream.transform(f -> stage.apply(call, f));
    }

    /** The runtime's clock in milliseconds, rating transfer progress (made into a supplier only by a first transfer). */
    private long clockMillis() {
        return nanoClock.getAsLong() / 1_000_000;
    }

    private UploadTransport uploads() {
        UploadTransport u = uploads;
        if (u == null) { // two first uploads may both make one; either stands
            u = new UploadTransport(transport, policy, this::clockMillis);
            uploads = u;
        }
        return u;
    }

    private DownloadTransport downloads() {
        DownloadTransport d = downloads;
        if (d == null) { // two first downloads may both make one; either stands
            d = new DownloadTransport(transport, policy, files, this::clockMillis);
            downloads = d;
        }
        return d;
    }

    /** P-14: names resolved once at start so the DNS cache holds them; a failure is logged, not fatal. */
    private void prefetch() {
        for (String host : config.prefetchDns()) {
            if (config.hosts().containsKey(host)) {
                continue;
            }
            resolver.resolve(host).subscribe(
                    all -> LOG.debug("prefetchDns {} -> {}", host, all),
                    e -> LOG.warn("prefetchDns {} failed (P-14); calls will look it up again: {}", host, e.toString()));
        }
    }

    /** Builds a {@link MiniProgramNetwork}; each setter returns this builder. */
    public static final class Builder {
        private final NetworkConfig config;
        private @Nullable MpNetResources resources;
        private @Nullable DeviceView device;
        private @Nullable HostResolver resolver;
        private @Nullable KeyStore trustStore;
        private @Nullable Scheduler scheduler;
        private boolean rejectWhenFull;
        private boolean keepAlive;
        private @Nullable Path storage;

        private Builder(NetworkConfig config) {
            this.config = Objects.requireNonNull(config, "config");
        }

        /** Shared event loops, pool and DNS; the runtime will not close them. Default: its own. */
        public Builder resources(MpNetResources resources) {
            this.resources = resources;
            return this;
        }

        /** The device's addresses and subnets (P-10, P-11). Default: {@link DeviceView#system()}. */
        public Builder device(DeviceView device) {
            this.device = device;
            return this;
        }

        /** The resolver for names absent from the config's {@code hosts}. Default: the resources' DNS. */
        public Builder resolver(HostResolver resolver) {
            this.resolver = resolver;
            return this;
        }

        /** A trust store instead of the config's {@code tls} and the JDK's. */
        public Builder trustStore(KeyStore trustStore) {
            this.trustStore = trustStore;
            return this;
        }

        /**
         * The scheduler timing timeouts, the background grace and progress events, whose {@code now()} is
         * then the runtime's clock (a virtual one in tests). Default: parallel, on {@code System.nanoTime}.
         */
        public Builder scheduler(Scheduler scheduler) {
            this.scheduler = scheduler;
            return this;
        }

        /** L-1 old mode: fail a call at once when every slot is taken, instead of queueing it. */
        public Builder rejectWhenFull(boolean rejectWhenFull) {
            this.rejectWhenFull = rejectWhenFull;
            return this;
        }

        /** B-3: start with the pinned-chat exemption from background interruption. */
        public Builder keepAlive(boolean keepAlive) {
            this.keepAlive = keepAlive;
            return this;
        }

        /**
         * The directory of this runtime's files (D-4, D-6): temp files of downloads in a
         * subdirectory {@code tmp-<random>/} deleted on close, saved files in {@code saved/}, and
         * {@code usr/}, the {@code wx.env.USER_DATA_PATH} ({@code wxfile://usr}) of {@code compat.Wx}.
         * Default: {@code <java.io.tmpdir>/mpnet/<appId>}.
         */
        public Builder storage(Path storage) {
            this.storage = Objects.requireNonNull(storage, "storage");
            return this;
        }

        /**
         * The runtime. Reads the trust store now, so a bad one fails here, not on the first call (C-2).
         *
         * @throws IllegalArgumentException naming the unreadable trust store
         */
        public MiniProgramNetwork build() {
            return new MiniProgramNetwork(this);
        }
    }
}
