package io.mpnet.lan.compat;

import io.mpnet.lan.LocalNetwork;
import io.mpnet.lan.LocalServiceEvent;
import io.mpnet.policy.ApiKind;
import io.mpnet.policy.FailReason;
import io.mpnet.policy.MpNetException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
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
 */
public final class WxLan {

    private final LocalNetwork lan;
    private final Listeners found = new Listeners("onLocalServiceFound");
    private final Listeners lost = new Listeners("onLocalServiceLost");
    private final Listeners resolveFail = new Listeners("onLocalServiceResolveFail");
    private final Listeners stopped = new Listeners("onLocalServiceDiscoveryStop");

    private WxLan(LocalNetwork lan) {
        this.lan = lan;
    }

    /** The wx LAN API of {@code lan}. */
    public static WxLan of(LocalNetwork lan) {
        return new WxLan(Objects.requireNonNull(lan, "lan"));
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
        lan.discover(type == null ? "" : type.toString()).subscribe(this::dispatch, e -> {
            MpNetException m = e instanceof MpNetException x ? x
                    : new MpNetException(ApiKind.UDP, FailReason.NETWORK, "N-1", e.toString(), e);
            if (settled.compareAndSet(false, true)) {
                end("fail", fail, complete, Listeners.failure(m)); // refused at the start
            } else {
                stopped.fire(Listeners.failure(m)); // a discovery that failed later has stopped
            }
        });
        if (settled.compareAndSet(false, true)) {
            end("success", Listeners.callback(options, "success"), complete, Listeners.ok("startLocalServiceDiscovery"));
        }
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

    /** {@code wx.onLocalServiceDiscoveryStop(listener)}: {@code serviceType} (or the failure that stopped it). */
    public void onLocalServiceDiscoveryStop(Consumer<Map<String, Object>> listener) {
        stopped.add(listener);
    }

    /** {@code wx.offLocalServiceDiscoveryStop(listener)}; {@code null} removes every listener. */
    public void offLocalServiceDiscoveryStop(@Nullable Consumer<Map<String, Object>> listener) {
        stopped.remove(listener);
    }

    /** {@code wx.createUDPSocket()}: a socket to {@link UDPSocket#bind() bind} (N-2). */
    public UDPSocket createUDPSocket() {
        return new UDPSocket(lan);
    }

    /** {@code wx.createTCPSocket()}: a socket to {@link TCPSocket#connect connect} (N-3). */
    public TCPSocket createTCPSocket() {
        return new TCPSocket(lan.createTcpSocket());
    }

    private void dispatch(LocalServiceEvent event) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("serviceType", event.serviceType());
        if (event instanceof LocalServiceEvent.Found f) {
            m.put("serviceName", f.serviceName());
            m.put("ip", f.ip());
            m.put("port", f.port());
            found.fire(m);
        } else if (event instanceof LocalServiceEvent.Lost l) {
            m.put("serviceName", l.serviceName());
            lost.fire(m);
        } else if (event instanceof LocalServiceEvent.ResolveFail r) {
            m.put("serviceName", r.serviceName());
            resolveFail.fire(m);
        } else {
            stopped.fire(m);
        }
    }

    private static void end(String name, @Nullable Consumer<Map<String, Object>> callback,
            @Nullable Consumer<Map<String, Object>> complete, Map<String, Object> res) {
        Listeners.call(name, callback, res);
        Listeners.call("complete", complete, res);
    }
}
