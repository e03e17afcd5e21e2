package io.mpnet.lan.compat;

import static org.assertj.core.api.Assertions.assertThat;

import io.mpnet.lan.LanTest;
import io.mpnet.lan.LocalNetwork;
import io.mpnet.runtime.MiniProgramNetwork;
import io.mpnet.runtime.NetworkEvent;
import io.mpnet.testing.Await;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.netty.Connection;
import reactor.netty.DisposableServer;

/**
 * The LAN sockets under the event model of compat: the host's code runs as tasks on a
 * JavaScript-like executor (two threads, random yields before each task and inside each callback),
 * a socket is made and used in one task and its listeners attached at the end of that task, after
 * its events have happened. Every event must still arrive, in order, and no two callbacks or tasks
 * may run at once.
 */
class WxLanEventExecutorTest extends LanTest {

    private final ExecutorService pool = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "js-host");
        t.setDaemon(true);
        return t;
    });
    private final Random random = new Random(5);
    private final AtomicInteger running = new AtomicInteger();
    private final List<String> violations = new CopyOnWriteArrayList<>();
    private final BlockingQueue<String> events = new LinkedBlockingQueue<>();
    private final List<Map<String, Object>> args = new CopyOnWriteArrayList<>();
    private WxLan wx;
    private final AtomicInteger received = new AtomicInteger(); // LAN reads the runtime reported

    @AfterEach
    void stopHost() {
        if (wx != null) {
            wx.close();
        }
        pool.shutdownNow();
    }

    private WxLan wx() {
        MiniProgramNetwork net = runtime(lanConfig().build());
        Disposable listening = net.addEventListener(e -> {
            if (e instanceof NetworkEvent.LanTraffic t && t.direction() == NetworkEvent.Direction.RECEIVED) {
                received.incrementAndGet();
            }
        });
        toClose.add(listening::dispose);
        LocalNetwork lan = LocalNetwork.builder(net).bindAddress(LOOPBACK).build();
        toClose.add(lan);
        wx = WxLan.of(lan, task -> pool.execute(() -> {
            pause();
            task.run();
        }));
        return wx;
    }

    /** The injected delay: a random number of yields, so the threads interleave differently from run to run. */
    private void pause() {
        int yields;
        synchronized (random) {
            yields = random.nextInt(200);
        }
        for (int i = 0; i < yields; i++) {
            Thread.yield();
        }
    }

    /** One JavaScript turn: alone, on the host, with a pause inside. */
    private void turn(String what, Runnable body) {
        if (running.incrementAndGet() != 1) {
            violations.add(what + " overlapped another callback or task");
        }
        if (!Thread.currentThread().getName().equals("js-host")) {
            violations.add(what + " ran on " + Thread.currentThread().getName());
        }
        try {
            pause();
            body.run();
        } finally {
            running.decrementAndGet();
        }
    }

    private Consumer<Map<String, Object>> listener(String name, Function<Map<String, Object>, String> detail) {
        return m -> turn(name, () -> {
            args.add(m);
            events.add(name + detail.apply(m));
        });
    }

    private Consumer<Map<String, Object>> listener(String name) {
        return listener(name, m -> "");
    }

    private String next() throws InterruptedException {
        String e = events.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(e).as("an event within " + WAIT).isNotNull();
        return e;
    }

    /** Runs {@code body} as one task on the event executor. */
    private void task(Runnable body) {
        wx.executor().execute(() -> turn("the calling task", body));
    }

    /**
     * In a task: waits until {@code happened} (the peer accepted the connection, the runtime reported the
     * echo read), so the socket's events queue behind the task.
     */
    private static void letEventsHappen(String what, BooleanSupplier happened) {
        Await.until(WAIT, what, happened);
    }

    /**
     * Asserts that nothing more was delivered: a marker task queued now on the executor, behind any
     * event already queued, must be the next thing seen.
     */
    private void nothingMore() throws InterruptedException {
        wx.executor().execute(() -> events.add("(nothing more)"));
        assertThat(next()).isEqualTo("(nothing more)");
    }

    @Test
    @DisplayName("N-3 connect and listeners in one task: onConnect with remoteInfo and localInfo, onMessage with localInfo, onClose; no two callbacks overlap")
    void tcp() throws Exception {
        DisposableServer echo = tcpEcho();
        wx();
        task(() -> {
            TCPSocket tcp = wx.createTCPSocket();
            tcp.connect(Map.of("address", PEER, "port", echo.port(), "timeout", 5));
            letEventsHappen("the peer to accept the connection", () -> tcpAccepted.get() > 0);
            tcp.onConnect(m -> {
                listener("onConnect").accept(m);
                tcp.write("ping");
            });
            tcp.onMessage(m -> {
                listener("onMessage", x -> " " + text((byte[]) x.get("message"))).accept(m);
                tcp.close();
            });
            tcp.onError(listener("onError", m -> " " + m.get("errMsg")));
            tcp.onClose(listener("onClose"));
        });
        assertThat(next()).isEqualTo("onConnect");
        assertThat(next()).isEqualTo("onMessage ping");
        assertThat(next()).isEqualTo("onClose");
        Map<String, Object> connected = args.get(0);
        assertThat(connected.get("remoteInfo")).isEqualTo(Map.of("address", PEER, "family", "IPv4", "port", echo.port()));
        assertThat(connected.get("localInfo")).isInstanceOfSatisfying(Map.class, l -> {
            assertThat(l.get("address")).isEqualTo("127.0.0.1");
            assertThat(l.get("family")).isEqualTo("IPv4");
            assertThat((Integer) l.get("port")).isPositive();
        });
        assertThat(args.get(1).get("localInfo")).isEqualTo(connected.get("localInfo"));
        assertThat(violations).isEmpty();
    }

    @Test
    @DisplayName("N-3 P-11 a connect refused inside connect(): listeners attached later in the same task get onError then onClose, once each")
    void refusedTcp() throws Exception {
        wx();
        task(() -> {
            TCPSocket tcp = wx.createTCPSocket();
            tcp.connect(Map.of("address", "192.168.50.10", "port", 9));
            tcp.onError(listener("onError", m -> " " + m.get("errMsg") + " " + m.get("rule")));
            tcp.onClose(listener("onClose"));
            tcp.close(); // already closed: nothing new
        });
        assertThat(next()).isEqualTo("onError tcp:fail url not in domain list P-11");
        assertThat(next()).isEqualTo("onClose");
        nothingMore();
        assertThat(tcpAccepted).hasValue(0);
        assertThat(violations).isEmpty();
    }

    @Test
    @DisplayName("N-2 bind, send and listeners in one task: onListening, onMessage; close() twice fires onClose once; no two callbacks overlap")
    void udp() throws Exception {
        Connection echo = udpEcho();
        wx();
        task(() -> {
            UDPSocket udp = wx.createUDPSocket();
            assertThat(udp.bind()).isPositive();
            udp.send(Map.of("address", PEER, "port", port(echo), "message", "hi"));
            letEventsHappen("the echo to be read", () -> received.get() > 0);
            udp.onListening(listener("onListening"));
            udp.onMessage(m -> {
                listener("onMessage", x -> " " + text((byte[]) x.get("message"))).accept(m);
                udp.close();
                udp.close();
            });
            udp.onClose(listener("onClose"));
        });
        assertThat(next()).isEqualTo("onListening");
        assertThat(next()).isEqualTo("onMessage hi");
        assertThat(next()).isEqualTo("onClose");
        nothingMore();
        assertThat(violations).isEmpty();
    }

    @Test
    @DisplayName("N-2 UDP write sends to its own address and port, as the platform asks for them even after connect")
    void udpWriteHonoursItsAddress() throws Exception {
        Connection connected = udpEcho();
        Connection written = udpEcho();
        wx();
        task(() -> {
            UDPSocket udp = wx.createUDPSocket();
            udp.onMessage(listener("onMessage", m -> " " + ((Map<?, ?>) m.get("remoteInfo")).get("port")));
            assertThat(udp.bind()).isPositive();
            udp.connect(Map.of("address", PEER, "port", port(connected)));
            udp.write(Map.of("address", PEER, "port", port(written), "message", "to the written one"));
        });
        assertThat(next()).isEqualTo("onMessage " + port(written));
        nothingMore();
    }
}
