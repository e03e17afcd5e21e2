package io.mpnet.runtime.compat;

import io.mpnet.policy.ApiKind;
import io.mpnet.policy.FailReason;
import io.mpnet.policy.MpNetException;
import io.mpnet.runtime.MiniProgramNetwork;
import io.mpnet.runtime.SocketOptions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;

/**
 * {@code wx.connectSocket} and the legacy global socket API of one {@link Wx} (S-6): the global
 * listeners and {@code sendSocketMessage}/{@code closeSocket} act on the most recently created
 * socket, as in base libraries before 1.7.0.
 */
final class WxSockets {

    private static final Map<String, String> GLOBAL_NAMES = Map.of(
            "onOpen", "onSocketOpen", "onMessage", "onSocketMessage", "onError", "onSocketError", "onClose", "onSocketClose");

    private final MiniProgramNetwork net;
    private final EventExecutor events;
    private final UnsupportedOptions unsupported;
    private final Map<String, EventListeners> global = new ConcurrentHashMap<>();
    private volatile @Nullable SocketTask newest;

    WxSockets(MiniProgramNetwork net, EventExecutor events, UnsupportedOptions unsupported) {
        this.net = net;
        this.events = events;
        this.unsupported = unsupported;
    }

    /** The executor every callback of these sockets runs on. */
    EventExecutor events() {
        return events;
    }

    /** {@code wx.connectSocket}: the task at once; {@code success} once the call is accepted, {@code fail} when refused. */
    SocketTask connect(Map<String, ?> options) {
        SocketTask task = new SocketTask(this);
        unsupported.read("connectSocket", options); // forceCellularNetwork
        SocketOptions o;
        try {
            o = toOptions(options);
        } catch (MpNetException e) {
            task.refused();
            fail("connectSocket", options, e); // a value the options builder refused, under its own rule (R-3, S-1, T-1)
            return task;
        } catch (RuntimeException e) {
            task.refused();
            fail("connectSocket", options, new MpNetException(ApiKind.CONNECT_SOCKET, FailReason.INVALID_PARAMETER,
                    "E-3", e.getMessage() == null ? e.toString() : e.getMessage(), e));
            return task;
        }
        // The options, the policy and the socket limit are judged while subscribing: an error before the
        // runtime accepts the call is its fail; a later one (the connect, P-11, TLS, the handshake) is the
        // task's error and close. success is queued when the call is accepted, before any I/O, so the
        // task's events, queued as they happen, can only follow it.
        AtomicBoolean accepted = new AtomicBoolean();
        Disposable connect = net.connectSocket(o, () -> {
                    accepted.set(true);
                    newest = task;
                    ok("connectSocket", options);
                })
                .subscribe(task::opened, e -> {
                    if (accepted.get()) {
                        task.failedToOpen(e);
                    } else {
                        task.refused();
                        fail("connectSocket", options, e);
                    }
                });
        task.connecting(connect);
        return task;
    }

    void listen(String event, Consumer<Map<String, Object>> listener) {
        global.computeIfAbsent(event, k -> new EventListeners(GLOBAL_NAMES.getOrDefault(k, k))).add(listener);
    }

    /** {@code wx.sendSocketMessage}: a send on the newest socket, queued while it opens. */
    void sendToNewest(Map<String, ?> options) {
        SocketTask t = newest;
        if (t == null) {
            fail("sendSocketMessage", options, notConnected());
        } else {
            t.send(options);
        }
    }

    /** {@code wx.closeSocket}: closes the newest socket. */
    void closeNewest(Map<String, ?> options) {
        SocketTask t = newest;
        if (t == null) {
            fail("closeSocket", options, notConnected());
        } else {
            t.close(options);
        }
    }

    /** Passes an event of {@code from} to the global listeners when it is the newest socket (S-6); on the event executor. */
    void global(SocketTask from, String event, Map<String, Object> arg) {
        EventListeners listening = global.get(event);
        if (from == newest && listening != null) {
            listening.fire(arg);
        }
    }

    /** Queues {@code success} then {@code complete} with {@code <api>:ok}. */
    void ok(String api, Map<String, ?> options) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("errMsg", api + ":ok");
        end(options, "success", m);
    }

    /** Queues {@code fail} then {@code complete} with {@code <api>:fail <reason>}. */
    void fail(String api, Map<String, ?> options, @Nullable Throwable error) {
        Map<String, Object> m = error(error);
        m.put("errMsg", api + ":fail " + reason(error).text()); // the platform names the call, not connectSocket
        end(options, "fail", m);
    }

    private void end(Map<String, ?> options, String name, Map<String, Object> res) {
        Consumer<Map<String, Object>> callback = callback(options, name);
        Consumer<Map<String, Object>> complete = callback(options, "complete");
        events.execute(() -> {
            Wx.invoke(name, callback, res);
            Wx.invoke("complete", complete, res);
        });
    }

    /** An error as the platform's map: {@code errMsg}, {@code errno} where defined, {@code rule}, {@code explanation}. */
    static Map<String, Object> error(@Nullable Throwable error) {
        MpNetException e = error instanceof MpNetException m ? m : new MpNetException(ApiKind.CONNECT_SOCKET,
                FailReason.NETWORK, "E-2", String.valueOf(error), error);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("errMsg", e.errMsg());
        e.errno().ifPresent(n -> m.put("errno", n));
        m.put("rule", e.rule());
        m.put("explanation", e.explanation());
        return m;
    }

    private static FailReason reason(@Nullable Throwable error) {
        return error instanceof MpNetException m ? m.reason() : FailReason.NETWORK;
    }

    private static MpNetException notConnected() {
        return new MpNetException(ApiKind.CONNECT_SOCKET, FailReason.NETWORK, "S-6",
                "no socket has been created; call wx.connectSocket first");
    }

    @SuppressWarnings("unchecked")
    private static @Nullable Consumer<Map<String, Object>> callback(Map<String, ?> options, String name) {
        Object c = options.get(name);
        return c instanceof Consumer<?> consumer ? (Consumer<Map<String, Object>>) consumer : null;
    }

    private static SocketOptions toOptions(Map<String, ?> options) {
        Object url = options.get("url");
        SocketOptions.Builder b = SocketOptions.builder(url == null ? null : url.toString());
        if (options.get("header") instanceof Map<?, ?> h) {
            h.forEach((k, v) -> b.header(String.valueOf(k), String.valueOf(v)));
        }
        if (options.get("protocols") instanceof List<?> p) {
            p.forEach(x -> b.protocols(String.valueOf(x)));
        }
        b.tcpNoDelay(Boolean.TRUE.equals(options.get("tcpNoDelay")));
        b.perMessageDeflate(Boolean.TRUE.equals(options.get("perMessageDeflate")));
        if (options.get("timeout") instanceof Number n) {
            b.timeout(Duration.ofMillis(n.longValue()));
        }
        return b.build();
    }
}
