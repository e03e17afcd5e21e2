package io.mpnet.lan.compat;

import static org.assertj.core.api.Assertions.assertThat;

import io.mpnet.lan.LanTest;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import reactor.netty.Connection;
import reactor.netty.DisposableServer;

/**
 * Listeners added after {@code connect()} or {@code bind()} returned, or after the event fired: on
 * the platform events wait for the calling JavaScript to return, so such a listener still hears the
 * socket's once-only events (connect, listening, the error before the close, close), exactly once.
 * Each test makes the event fire before the listener is added without timing: the event is raised
 * inside the call, or the test waits for an earlier listener to have heard it.
 */
class WxLanLateListenerTest extends LanTest {

    /** The listener calls, by the name the test gave each listener, in order. */
    private final List<String> calls = new CopyOnWriteArrayList<>();

    private Consumer<Map<String, Object>> record(String name) {
        return m -> calls.add(name);
    }

    private static void await(CountDownLatch latch) throws InterruptedException {
        assertThat(latch.await(WAIT.toSeconds(), TimeUnit.SECONDS)).as("the event came").isTrue();
    }

    @Test
    @DisplayName("N-3 a connect refused (P-11) inside connect(): onError and onClose added after it returns get them,"
            + " once each, in the order they are added")
    void refusedConnectReachesLateListeners() {
        TCPSocket tcp = WxLan.of(lan()).createTCPSocket();
        List<Map<String, Object>> errors = new CopyOnWriteArrayList<>();

        tcp.connect(Map.of("address", "192.168.50.10", "port", 9));
        tcp.onError(errors::add);
        tcp.onError(record("onError"));
        tcp.onClose(record("onClose"));
        tcp.close(); // already closed: nothing new

        assertThat(errors).singleElement().satisfies(e -> assertThat(e)
                .containsEntry("errMsg", "tcp:fail url not in domain list").containsEntry("rule", "P-11"));
        assertThat(calls).containsExactly("onError", "onClose");
        assertThat(tcpAccepted).hasValue(0);
    }

    @Test
    @DisplayName("N-3 a loopback connect already dispatched: a later onConnect gets it at once, exactly once; a later"
            + " onMessage gets only later messages; a later onClose gets the close once")
    void connectReachesLateListeners() throws Exception {
        DisposableServer echo = tcpEcho();
        TCPSocket tcp = WxLan.of(lan()).createTCPSocket();
        CountDownLatch connected = new CountDownLatch(1);
        CountDownLatch closed = new CountDownLatch(1);
        BlockingQueue<String> early = new LinkedBlockingQueue<>();
        BlockingQueue<String> late = new LinkedBlockingQueue<>();
        tcp.onConnect(m -> connected.countDown());
        tcp.onMessage(m -> early.add(text((byte[]) m.get("message"))));
        tcp.onClose(m -> closed.countDown());

        tcp.connect(Map.of("address", PEER, "port", echo.port(), "timeout", 5));
        await(connected); // the event loop has dispatched the connect: what follows is late
        tcp.onConnect(record("onConnect"));
        assertThat(calls).as("at once, on the caller's thread").containsExactly("onConnect");

        tcp.write("one");
        assertThat(early.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("one");
        tcp.onMessage(m -> late.add(text((byte[]) m.get("message"))));
        tcp.write("two");
        assertThat(early.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("two");
        assertThat(late.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).as("messages are not replayed").isEqualTo("two");

        tcp.close();
        await(closed);
        tcp.onClose(record("onClose"));
        tcp.onConnect(record("onConnect again"));
        tcp.close();
        assertThat(calls).containsExactly("onConnect", "onClose", "onConnect again");
    }

    @Test
    @DisplayName("N-3 a connect refused by the peer on the event loop: onError and onClose added after the close get"
            + " them once, and the listeners of the moment got each once")
    void failedConnectReachesLateListeners() throws Exception {
        DisposableServer gone = tcpEcho();
        int port = gone.port();
        gone.disposeNow();
        TCPSocket tcp = WxLan.of(lan()).createTCPSocket();
        CountDownLatch closed = new CountDownLatch(1);
        List<String> early = new CopyOnWriteArrayList<>();
        tcp.onError(m -> early.add("onError " + m.get("errMsg")));
        tcp.onClose(m -> {
            early.add("onClose");
            closed.countDown();
        });

        tcp.connect(Map.of("address", PEER, "port", port));
        await(closed);
        tcp.onError(m -> calls.add("onError " + m.get("errMsg")));
        tcp.onClose(record("onClose"));

        assertThat(early).containsExactly("onError tcp:fail network error", "onClose");
        assertThat(calls).containsExactly("onError tcp:fail network error", "onClose");
    }

    @Test
    @DisplayName("N-3 an onError added between the error and the close (here by an onError listener) gets that error"
            + " once, before the close")
    void errorListenerAddedBeforeTheClose() {
        TCPSocket tcp = WxLan.of(lan()).createTCPSocket();
        tcp.onError(m -> {
            calls.add("onError");
            tcp.onError(record("onError added on error"));
            tcp.onClose(record("onClose added on error"));
        });
        tcp.onClose(record("onClose"));

        tcp.connect(Map.of("address", "192.168.50.10", "port", 9));

        assertThat(calls).containsExactly("onError", "onError added on error", "onClose", "onClose added on error");
    }

    @Test
    @DisplayName("N-3 an error that leaves the socket open (a write before connect) reaches the listeners of the"
            + " moment only, even once the socket closes")
    void writeFailureIsNotReplayed() {
        TCPSocket tcp = WxLan.of(lan()).createTCPSocket();
        tcp.onError(m -> calls.add("onError " + m.get("errMsg")));

        tcp.write("too early");
        tcp.onError(record("onError added after the write"));
        tcp.onClose(record("onClose"));
        tcp.close();

        assertThat(calls).containsExactly("onError tcp:fail parameter error", "onClose");
    }

    @Test
    @DisplayName("N-2 onListening added after bind() returned gets it at once, exactly once per listener; onClose added"
            + " after the close gets it once, and a second close() fires nothing")
    void listeningReachesLateListeners() throws Exception {
        Connection echo = udpEcho();
        UDPSocket udp = WxLan.of(lan()).createUDPSocket();
        CountDownLatch closed = new CountDownLatch(1);
        BlockingQueue<String> messages = new LinkedBlockingQueue<>();

        assertThat(udp.bind()).isPositive();
        udp.onListening(record("onListening"));
        udp.onListening(record("onListening 2"));
        assertThat(calls).containsExactly("onListening", "onListening 2");

        udp.onMessage(m -> messages.add(text((byte[]) m.get("message"))));
        udp.send(Map.of("address", PEER, "port", port(echo), "message", "hi"));
        assertThat(messages.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("hi");

        udp.onClose(m -> closed.countDown());
        udp.close();
        await(closed);
        udp.onClose(record("onClose"));
        udp.close();
        assertThat(calls).containsExactly("onListening", "onListening 2", "onClose");
    }

    @Test
    @DisplayName("N-2 a failed send reaches the listeners of the moment only; the close does not make it replayable")
    void sendFailureIsNotReplayed() {
        UDPSocket udp = WxLan.of(lan()).createUDPSocket();
        udp.onError(m -> calls.add("onError " + m.get("rule")));
        assertThat(udp.bind()).isPositive();

        udp.send(Map.of("address", "10.0.0.5", "port", 9, "message", "no")); // refused before any I/O (P-12u)
        udp.onError(record("onError added after the send"));
        udp.close();

        assertThat(calls).containsExactly("onError P-12u");
        assertThat(udpReceived).hasValue(0);
    }

    @Test
    @DisplayName("N-2 a socket closed before bind: onClose fires once however often close() is called, and a later"
            + " bind() is onError and returns 0")
    void closedBeforeBind() {
        UDPSocket udp = WxLan.of(lan()).createUDPSocket();
        udp.onClose(record("onClose"));
        udp.close();
        udp.close();
        udp.onClose(record("onClose added after"));
        udp.onError(m -> calls.add("onError " + m.get("errMsg")));

        assertThat(udp.bind()).isZero();

        assertThat(calls).containsExactly("onClose", "onClose added after", "onError udp:fail parameter error");
    }
}
