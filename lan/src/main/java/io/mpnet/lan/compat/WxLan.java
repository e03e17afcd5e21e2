package io.mpnet.lan.compat;

import io.mpnet.lan.LocalNetwork;
import io.mpnet.lan.LocalServiceEvent;
import io.mpnet.policy.ApiKind;
import io.mpnet.policy.FailReason;
import io.mpnet.policy.MpNetException;
import io.mpnet.runtime.compat.EventExecutor;
import io.mpnet.runtime.compat.EventListeners;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * The wx LAN API in its callback style over a {@link LocalNetwork}: local service discovery
 * ({@code startLocalServiceDiscovery}, {@code stopLocalServiceDiscovery} and its four events) and
 * {@code createUDPSocket}, {@code createTCPSocket}. Options and results are maps with the platform's
 * names; every call with callbacks ends in exactly one of {@code success} or {@code fail}, then
 * {@code complete}. A callback or listener that throws is logged and harms nothing.
 *
 * <p>Every callback and listener runs on one {@link EventExecutor}, one at a time, in the order the
 * events happened, after the task that caused them has returned (as {@code compat.Wx}'s do): a
 * listener attached in the task that made the call, or created the socket, hears every event.
 */
public final class WxLan implements AutoCloseable {

    /** The {@code errMsg} of {@code onLocalServiceDiscoveryStop} for a discovery that stopped without failing. */
    public static final String STOPPED = "onLocalServiceDiscoveryStop:ok";

    private final LocalNetwork lan;
    private final EventExecutor events;
    private final EventListeners found = new EventListeners("onLocalServiceFound");
    private final EventListeners lost = new EventListeners("onLocalServiceLost");
    private final EventListeners resolveFail = new EventListeners("onLocalServiceResolveFail");
    private final EventListeners stopped = new EventListeners("onLocalServiceDiscoveryStop");

    private WxLan(LocalNetwork lan, EventExecutor events) {
        this.lan = lan;
        this.events = events;
    }

    /**
     * The wx LAN API of {@code lan}, with callbacks on a daemon thread of its own that {@link #close()}
     * shuts down. A host that also uses {@code compat.Wx} gives both one executor instead:
     * {@code WxLan.of(lan, wx.executor())}.
     */
    public static WxLan of(LocalNetwork lan) {
        return new WxLan(Objects.requireNonNull(lan, "lan"), EventExecutor.ownThread());
    }

    /**
     * The wx LAN API of {@code lan}, with callbacks on {@code executor}, one at a time even when it has
     * several threads; it stays the caller's to shut down. A {@code Wx}'s {@code executor()} puts
     * both APIs on one queue.
     */
    public static WxLan of(LocalNetwork lan, Executor executor) {
        return new WxLan(Objects.requireNonNull(lan, "lan"), EventExecutor.on(executor));
    }

    /** The event executor every callback of this WxLan runs on. */
    public EventExecutor executor() {
        return events;
    }

    /**
     * Stops dispatching: callbacks already queued still run, later events are dropped. Shuts down the
     * thread of {@link #of(LocalNetwork)}, never a given executor; the LAN stays open.
     */
    @Override
    public void close() {
        events.close();
    }

    /**
     * {@code wx.startLocalServiceDiscovery(options)}: {@code serviceType} (such as
     * {@code _http._tcp.}) and the callbacks {@code success}, {@code fail}, {@code complete}. The
     * services come to the {@code onLocalService*} listeners (N-1). Fails with
     * {@code startLocalServiceDiscovery:fail invalid param} for a malformed type and
     * {@code ...:fail scan task already exist} while that type is being discovered.
     */
    public void startLocalServiceDiscovery(Map<String, ?> options) {
        Object type = options.get("serviceType");
        AtomicBoolean settled = new AtomicBoolean();
        Consumer<Map<String, Object>> fail = Listeners.callback(options, "fail");
        Consumer<Map<String, Object>> complete = Listeners.callback(options, "complete");
        // success is queued before the first event, which may come on another thread before subscribe returns
        Runnable started = () -> {
            if (settled.compareAndSet(false, true)) {
                end("success", Listeners.callback(options, "success"), complete, Listeners.ok("startLocalServiceDiscovery"));
            }
        };
        lan.discover(type == null ? "" : type.toString()).subscribe(event -> {
            started.run();
            dispatch(event);
        }, e -> {
            MpNetException m = e instanceof MpNetException x ? x
                    : new MpNetException(ApiKind.UDP, FailReason.NETWORK, "N-1", e.toString(), e);
            if (settled.compareAndSet(false, true)) {
                end("fail", fail, complete, Listeners.failure(m)); // refused at the start
            } else {
                Map<String, Object> failure = Listeners.failure(m); // a discovery that failed later has stopped
                events.execute(() -> stopped.fire(failure));
            }
        });
        started.run();
    }

    /**
     * {@code wx.stopLocalServiceDiscovery(options)}: stops the discovery of {@code serviceType}, or
     * every discovery when none is given; {@code success} once stopped, {@code fail}
     * ({@code stopLocalServiceDiscovery:fail task not found}) when none runs.
     */
    public void stopLocalServiceDiscovery(Map<String, ?> options) {
        Consumer<Map<String, Object>> complete = Listeners.callback(options, "complete");
        Object type = options.get("serviceType");
        Mono<Void> stop = type != null ? lan.stopDiscovery(type.toString()) : lan.stopDiscoveries();
        stop.subscribe(v -> { },
                e -> end("fail", Listeners.callback(options, "fail"), complete,
                        Listeners.failure((MpNetException) e)),
                () -> end("success", Listeners.callback(options, "success"), complete,
                        Listeners.ok("stopLocalServiceDiscovery")));
    }

    /** {@code wx.onLocalServiceFound(listener)}: {@code serviceType}, {@code serviceName}, {@code ip}, {@code port}. */
    public void onLocalServiceFound(Consumer<Map<String, Object>> listener) {
        found.add(listener);
    }

    /** {@code wx.offLocalServiceFound(listener)}; {@code null} removes every listener. */
    public void offLocalServiceFound(@Nullable Consumer<Map<String, Object>> listener) {
        found.remove(listener);
    }

    /** {@code wx.onLocalServiceLost(listener)}: {@code serviceType}, {@code serviceName}. */
    public void onLocalServiceLost(Consumer<Map<String, Object>> listener) {
        lost.add(listener);
    }

    /** {@code wx.offLocalServiceLost(listener)}; {@code null} removes every listener. */
    public void offLocalServiceLost(@Nullable Consumer<Map<String, Object>> listener) {
        lost.remove(listener);
    }

    /** {@code wx.onLocalServiceResolveFail(listener)}: {@code serviceType}, {@code serviceName}. */
    public void onLocalServiceResolveFail(Consumer<Map<String, Object>> listener) {
        resolveFail.add(listener);
    }

    /** {@code wx.offLocalServiceResolveFail(listener)}; {@code null} removes every listener. */
    public void offLocalServiceResolveFail(@Nullable Consumer<Map<String, Object>> listener) {
        resolveFail.remove(listener);
    }

    /**
     * {@code wx.onLocalServiceDiscoveryStop(listener)}: {@code errMsg} ({@value #STOPPED} for a
     * discovery stopped by {@code stopLocalServiceDiscovery} or its end, else the failure's, with its
     * {@code errno}, {@code rule} and {@code explanation}) and {@code serviceType}.
     */
    public void onLocalServiceDiscoveryStop(Consumer<Map<String, Object>> listener) {
        stopped.add(listener);
    }

    /** {@code wx.offLocalServiceDiscoveryStop(listener)}; {@code null} removes every listener. */
    public void offLocalServiceDiscoveryStop(@Nullable Consumer<Map<String, Object>> listener) {
        stopped.remove(listener);
    }

    /** {@code wx.createUDPSocket()}: a socket to {@link UDPSocket#bind() bind} (N-2). */
    public UDPSocket createUDPSocket() {
        return new UDPSocket(lan, events);
    }

    /** {@code wx.createTCPSocket()}: a socket to {@link TCPSocket#connect connect} (N-3). */
    public TCPSocket createTCPSocket() {
        return new TCPSocket(lan.createTcpSocket(), events);
    }

    private void dispatch(LocalServiceEvent event) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (event instanceof LocalServiceEvent.Stop) {
            m.put("errMsg", STOPPED); // the typings give the stop event an errMsg (GeneralCallbackResult)
        }
        m.put("serviceType", event.serviceType());
        if (event instanceof LocalServiceEvent.Found f) {
            m.put("serviceName", f.serviceName());
            m.put("ip", f.ip());
            m.put("port", f.port());
            events.execute(() -> found.fire(m));
        } else if (event instanceof LocalServiceEvent.Lost l) {
            m.put("serviceName", l.serviceName());
            events.execute(() -> lost.fire(m));
        } else if (event instanceof LocalServiceEvent.ResolveFail r) {
            m.put("serviceName", r.serviceName());
            events.execute(() -> resolveFail.fire(m));
        } else {
            events.execute(() -> stopped.fire(m));
        }
    }

    /** Queues {@code callback}, then {@code complete}, with {@code res}. */
    private void end(String name, @Nullable Consumer<Map<String, Object>> callback,
            @Nullable Consumer<Map<String, Object>> complete, Map<String, Object> res) {
        events.execute(() -> {
            Listeners.call(name, callback, res);
            Listeners.call("complete", complete, res);
        });
    }
}
