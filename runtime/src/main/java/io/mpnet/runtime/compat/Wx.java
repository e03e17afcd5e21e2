package io.mpnet.runtime.compat;

import io.mpnet.policy.ApiKind;
import io.mpnet.policy.DataType;
import io.mpnet.policy.DeviceView;
import io.mpnet.policy.FailReason;
import io.mpnet.policy.MpNetException;
import io.mpnet.policy.ResponseType;
import io.mpnet.runtime.HttpResult;
import io.mpnet.runtime.MiniProgramNetwork;
import io.mpnet.runtime.NetworkState;
import io.mpnet.runtime.Redirect;
import io.mpnet.runtime.RequestEvent;
import io.mpnet.runtime.RequestOptions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;

/**
 * The wx API in its callback style over a runtime: options and results are maps with the
 * platform's names, calls start at once (as the platform's do), and every call ends in exactly one
 * of {@code success} or {@code fail}, then {@code complete}. An exception thrown by a callback is
 * logged and never harms the call, its slot or the runtime (L-2).
 *
 * <p>Files are named by the platform's virtual paths (D-6), never by real ones:
 * {@code wxfile://tmp_...} for a download's {@code tempFilePath}, {@code wxfile://store_...} for a
 * {@code savedFilePath}, and {@code wxfile://usr/...} under {@link #USER_DATA_PATH}. They map into
 * the runtime's storage directory ({@code MiniProgramNetwork.Builder.storage}); a path that is not
 * one of these, or leads out of its place ({@code ..}, an absolute path, another scheme, a symbolic
 * link pointing elsewhere), fails its call before any I/O with {@code <api>:fail parameter error}
 * and rule {@code D-6}. The Java API of {@link MiniProgramNetwork} takes real paths: its caller is trusted.
 *
 * <p>Every callback ({@code success}, {@code fail}, {@code complete} and every task's {@code on*}
 * listener) runs on this Wx's {@link #executor() event executor}, one at a time, in the order the
 * events happened, never while another runs, and never inside the call that caused it: as on the
 * platform, an event waits until the task that made the call has returned, so listeners attached
 * in that task hear every event. A host bridging JavaScript runs its own tasks there too.
 */
public final class Wx implements AutoCloseable {

    /**
     * {@code wx.env.USER_DATA_PATH}: the mini program's own directory, {@code wxfile://usr}, where
     * {@code downloadFile} and {@code saveFile} may write a {@code filePath} and which outlives the runtime.
     */
    public static final String USER_DATA_PATH = VirtualPaths.USER_DATA_PATH;

    private final MiniProgramNetwork net;
    private final EventExecutor events;
    private final WxSockets sockets;
    private final VirtualPaths paths;
    private final UnsupportedOptions unsupported = new UnsupportedOptions();
    private final EventListeners statusListeners = new EventListeners("onNetworkStatusChange");
    private final EventListeners weakListeners = new EventListeners("onNetworkWeakChange");
    private final Disposable networkWatch;

    private Wx(MiniProgramNetwork net, EventExecutor events) {
        this.net = net;
        this.events = events;
        this.sockets = new WxSockets(net, events, unsupported);
        this.paths = new VirtualPaths(net.files());
        AtomicReference<NetworkState.Status> last = new AtomicReference<>(net.networkState().status());
        this.networkWatch = net.networkState().statuses().subscribe(next -> networkChanged(last.getAndSet(next), next));
        if (events.ownsThread()) {
            net.onClose().subscribe(null, null, events::close); // its thread ends with the runtime, at the latest
        }
    }

    /**
     * The wx API of {@code net}, with callbacks on a thread of its own ({@code mpnet-events-<n>}, a
     * daemon), which {@link #close()} or the runtime's close shuts down.
     */
    public static Wx of(MiniProgramNetwork net) {
        return new Wx(Objects.requireNonNull(net, "net"), EventExecutor.ownThread());
    }

    /**
     * The wx API of {@code net}, with callbacks on {@code executor} (a host's JavaScript thread,
     * say), one at a time even when it has several threads; it stays the caller's to shut down.
     * Give {@code WxLan} the same executor, or this Wx's {@link #executor()}, to have both on one queue.
     */
    public static Wx of(MiniProgramNetwork net, Executor executor) {
        return new Wx(Objects.requireNonNull(net, "net"), EventExecutor.on(executor));
    }

    /** The event executor every callback of this Wx runs on; a host's own tasks may run there too. */
    public EventExecutor executor() {
        return events;
    }

    /**
     * Stops dispatching: callbacks already queued still run, later events are dropped. Shuts down the
     * thread of {@link #of(MiniProgramNetwork)}, never a given executor; the runtime stays open.
     */
    @Override
    public void close() {
        networkWatch.dispose();
        events.close();
    }

    /**
     * {@code wx.getNetworkType(options)} (N-5): {@code success} with {@code networkType} ({@code wifi},
     * {@code 2g}...{@code 5g}, {@code unknown}, {@code none}, as the host set it through
     * {@link MiniProgramNetwork#networkState()}) and {@code weakNet}, errMsg {@code getNetworkType:ok};
     * then {@code complete}. {@code signalStrength} and {@code hasSystemProxy} are not reported: the
     * host does not tell them.
     */
    public void getNetworkType(Map<String, ?> options) {
        NetworkState.Status s = net.networkState().status();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("errMsg", "getNetworkType:ok");
        m.put("networkType", s.type().platformName());
        m.put("weakNet", s.weak());
        end(options, m);
    }

    /**
     * {@code wx.getLocalIPAddress(options)} (N-5): {@code success} with {@code localip} and
     * {@code netmask}, the device view's LAN address ({@code MiniProgramNetwork.Builder.device});
     * {@code fail} ({@code getLocalIPAddress:fail network error}, rule N-5) when the phone has no
     * network or the device view holds no LAN IPv4 address; then {@code complete}.
     */
    public void getLocalIPAddress(Map<String, ?> options) {
        Optional<DeviceView.LocalAddress> local = net.networkState().status().connected()
                ? net.policy().device().localAddress() : Optional.empty();
        Map<String, Object> m = new LinkedHashMap<>();
        if (local.isPresent()) {
            m.put("errMsg", "getLocalIPAddress:ok");
            m.put("localip", local.get().address());
            m.put("netmask", local.get().netmask());
        } else {
            m.put("errMsg", "getLocalIPAddress:fail " + FailReason.NO_NETWORK.text());
            m.put("rule", "N-5");
            m.put("explanation", net.networkState().status().connected()
                    ? "the device view holds no LAN IPv4 address; give the runtime a device view with one"
                    : "the phone has no network (networkType none, set by the host)");
        }
        end(options, m);
    }

    /**
     * {@code wx.onNetworkStatusChange(listener)} (N-5): {@code isConnected} and {@code networkType},
     * each time the host changes the network type.
     */
    public void onNetworkStatusChange(Consumer<Map<String, Object>> listener) {
        statusListeners.add(listener);
    }

    /** {@code wx.offNetworkStatusChange(listener)}; {@code null} removes every listener. */
    public void offNetworkStatusChange(@Nullable Consumer<Map<String, Object>> listener) {
        statusListeners.remove(listener);
    }

    /**
     * {@code wx.onNetworkWeakChange(listener)} (N-5): {@code weakNet} and {@code networkType}, each time
     * the host says the network became weak or strong again.
     */
    public void onNetworkWeakChange(Consumer<Map<String, Object>> listener) {
        weakListeners.add(listener);
    }

    /** {@code wx.offNetworkWeakChange(listener)}; {@code null} removes every listener. */
    public void offNetworkWeakChange(@Nullable Consumer<Map<String, Object>> listener) {
        weakListeners.remove(listener);
    }

    private void networkChanged(NetworkState.Status before, NetworkState.Status now) {
        if (before.type() != now.type()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("isConnected", now.connected());
            m.put("networkType", now.type().platformName());
            events.execute(() -> statusListeners.fire(m));
        }
        if (before.weak() != now.weak()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("weakNet", now.weak());
            m.put("networkType", now.type().platformName());
            events.execute(() -> weakListeners.fire(m));
        }
    }

    /** Queues {@code success} or {@code fail} (by the errMsg), then {@code complete}, with {@code res}. */
    private void end(Map<String, ?> options, Map<String, Object> res) {
        String name = res.get("errMsg").toString().endsWith(":ok") ? "success" : "fail";
        Consumer<Map<String, Object>> callback = callback(options, name);
        Consumer<Map<String, Object>> complete = callback(options, "complete");
        events.execute(() -> {
            invoke(name, callback, res);
            invoke("complete", complete, res);
        });
    }

    /** {@code wx.env}: {@code USER_DATA_PATH} ({@value #USER_DATA_PATH}), read-only. */
    public Map<String, Object> env() {
        return Map.of("USER_DATA_PATH", USER_DATA_PATH);
    }

    /**
     * {@code wx.request(options)}: {@code url}, {@code method}, {@code data}, {@code header},
     * {@code dataType}, {@code responseType}, {@code timeout} (ms), {@code redirect}
     * ({@code follow}/{@code manual}), {@code enableHttp2}, {@code enableChunked}, and the callbacks
     * {@code success(res)} (statusCode, header, cookies, data, profile, {@code useHttpDNS} false,
     * errMsg {@code request:ok}),
     * {@code fail(err)} (errMsg {@code request:fail ...}, errno) and {@code complete(res|err)},
     * each a {@code Consumer<Map<String, Object>>}. {@code enableQuic}, {@code enableCache},
     * {@code enableHttpDNS}, {@code httpDNSServiceId}, {@code forceCellularNetwork} and
     * {@code useHighPerformanceMode} are read and have no effect.
     */
    public RequestTask request(Map<String, ?> options) {
        RequestTask task = new RequestTask();
        Consumer<Map<String, Object>> success = callback(options, "success");
        Consumer<Map<String, Object>> fail = callback(options, "fail");
        Consumer<Map<String, Object>> complete = callback(options, "complete");
        AtomicBoolean ended = new AtomicBoolean();
        // on the event executor, after the events that came before the end
        Consumer<Map<String, Object>> finish = res -> events.execute(() -> {
            if (ended.compareAndSet(false, true)) {
                invoke(res.get("errMsg").toString().endsWith(":ok") ? "success" : "fail",
                        res.get("errMsg").toString().endsWith(":ok") ? success : fail, res);
                invoke("complete", complete, res);
            }
        });
        unsupported.read("request", options); // read, and said once to have no effect
        RequestOptions o;
        try {
            o = toOptions(options);
        } catch (MpNetException e) {
            finish.accept(failure(e)); // a value the options builder refused, under its own rule (R-1, R-3, T-1)
            return task;
        } catch (RuntimeException e) {
            finish.accept(failure(new MpNetException(ApiKind.REQUEST, FailReason.INVALID_PARAMETER, "E-3",
                    e.getMessage() == null ? e.toString() : e.getMessage(), e)));
            return task;
        }
        AtomicReference<@Nullable HttpResult> result = new AtomicReference<>();
        Disposable running = net.exchange(o).subscribe(event -> {
            if (event instanceof RequestEvent.HeadersReceived h) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("statusCode", h.statusCode());
                m.put("header", h.header());
                m.put("cookies", h.cookies());
                events.execute(() -> task.headers(m));
            } else if (event instanceof RequestEvent.Chunk c) {
                Map<String, Object> m = Map.of("data", c.data());
                events.execute(() -> task.chunk(m));
            } else if (event instanceof RequestEvent.Completed c) {
                result.set(c.result());
            }
        }, error -> finish.accept(failure(error)), () -> {
            // success after the call has ended, so its slot is already free when user code runs
            HttpResult r = result.get();
            finish.accept(r != null ? success(r) : failure(new IllegalStateException("no result")));
        });
        task.onAbort(() -> {
            if (!ended.get()) {
                running.dispose(); // cancels the exchange, closes its connection, frees its slot
                // an end already queued (the call finished first) wins: finish runs once
                finish.accept(failure(new MpNetException(ApiKind.REQUEST, FailReason.ABORT, "R-8",
                        "the task was aborted by the caller")));
            }
        });
        return task;
    }

    /**
     * {@code wx.uploadFile(options)}: {@code url}, {@code filePath} (a virtual path: a
     * {@code tempFilePath}, a {@code savedFilePath} or a file under {@link #USER_DATA_PATH}, D-6),
     * {@code name}, {@code header}, {@code formData}, {@code timeout} (ms), and the callbacks
     * {@code success(res)} (statusCode, data, header, errMsg {@code uploadFile:ok}), {@code fail(err)}
     * and {@code complete}. The file is streamed from disk (U-1).
     */
    public UploadTask uploadFile(Map<String, ?> options) {
        unsupported.read("uploadFile", options);
        return Transfers.upload(net, paths, events, options);
    }

    /**
     * {@code wx.downloadFile(options)}: {@code url}, {@code header}, {@code filePath} (optional, under
     * {@link #USER_DATA_PATH} in an existing directory, D-6), {@code timeout} (ms), and the callbacks
     * {@code success(res)} (statusCode, {@code tempFilePath} {@code wxfile://tmp_...} or the given
     * {@code filePath}, header, errMsg {@code downloadFile:ok}), {@code fail(err)} and {@code complete}.
     * Any status succeeds (D-1); a failed or aborted download leaves no file (D-3).
     */
    public DownloadTask downloadFile(Map<String, ?> options) {
        unsupported.read("downloadFile", options);
        return Transfers.download(net, paths, events, options);
    }

    /**
     * {@code wx.saveFile(options)}: moves {@code tempFilePath} (a {@code wxfile://tmp_...}) to
     * persistent storage (D-4), or to {@code filePath} under {@link #USER_DATA_PATH} when given (as
     * {@code FileSystemManager.saveFile} does, D-6); {@code success(res)} gets {@code savedFilePath}
     * ({@code wxfile://store_...} or the given {@code filePath}) and errMsg {@code saveFile:ok},
     * {@code fail} an errMsg {@code saveFile:fail ...} with {@code rule} and {@code explanation},
     * then {@code complete}. Runs at once, on the caller's thread.
     */
    public void saveFile(Map<String, ?> options) {
        Transfers.saveFile(net, paths, events, options);
    }

    /**
     * {@code wx.connectSocket(options)} (S-1): {@code url}, {@code header}, {@code protocols} (a
     * list), {@code tcpNoDelay}, {@code perMessageDeflate}, {@code timeout} (ms), and the callbacks
     * {@code success} (the call was accepted: errMsg {@code connectSocket:ok}), {@code fail} (refused
     * by the policy, the options or the limit of five sockets, S-4) and {@code complete}. Returns the
     * task at once; a connect that fails later reports {@code onError} then {@code onClose} (1006).
     */
    public SocketTask connectSocket(Map<String, ?> options) {
        return sockets.connect(options);
    }

    /** {@code wx.onSocketOpen} (S-6): the open event of the most recently created socket. */
    public void onSocketOpen(Consumer<Map<String, Object>> listener) {
        sockets.listen("onOpen", listener);
    }

    /** {@code wx.onSocketMessage} (S-6): the messages ({@code data}) of the most recently created socket. */
    public void onSocketMessage(Consumer<Map<String, Object>> listener) {
        sockets.listen("onMessage", listener);
    }

    /** {@code wx.onSocketError} (S-6): the errors of the most recently created socket. */
    public void onSocketError(Consumer<Map<String, Object>> listener) {
        sockets.listen("onError", listener);
    }

    /**
     * {@code wx.onSocketClose} (S-6): the close ({@code code}, {@code reason}) of the most recently
     * created socket.
     */
    public void onSocketClose(Consumer<Map<String, Object>> listener) {
        sockets.listen("onClose", listener);
    }

    /** {@code wx.sendSocketMessage({data, success, fail, complete})} (S-6): a send on the newest socket, queued until it opens. */
    public void sendSocketMessage(Map<String, ?> options) {
        sockets.sendToNewest(options);
    }

    /** {@code wx.closeSocket({code, reason, success, fail, complete})} (S-6, S-3): closes the newest socket. */
    public void closeSocket(Map<String, ?> options) {
        sockets.closeNewest(options);
    }

    static void invoke(String name, @Nullable Consumer<Map<String, Object>> callback, Map<String, Object> arg) {
        EventListeners.call(name, callback, arg);
    }

    private static Map<String, Object> success(HttpResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("errMsg", "request:ok");
        m.put("statusCode", r.statusCode());
        m.put("header", r.header());
        m.put("cookies", r.cookies());
        m.put("data", r.data());
        m.put("profile", ProfileMaps.of(r.profile()));
        m.put("useHttpDNS", false); // the typings' field; mpnet never uses HttpDNS
        return m;
    }

    private static Map<String, Object> failure(Throwable error) {
        MpNetException e = error instanceof MpNetException m ? m
                : new MpNetException(ApiKind.REQUEST, FailReason.NETWORK, "E-2", error.toString(), error);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("errMsg", e.errMsg());
        e.errno().ifPresent(n -> m.put("errno", n));
        m.put("rule", e.rule());
        m.put("explanation", e.explanation());
        return m;
    }

    @SuppressWarnings("unchecked")
    private static @Nullable Consumer<Map<String, Object>> callback(Map<String, ?> options, String name) {
        Object c = options.get(name);
        return c instanceof Consumer<?> consumer ? (Consumer<Map<String, Object>>) consumer : null;
    }

    @SuppressWarnings("unchecked")
    private static RequestOptions toOptions(Map<String, ?> options) {
        Object url = options.get("url");
        RequestOptions.Builder b = RequestOptions.builder(url == null ? null : url.toString());
        if (options.get("method") != null) {
            b.method(options.get("method").toString());
        }
        b.data(options.get("data"));
        if (options.get("header") instanceof Map<?, ?> h) {
            h.forEach((k, v) -> b.header(String.valueOf(k), String.valueOf(v)));
        }
        b.dataType(dataType(options.get("dataType")));
        b.responseType(responseType(options.get("responseType")));
        if (options.get("timeout") instanceof Number n) {
            b.timeout(Duration.ofMillis(n.longValue()));
        }
        if (options.get("redirect") != null) {
            b.redirect(Redirect.valueOf(options.get("redirect").toString().toUpperCase(Locale.ROOT)));
        }
        b.enableHttp2(Boolean.TRUE.equals(options.get("enableHttp2")));
        b.enableChunked(Boolean.TRUE.equals(options.get("enableChunked")));
        return b.build();
    }

    /**
     * The platform's {@code dataType}: {@code json}, the default when absent, parses; any other
     * value, in any spelling ({@code text}, {@code JSON}, {@code ""}), leaves text, as the platform does.
     */
    static DataType dataType(@Nullable Object dataType) {
        return dataType == null || "json".equals(dataType.toString()) ? DataType.JSON : DataType.TEXT;
    }

    /** The platform's {@code responseType}: {@code arraybuffer} is raw bytes; anything else, or none, is text. */
    static ResponseType responseType(@Nullable Object responseType) {
        return responseType != null && "arraybuffer".equals(responseType.toString()) ? ResponseType.ARRAYBUFFER
                : ResponseType.TEXT;
    }
}
