package io.mpnet.runtime.compat;

import static org.assertj.core.api.Assertions.assertThat;

import io.mpnet.policy.ApiKind;
import io.mpnet.policy.FailReason;
import io.mpnet.policy.MpNetException;
import io.mpnet.testing.Await;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServer;

/** The callback style of wx.connectSocket and the legacy global socket API, against a LAN peer on loopback. */
class WxSocketTest extends WxLoopbackTest {

    /** Every callback and event, in order, as "name" or "name:detail". */
    final BlockingQueue<String> seen = new LinkedBlockingQueue<>();
    final Map<String, Map<String, Object>> last = new java.util.concurrent.ConcurrentHashMap<>();

    @Override
    String scheme() {
        return "ws";
    }

    @Override
    HttpServer peer(HttpServer server) {
        return server.route(r -> r
                .ws("/echo", (in, out) -> out.sendObject(in.aggregateFrames().receiveFrames()
                        .filter(f -> f instanceof TextWebSocketFrame || f instanceof BinaryWebSocketFrame)
                        .map(WebSocketFrame::retain)))
                .ws("/hello-then-close", (in, out) -> out.sendString(Mono.just("hello")).then()
                        .then(out.sendClose(4001, "server bye")))
                .ws("/watched", (in, out) -> {
                    in.receiveCloseStatus().subscribe(serverCloses::add);
                    return out.sendObject(in.receiveFrames().filter(f -> f instanceof TextWebSocketFrame)
                            .map(WebSocketFrame::retain));
                }));
    }

    /** The close status each server-side socket of /watched received. */
    final BlockingQueue<WebSocketCloseStatus> serverCloses = new LinkedBlockingQueue<>();

    void awaitOpenSockets(int n) {
        Await.until(Duration.ofSeconds(10), "the runtime's open sockets to be " + n, net::openSockets, open -> open == n);
        assertThat(net.openSockets()).as("open sockets").isEqualTo(n);
    }

    Consumer<Map<String, Object>> record(String name, String... fields) {
        return m -> {
            last.put(name, m);
            StringBuilder sb = new StringBuilder(name);
            for (String f : fields) {
                Object v = m.get(f);
                sb.append(':').append(v instanceof byte[] b ? "bytes" + b.length : v);
            }
            seen.add(sb.toString());
        };
    }

    /** Options with success/fail/complete recorded under {@code api}. */
    Map<String, Object> callbacks(String api, Map<String, ?> more) {
        Map<String, Object> o = new HashMap<>(more);
        o.put("success", record(api + ".success", "errMsg"));
        o.put("fail", record(api + ".fail", "errMsg"));
        o.put("complete", record(api + ".complete"));
        return o;
    }

    SocketTask connect(String path) {
        return wx.connectSocket(callbacks("connectSocket", Map.of("url", url(path))));
    }

    SocketTask listen(SocketTask t) {
        t.onOpen(record("open"));
        t.onMessage(record("message", "data"));
        t.onError(record("error", "errMsg"));
        t.onClose(record("close", "code", "reason"));
        return t;
    }

    String next() throws InterruptedException {
        String s = seen.poll(10, TimeUnit.SECONDS);
        assertThat(s).as("a callback within 10 s").isNotNull();
        return s;
    }

    void expect(String... names) throws InterruptedException {
        for (String n : names) {
            assertThat(next()).isEqualTo(n);
        }
    }

    @Test
    @DisplayName("S-1 connectSocket returns the task at once: success, onOpen, echoed messages, then close with its code")
    void callbackTask() throws Exception {
        SocketTask t = inTask(() -> listen(connect("/echo")));
        expect("connectSocket.success:connectSocket:ok", "connectSocket.complete", "open");
        assertThat(last.get("open").get("header").toString()).contains("upgrade");
        t.send(callbacks("send", Map.of("data", "hi")));
        t.send(callbacks("send", Map.of("data", new byte[] {1, 2, 3})));
        assertThat(List.of(next(), next(), next(), next(), next(), next())).containsExactlyInAnyOrder(
                "send.success:sendSocketMessage:ok", "send.complete", "send.success:sendSocketMessage:ok",
                "send.complete", "message:hi", "message:bytes3");
        t.close(callbacks("close", Map.of("code", 4000, "reason", "bye")));
        assertThat(List.of(next(), next(), next())).containsExactlyInAnyOrder(
                "close.success:closeSocket:ok", "close.complete", "close:4000:bye");
        assertThat(net.openSockets()).isZero();
    }

    @Test
    @DisplayName("S-2 sends made before open are queued and sent in order once the socket opens")
    void queuedBeforeOpen() throws Exception {
        SocketTask t = connect("/echo");
        t.onMessage(record("message", "data"));
        for (int i = 0; i < 5; i++) {
            t.send(Map.of("data", "q" + i));
        }
        expect("connectSocket.success:connectSocket:ok", "connectSocket.complete");
        expect("message:q0", "message:q1", "message:q2", "message:q3", "message:q4");
    }

    @Test
    @DisplayName("S-2 the server's close reaches onClose with its code and reason, after its messages")
    void serverClose() throws Exception {
        SocketTask t = inTask(() -> listen(connect("/hello-then-close")));
        expect("connectSocket.success:connectSocket:ok", "connectSocket.complete", "open", "message:hello",
                "close:4001:server bye");
        t.send(callbacks("send", Map.of("data", "late")));
        assertThat(next()).startsWith("send.fail:sendSocketMessage:fail");
    }

    @Test
    @DisplayName("S-3 a refused close calls fail and the socket stays open")
    void refusedClose() throws Exception {
        SocketTask t = inTask(() -> listen(connect("/echo")));
        expect("connectSocket.success:connectSocket:ok", "connectSocket.complete", "open");
        t.close(callbacks("close", Map.of("code", 1001)));
        expect("close.fail:closeSocket:fail parameter error", "close.complete");
        assertThat(last.get("close.fail")).containsEntry("rule", "S-3");
        t.close(callbacks("close", Map.of("reason", "x".repeat(124))));
        expect("close.fail:closeSocket:fail parameter error", "close.complete");
        t.send(Map.of("data", "still open"));
        expect("message:still open");
    }

    @Test
    @DisplayName("S-3 a close code that is no int (4294968296, 1000.5, NaN, a string) calls fail naming it; nothing is narrowed, the socket stays open")
    void closeCodeOutOfRange() throws Exception {
        SocketTask t = wx.connectSocket(callbacks("connectSocket", Map.of("url", url("/watched"))));
        listen(t);
        expect("connectSocket.success:connectSocket:ok", "connectSocket.complete", "open");
        for (Object code : List.of(4294968296L, 4294968296.0, 1000.5, Double.NaN, -4294966296L, "1000")) {
            t.close(callbacks("close", Map.of("code", code)));
            expect("close.fail:closeSocket:fail parameter error", "close.complete");
            assertThat(last.get("close.fail")).containsEntry("rule", "S-3");
            assertThat(last.get("close.fail").get("explanation").toString()).contains(String.valueOf(code))
                    .contains("1000").contains("3000-4999");
        }
        t.close(callbacks("close", Map.of("code", 4000.0))); // a whole JS number is a code
        assertThat(List.of(next(), next(), next())).containsExactlyInAnyOrder(
                "close.success:closeSocket:ok", "close.complete", "close:4000:");
        assertThat(serverCloses.poll(10, TimeUnit.SECONDS).code()).as("the first close the server saw").isEqualTo(4000);
        awaitOpenSockets(0);
    }

    @Test
    @DisplayName("P-2 a refused URL calls fail with url not in domain list, and the task reports no event")
    void refusedUrl() throws Exception {
        SocketTask t = wx.connectSocket(callbacks("connectSocket", Map.of("url", "wss://not-configured.example.com/")));
        listen(t);
        expect("connectSocket.fail:connectSocket:fail url not in domain list", "connectSocket.complete");
        assertThat(last.get("connectSocket.fail")).containsEntry("errno", 600002).containsEntry("rule", "P-2");
        t.send(callbacks("send", Map.of("data", "x")));
        expect("send.fail:sendSocketMessage:fail network error", "send.complete");
        nothingMoreIn(seen);
    }

    @Test
    @DisplayName("S-4 the sixth wx.connectSocket calls fail naming the limit")
    void sixth() throws Exception {
        for (int i = 0; i < 5; i++) {
            inTask(() -> listen(connect("/echo")));
            expect("connectSocket.success:connectSocket:ok", "connectSocket.complete", "open");
        }
        connect("/echo");
        expect("connectSocket.fail:connectSocket:fail exceed max task count", "connectSocket.complete");
        assertThat(last.get("connectSocket.fail")).containsEntry("rule", "S-4");
    }

    @Test
    @DisplayName("T-1 a timeout of zero or less calls fail, not success, and takes no slot: six such calls leave room for a socket")
    void nonPositiveTimeout() throws Exception {
        for (int timeout : new int[] {0, -1, 0, -100, 0, 0}) {
            SocketTask t = wx.connectSocket(callbacks("connectSocket", Map.of("url", url("/echo"), "timeout", timeout)));
            listen(t);
            expect("connectSocket.fail:connectSocket:fail parameter error", "connectSocket.complete");
            assertThat(last.get("connectSocket.fail")).containsEntry("rule", "T-1");
            assertThat(net.openSockets()).isZero();
        }
        inTask(() -> listen(connect("/echo")));
        expect("connectSocket.success:connectSocket:ok", "connectSocket.complete", "open");
        assertThat(net.openSockets()).isEqualTo(1);
    }

    @Test
    @DisplayName("S-5 a connect that fails after it was accepted reports onError, then onClose 1006; queued sends fail")
    void failedConnect() throws Exception {
        int port = server.port();
        server.disposeNow();
        inTask(() -> {
            SocketTask t = listen(wx.connectSocket(callbacks("connectSocket", Map.of("url", "ws://" + PEER + ":" + port + "/"))));
            t.send(callbacks("send", Map.of("data", "never")));
            return t;
        });
        expect("connectSocket.success:connectSocket:ok", "connectSocket.complete");
        // the send is queued and fails at the close, or, when the connect failed first, fails at once
        List<String> rest = List.of(next(), next(), next(), next());
        List<String> send = List.of("send.fail:sendSocketMessage:fail network error", "send.complete");
        List<String> failure = List.of("error:connectSocket:fail network error", "close:1006:abnormal closure");
        assertThat(rest).isIn(concat(send, failure), concat(failure, send));
        assertThat(net.openSockets()).isZero();
    }

    @Test
    @DisplayName("S-1 S-5 a failure that comes before the calling task has returned waits for it: listeners added later in that task hear the error and the close")
    void eventsWaitForTheCallingTask() throws Exception {
        inTask(() -> {
            SocketTask t = new SocketTask(new WxSockets(net, wx.executor(), new UnsupportedOptions()));
            t.failedToOpen(new MpNetException(ApiKind.CONNECT_SOCKET, FailReason.NETWORK, "E-2", "refused"));
            listen(t);
            return t;
        });
        expect("error:connectSocket:fail network error", "close:1006:abnormal closure");
    }

    static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new java.util.ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    @Test
    @DisplayName("S-6 the legacy global API acts on the newest socket: onSocketOpen, queued sendSocketMessage, onSocketMessage, closeSocket, onSocketClose")
    void legacyGlobalApi() throws Exception {
        SocketTask older = inTask(() -> {
            SocketTask t = connect("/echo");
            t.onOpen(record("older.open"));
            t.onMessage(record("older.message", "data"));
            t.onClose(record("older.close", "code"));
            return t;
        });
        expect("connectSocket.success:connectSocket:ok", "connectSocket.complete", "older.open");
        inTask(() -> {
            wx.connectSocket(Map.of("url", url("/echo")));
            wx.onSocketOpen(record("global.open"));
            wx.onSocketMessage(record("global.message", "data"));
            wx.onSocketError(record("global.error", "errMsg"));
            wx.onSocketClose(record("global.close", "code", "reason"));
            wx.sendSocketMessage(callbacks("sendSocketMessage", Map.of("data", "queued before open")));
            return older;
        });
        assertThat(List.of(next(), next(), next(), next())).containsExactlyInAnyOrder("global.open",
                "sendSocketMessage.success:sendSocketMessage:ok", "sendSocketMessage.complete",
                "global.message:queued before open");
        wx.closeSocket(callbacks("closeSocket", Map.of("code", 3001, "reason", "done")));
        assertThat(List.of(next(), next(), next())).containsExactlyInAnyOrder(
                "closeSocket.success:closeSocket:ok", "closeSocket.complete", "global.close:3001:done");
        // the older socket was not touched by any of it
        older.send(Map.of("data", "older still open"));
        expect("older.message:older still open");
        assertThat(net.openSockets()).isEqualTo(1);
    }

    @Test
    @DisplayName("S-6 as on the platform, listeners added after an event was dispatched do not hear it: nothing is replayed")
    void lateListenersHearNothing() throws Exception {
        SocketTask task = inTask(() -> {
            SocketTask t = connect("/hello-then-close");
            t.onClose(record("first.close", "code"));
            return t;
        });
        expect("connectSocket.success:connectSocket:ok", "connectSocket.complete", "first.close:4001");
        inTask(() -> {
            task.onOpen(record("late.open"));
            task.onClose(record("late.close", "code"));
            wx.onSocketOpen(record("global.open"));
            wx.onSocketClose(record("global.close", "code"));
            return task;
        });
        nothingMoreIn(seen);
    }

    @Test
    @DisplayName("S-6 sendSocketMessage and closeSocket without any socket call fail")
    void noSocket() throws Exception {
        wx.sendSocketMessage(callbacks("sendSocketMessage", Map.of("data", "x")));
        expect("sendSocketMessage.fail:sendSocketMessage:fail network error", "sendSocketMessage.complete");
        wx.closeSocket(callbacks("closeSocket", Map.of()));
        expect("closeSocket.fail:closeSocket:fail network error", "closeSocket.complete");
    }

    @Test
    @DisplayName("a listener that throws harms neither the socket nor the other listeners")
    void throwingListener() throws Exception {
        SocketTask t = inTask(() -> {
            SocketTask s = connect("/echo");
            s.onMessage(m -> {
                throw new IllegalStateException("user bug");
            });
            return listen(s);
        });
        expect("connectSocket.success:connectSocket:ok", "connectSocket.complete", "open");
        t.send(Map.of("data", "a"));
        t.send(Map.of("data", "b"));
        expect("message:a", "message:b");
    }

    @Test
    @DisplayName("S-3 S-4 close() in an onOpen listener closes the connection: the server sees the code, the slot is freed")
    void closeInOnOpen() throws Exception {
        SocketTask t = inTask(() -> {
            SocketTask s = wx.connectSocket(callbacks("connectSocket", Map.of("url", url("/watched"))));
            s.onOpen(m -> s.close(callbacks("close", Map.of("code", 4000, "reason", "from onOpen"))));
            s.onClose(record("close", "code", "reason"));
            return s;
        });
        expect("connectSocket.success:connectSocket:ok", "connectSocket.complete");
        assertThat(List.of(next(), next(), next())).containsExactlyInAnyOrder(
                "close.success:closeSocket:ok", "close.complete", "close:4000:from onOpen");
        WebSocketCloseStatus atServer = serverCloses.poll(10, TimeUnit.SECONDS);
        assertThat(atServer).as("the server saw the close").isNotNull();
        assertThat(atServer.code()).isEqualTo(4000);
        assertThat(atServer.reasonText()).isEqualTo("from onOpen");
        awaitOpenSockets(0);
        t.send(callbacks("send", Map.of("data", "late")));
        expect("send.fail:sendSocketMessage:fail network error", "send.complete");
    }

    @Test
    @DisplayName("S-3 closing while the socket opens abandons the connection and frees the slot")
    void closeBeforeOpen() throws Exception {
        inTask(() -> {
            SocketTask t = listen(wx.connectSocket(Map.of("url", url("/echo"))));
            t.close(callbacks("close", Map.of()));
            return t;
        });
        // the handshake may have finished first; either way the socket ends closed with 1000
        List<String> got = new java.util.ArrayList<>();
        while (!got.containsAll(List.of("close.success:closeSocket:ok", "close.complete", "close:1000:"))) {
            got.add(next());
        }
        got.remove("open");
        assertThat(got).containsExactlyInAnyOrder("close.success:closeSocket:ok", "close.complete", "close:1000:");
        Await.until(Duration.ofSeconds(10), "the runtime's open sockets to be 0", net::openSockets, open -> open == 0);
        assertThat(net.openSockets()).isZero();
    }
}
