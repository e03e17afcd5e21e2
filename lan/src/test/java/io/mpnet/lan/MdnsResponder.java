package io.mpnet.lan;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import javax.jmdns.ServiceInfo;
import javax.jmdns.impl.DNSOutgoing;
import javax.jmdns.impl.DNSRecord;
import javax.jmdns.impl.HostInfo;
import javax.jmdns.impl.ServiceInfoImpl;
import javax.jmdns.impl.constants.DNSConstants;
import javax.jmdns.impl.constants.DNSRecordClass;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

/**
 * An mDNS responder in the test's own process, on a UDP socket of 127.0.0.1, that announces services
 * to the discovery's JmDNS with packets built by JmDNS's own {@link DNSOutgoing}: the answers a
 * JmDNS peer sends when it registers a service (PTR, SRV, TXT, and the A record of its host
 * 127.0.0.1) and, on {@link #withdraw}, the same records with TTL 0 (the goodbye of RFC 6762 10.1).
 * No multicast: each packet is sent to the discovery's port directly, and JmDNS takes a response
 * wherever it comes from on the link. So the discovery is tested on a machine whose loopback does not
 * multicast, and nothing leaves loopback.
 *
 * <p>The packets go to 127.0.0.2, still this machine's loopback: JmDNS 3.6.5 binds a second socket
 * to 127.0.0.1 and the mDNS port, which by the kernel's most-specific-match rule would take a
 * datagram sent to 127.0.0.1, while JmDNS reads from the socket bound to the wildcard address.
 *
 * <p>The responder answers no query (JmDNS asks the multicast group, which it does not join):
 * it repeats its announcement every {@value #REPEAT_MILLIS} ms until withdrawn, as a peer announces
 * more than once, since the test cannot know when the discovery's JmDNS has opened its socket.
 */
public final class MdnsResponder implements AutoCloseable {

    static final long REPEAT_MILLIS = 200;
    static final int TTL = 120;

    private final DatagramSocket socket;
    private final InetSocketAddress discovery;
    private final HostInfo host;
    /** The services being announced, each with its repetition. */
    private final Map<String, Disposable> announcing = new ConcurrentHashMap<>();
    private final AtomicInteger sent = new AtomicInteger();

    private MdnsResponder(DatagramSocket socket, InetSocketAddress discovery, HostInfo host) {
        this.socket = socket;
        this.discovery = discovery;
        this.host = host;
    }

    /** A responder on 127.0.0.1, a host named {@code hostName}, speaking to this JVM's JmDNS port. */
    public static MdnsResponder start(String hostName) {
        if (System.getProperty(MdnsPort.PROPERTY) == null) {
            throw new IllegalStateException("JmDNS would use the shared mDNS port 5353: MdnsPort, the launcher session"
                    + " listener that picks a free one, did not run (META-INF/services of the lan tests)");
        }
        try {
            InetAddress loopback = InetAddress.getByName("127.0.0.1");
            DatagramSocket socket = new DatagramSocket(new InetSocketAddress(loopback, 0));
            return new MdnsResponder(socket,
                    new InetSocketAddress(InetAddress.getByName("127.0.0.2"), DNSConstants.MDNS_PORT),
                    HostInfo.newHostInfo(loopback, null, hostName));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Announces the service {@code name} of {@code serviceType} ({@code _http._tcp.}) on {@code port}, until withdrawn. */
    public void announce(String serviceType, String name, int port) {
        String key = key(serviceType, name);
        byte[] packet = packet(serviceType, name, port, TTL);
        announcing.computeIfAbsent(key, k -> Flux.interval(Duration.ZERO, Duration.ofMillis(REPEAT_MILLIS))
                .subscribe(tick -> {
                    synchronized (this) { // never after the goodbye: a late announcement would bring it back
                        if (announcing.containsKey(key)) {
                            send(packet);
                        }
                    }
                }));
    }

    /** Stops announcing the service and says goodbye: its records again, with TTL 0. */
    public void withdraw(String serviceType, String name, int port) {
        Disposable repeating;
        synchronized (this) {
            repeating = announcing.remove(key(serviceType, name));
            send(packet(serviceType, name, port, 0));
        }
        if (repeating != null) {
            repeating.dispose();
        }
    }

    /** Datagrams sent so far. */
    public int sent() {
        return sent.get();
    }

    @Override
    public void close() {
        announcing.values().forEach(Disposable::dispose);
        announcing.clear();
        socket.close();
    }

    private synchronized void send(byte[] packet) {
        try {
            socket.send(new DatagramPacket(packet, packet.length, discovery));
            sent.incrementAndGet();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private byte[] packet(String serviceType, String name, int port, int ttl) {
        try {
            ServiceInfoImpl info = (ServiceInfoImpl) ServiceInfo.create(serviceType + "local.", name, port, "a test service");
            DNSOutgoing out = new DNSOutgoing(DNSConstants.FLAGS_QR_RESPONSE | DNSConstants.FLAGS_AA);
            for (DNSRecord r : info.answers(DNSRecordClass.CLASS_IN, DNSRecordClass.UNIQUE, ttl, host)) {
                out.addAnswer(r, 0);
            }
            for (DNSRecord r : host.answers(DNSRecordClass.CLASS_IN, DNSRecordClass.UNIQUE, ttl)) {
                out.addAnswer(r, 0);
            }
            return out.data();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String key(String serviceType, String name) {
        return serviceType + "/" + name;
    }
}
