package io.mpnet.lan;

import io.mpnet.policy.FailReason;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import javax.jmdns.JmDNS;
import javax.jmdns.ServiceEvent;
import javax.jmdns.ServiceInfo;
import javax.jmdns.ServiceListener;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * One running mDNS discovery of one service type (N-1): a JmDNS responder per local address,
 * started on subscription and closed (threads and sockets) on stop or cancel. JmDNS reports a
 * service first by name, then resolved; a name not resolved within the timeout is a ResolveFail.
 */
final class Discovery implements ServiceListener {

    // RFC 6335 service names: 1-15 letters, digits and inner hyphens; then the protocol label
    private static final Pattern TYPE = Pattern.compile("_[a-z0-9](?:[a-z0-9-]{0,13}[a-z0-9])?\\._(?:tcp|udp)\\.?");
    private static final AtomicInteger IDS = new AtomicInteger();

    private final String serviceType;
    private final String jmdnsType;
    private final List<InetAddress> addresses;
    private final Duration resolveTimeout;
    private final Scheduler timer;
    private final String name = "mpnet-mdns-" + IDS.incrementAndGet();
    private final List<JmDNS> responders = new ArrayList<>();
    private final Map<String, String> found = new ConcurrentHashMap<>();
    private final Map<String, Disposable> resolving = new ConcurrentHashMap<>();
    private final AtomicBoolean shut = new AtomicBoolean();
    private final Sinks.Empty<Void> closed = Sinks.empty();
    // start and close run one after the other on this worker: a close never misses a responder being made
    private final Scheduler.Worker worker = Schedulers.boundedElastic().createWorker();
    private volatile @Nullable FluxSink<LocalServiceEvent> sink;

    Discovery(String serviceType, String key, List<InetAddress> addresses, Duration resolveTimeout, Scheduler timer) {
        this.serviceType = serviceType;
        this.jmdnsType = key + "local.";
        this.addresses = addresses;
        this.resolveTimeout = resolveTimeout;
        this.timer = timer;
    }

    /**
     * The normal form of a service type ({@code _http._tcp.}), the key of "one discovery per type".
     *
     * @throws LocalServiceException naming the bad value and the expected form
     */
    static String checkType(@Nullable String serviceType) {
        String lower = serviceType == null ? "" : serviceType.toLowerCase(Locale.ROOT);
        if (!TYPE.matcher(lower).matches()) {
            throw new LocalServiceException("startLocalServiceDiscovery", "invalid param", FailReason.INVALID_PARAMETER,
                    "serviceType: " + (serviceType == null ? "null" : "'" + serviceType + "'") + " is not a service"
                            + " type; give '_<service>._tcp.' or '_<service>._udp.', such as '_http._tcp.' (a service"
                            + " name of 1-15 letters, digits and inner hyphens)", null);
        }
        return lower.endsWith(".") ? lower : lower + ".";
    }

    Flux<LocalServiceEvent> run() {
        return Flux.<LocalServiceEvent>create(s -> {
            sink = s;
            s.onDispose(this::shutdown);
            // JmDNS.create opens sockets and starts threads: not on the caller's (maybe event-loop) thread
            worker.schedule(() -> start(s));
        });
    }

    /** Ends the discovery with Stop; completes once the responders are closed. */
    Mono<Void> stop() {
        FluxSink<LocalServiceEvent> s = sink;
        if (s != null && !shut.get()) {
            s.next(new LocalServiceEvent.Stop(serviceType));
            s.complete(); // runs shutdown through onDispose
        } else {
            shutdown();
        }
        return closed.asMono();
    }

    private void start(FluxSink<LocalServiceEvent> s) {
        try {
            for (InetAddress a : addresses) {
                if (shut.get()) {
                    return; // stopped before it started: the close that follows has nothing to close
                }
                JmDNS j = JmDNS.create(a, name);
                synchronized (responders) {
                    responders.add(j);
                }
                j.addServiceListener(jmdnsType, this);
            }
        } catch (IOException | RuntimeException e) {
            s.error(new LocalServiceException("startLocalServiceDiscovery", "network error", FailReason.NETWORK,
                    "mDNS cannot start on " + addresses + " (" + e.getMessage() + "); check that the interface is up"
                            + " and allows multicast", e));
        }
    }

    private void shutdown() {
        if (!shut.compareAndSet(false, true)) {
            return;
        }
        resolving.values().forEach(Disposable::dispose);
        worker.schedule(() -> {
            List<JmDNS> all;
            synchronized (responders) {
                all = List.copyOf(responders);
                responders.clear();
            }
            for (JmDNS j : all) {
                try {
                    j.removeServiceListener(jmdnsType, this);
                    j.close(); // stops its threads and closes its multicast socket
                } catch (IOException | RuntimeException e) {
                    // closing is best effort; the responder is abandoned either way
                }
            }
            closed.tryEmitEmpty();
            worker.dispose();
        });
    }

    @Override
    public void serviceAdded(ServiceEvent event) {
        String service = event.getName();
        if (found.containsKey(service) || shut.get()) {
            return;
        }
        resolving.computeIfAbsent(service, n -> timer.schedule(() -> {
            if (resolving.remove(n) != null && !found.containsKey(n)) {
                emit(new LocalServiceEvent.ResolveFail(serviceType, n));
            }
        }, resolveTimeout.toMillis(), TimeUnit.MILLISECONDS));
        JmDNS dns = event.getDNS();
        if (dns != null) { // always there from JmDNS; absent only in a listener test
            dns.requestServiceInfo(event.getType(), service, true); // answers come to serviceResolved
        }
    }

    @Override
    public void serviceResolved(ServiceEvent event) {
        ServiceInfo info = event.getInfo();
        InetAddress[] v4 = info.getInet4Addresses();
        InetAddress[] any = v4.length > 0 ? v4 : info.getInetAddresses();
        if (any.length == 0 || info.getPort() <= 0) {
            return; // not resolved yet: the ResolveFail timer decides
        }
        String ip = any[0].getHostAddress();
        String where = ip + ":" + info.getPort();
        Disposable timer = resolving.remove(event.getName());
        if (timer != null) {
            timer.dispose();
        }
        if (!where.equals(found.put(event.getName(), where))) { // each responder may report it: once per change
            emit(new LocalServiceEvent.Found(serviceType, event.getName(), ip, info.getPort()));
        }
    }

    @Override
    public void serviceRemoved(ServiceEvent event) {
        Disposable timer = resolving.remove(event.getName());
        if (timer != null) {
            timer.dispose();
        }
        if (found.remove(event.getName()) != null || timer != null) {
            emit(new LocalServiceEvent.Lost(serviceType, event.getName()));
        }
    }

    private void emit(LocalServiceEvent event) {
        FluxSink<LocalServiceEvent> s = sink;
        if (s != null && !shut.get()) {
            s.next(event);
        }
    }

    /** This discovery's JmDNS responders as they are now (a seam for tests: see LocalNetwork.mdnsResponders). */
    List<JmDNS> responders() {
        synchronized (responders) {
            return List.copyOf(responders);
        }
    }

    /** The JmDNS host name of this discovery's responders, which names their threads too. */
    String name() {
        return name;
    }
}
