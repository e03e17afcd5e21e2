package io.mpnet.runtime.compat;

import static org.assertj.core.api.Assertions.assertThat;

import io.mpnet.runtime.NetworkEvent;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServer;

/**
 * The event model of compat, through a harness that behaves like a JavaScript engine: the host's
 * code runs as tasks (Runnables) on the event executor, a call and its listeners are made in one
 * task, and delays are injected everywhere (random yields before each task and inside each callback,
 * a gap between the server's writes, and the call's whole life between the call and its listeners). Every event must arrive, in order, and
 * no two callbacks or tasks may ever run at once.
 */
class WxEventExecutorTest extends WxLoopbackTest {

    static final int CHUNKS = 5;
    static final int CHUNK = 4096;
    static final byte[] BODY = new byte[CHUNKS * CHUNK];

    static {
        new Random(7).nextBytes(BODY);
    }

    /**
     * Counted down when the runtime reports the call's end (a request's or download's completion, a
     * socket's close): by then compat has queued every event before it, so the calling task, waiting
     * for it, attaches its listeners behind events already queued.
     */
    volatile CountDownLatch ended = new CountDownLatch(1);
    Harness js;
    Wx wxJs;
    Disposable endWatch;

    @Override
    HttpServer peer(HttpServer server) {
        return server.route(r -> r
                .get("/chunks", (req, res) -> res.header("X-A", "1")
                        .send(Flux.range(0, CHUNKS).delayElements(Duration.ofMillis(5))
                                .map(i -> Unpooled.wrappedBuffer(BODY, i * CHUNK, CHUNK)), b -> true))
                .get("/file.bin", (req, res) -> res.header("content-length", String.valueOf(BODY.length))
                        .send(Mono.just(Unpooled.wrappedBuffer(BODY))))
                .ws("/ws", (in, out) -> out.sendString(Flux.just("one", "two")).then(out.sendClose(4001, "bye"))));
    }

    @AfterEach
    void stopHarness() {
        if (wxJs != null) {
            wxJs.close();
        }
        if (endWatch != null) {
            endWatch.dispose();
        }
        if (js != null) {
            js.pool.shutdownNow();
        }
    }

    /**
     * A JavaScript-like host: tasks and callbacks counted as they run, each delayed at random; it
     * notes any moment when two of them ran at once, or a callback ran outside the executor.
     */
    static final class Harness implements Executor {
        final ExecutorService pool;
        final Random random;
        final AtomicInteger running = new AtomicInteger();
        final List<String> violations = new CopyOnWriteArrayList<>();
        final BlockingQueue<String> events = new LinkedBlockingQueue<>();

        Harness(int threads, long seed) {
            this.pool = Executors.newFixedThreadPool(threads, r -> {
                Thread t = new Thread(r, "js-host");
                t.setDaemon(true);
                return t;
            });
            this.random = new Random(seed);
        }

        @Override
        public void execute(Runnable task) {
            pool.execute(() -> {
                pause();
                task.run();
            });
        }

        /**
         * The injected delay: a random number of yields, so the threads interleave differently from run
         * to run without waiting on the clock.
         */
        void pause() {
            int yields;
            synchronized (random) {
                yields = random.nextInt(200);
            }
            for (int i = 0; i < yields; i++) {
                Thread.yield();
            }
        }

        /** Runs {@code body} as one JavaScript turn: enters, checks that it is alone, pauses, leaves. */
        void turn(String what, Runnable body) {
            if (running.incrementAndGet() != 1) {
                violations.add(what + " overlapped another callback or task");
            }
            if (!Thread.currentThread().getName().equals("js-host")) {
                violations.add(what + " ran on " + Thread.currentThread().getName() + ", not on the event executor");
            }
            try {
                pause();
                body.run();
            } finally {
                running.decrementAndGet();
            }
        }

        /** A listener that records {@code name} (and what {@code detail} says of the event) in a turn of its own. */
        Consumer<Map<String, Object>> listener(String name, java.util.function.Function<Map<String, Object>, String> detail) {
            return m -> turn(name, () -> events.add(name + detail.apply(m)));
        }

        String next() throws InterruptedException {
            String e = events.poll(10, TimeUnit.SECONDS);
            assertThat(e).as("an event within 10 s").isNotNull();
            return e;
        }
    }

    void start(int threads, long seed) {
        js = new Harness(threads, seed);
        wxJs = Wx.of(net, js);
        ended = new CountDownLatch(1);
        if (endWatch != null) {
            endWatch.dispose();
        }
        endWatch = net.addEventListener(e -> {
            if (e instanceof NetworkEvent.CallCompleted || e instanceof NetworkEvent.SocketClosed) {
                ended.countDown();
            }
        });
    }

    /** Options whose success, fail and complete are recorded by the harness. */
    Map<String, Object> callbacks(String url) {
        Map<String, Object> o = new HashMap<>();
        o.put("url", url);
        o.put("success", js.listener("success", m -> ""));
        o.put("fail", js.listener("fail", m -> " " + m.get("errMsg")));
        o.put("complete", js.listener("complete", m -> ""));
        return o;
    }

    /** In the calling task: waits until the runtime reports the call's end, so its events are queued behind this task. */
    void letEventsQueueUp() {
        try {
            assertThat(ended.await(10, TimeUnit.SECONDS)).as("the runtime reported the call's end").isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @ParameterizedTest(name = "on {0} host thread(s)")
    @ValueSource(ints = {1, 4})
    @DisplayName("R-9 request: listeners attached in the calling task get the headers and every chunk, then success and complete; no two callbacks overlap")
    void requestChunks(int threads) throws Exception {
        for (long seed = 1; seed <= 3; seed++) {
            start(threads, seed);
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            wxJs.executor().execute(() -> js.turn("the calling task", () -> {
                Map<String, Object> o = callbacks(url("/chunks"));
                o.put("enableChunked", true);
                o.put("dataType", "text");
                o.put("responseType", "arraybuffer");
                RequestTask task = wxJs.request(o);
                letEventsQueueUp();
                task.onHeadersReceived(js.listener("headers", m -> " " + m.get("statusCode")));
                task.onChunkReceived(js.listener("chunk", m -> {
                    body.writeBytes((byte[]) m.get("data"));
                    return "";
                }));
            }));
            assertThat(js.next()).isEqualTo("headers 200");
            String e;
            while ((e = js.next()).equals("chunk")) {
                // chunks, as the transport delivered them
            }
            assertThat(e).isEqualTo("success");
            assertThat(js.next()).isEqualTo("complete");
            assertThat(body.toByteArray()).as("every chunk, in order").isEqualTo(BODY);
            assertThat(js.violations).isEmpty();
            wxJs.close();
            js.pool.shutdownNow();
        }
    }

    @ParameterizedTest(name = "on {0} host thread(s)")
    @ValueSource(ints = {1, 4})
    @DisplayName("D-2 D-5 downloadFile: listeners attached in the calling task get the headers and progress to 100, then success; no two callbacks overlap")
    void download(int threads) throws Exception {
        start(threads, 11);
        wxJs.executor().execute(() -> js.turn("the calling task", () -> {
            DownloadTask task = wxJs.downloadFile(callbacks(url("/file.bin")));
            letEventsQueueUp();
            task.onHeadersReceived(js.listener("headers", m -> " " + m.get("statusCode")));
            task.onProgressUpdate(js.listener("progress", m -> " " + m.get("progress")));
        }));
        List<String> seen = new CopyOnWriteArrayList<>();
        String e;
        while (!(e = js.next()).equals("complete")) {
            seen.add(e);
        }
        assertThat(seen.get(0)).isEqualTo("headers 200");
        assertThat(seen.get(seen.size() - 1)).isEqualTo("success");
        assertThat(seen.get(seen.size() - 2)).isEqualTo("progress 100");
        assertThat(js.violations).isEmpty();
    }

    @ParameterizedTest(name = "on {0} host thread(s)")
    @ValueSource(ints = {1, 4})
    @DisplayName("S-1 S-5 connectSocket: listeners attached in the calling task get success, open, both messages and the close; no two callbacks overlap")
    void socket(int threads) throws Exception {
        start(threads, 21);
        wxJs.executor().execute(() -> js.turn("the calling task", () -> {
            SocketTask task = wxJs.connectSocket(callbacks("ws://" + PEER + ":" + server.port() + "/ws"));
            letEventsQueueUp();
            task.onOpen(js.listener("open", m -> ""));
            task.onMessage(js.listener("message", m -> " " + m.get("data")));
            task.onError(js.listener("error", m -> " " + m.get("errMsg")));
            task.onClose(js.listener("close", m -> " " + m.get("code")));
        }));
        assertThat(js.next()).isEqualTo("success");
        assertThat(js.next()).isEqualTo("complete");
        assertThat(js.next()).isEqualTo("open");
        assertThat(js.next()).isEqualTo("message one");
        assertThat(js.next()).isEqualTo("message two");
        assertThat(js.next()).isEqualTo("close 4001");
        assertThat(js.violations).isEmpty();
    }

    @org.junit.jupiter.api.Test
    @DisplayName("the default event executor is one daemon thread of its own, mpnet-events-<n>, which the runtime's close shuts down")
    void ownThreadEndsWithTheRuntime() throws Exception {
        java.util.concurrent.CompletableFuture<Thread> ran = new java.util.concurrent.CompletableFuture<>();
        wx.executor().execute(() -> ran.complete(Thread.currentThread()));
        Thread thread = ran.get(10, TimeUnit.SECONDS);
        assertThat(thread.getName()).startsWith("mpnet-events-");
        assertThat(thread.isDaemon()).isTrue();
        net.close();
        thread.join(10_000); // bounded: the thread ends once its queue is done
        assertThat(thread.isAlive()).as("the event thread after the runtime closed").isFalse();
        wx.executor().execute(() -> { throw new AssertionError("ran after close"); }); // dropped, nothing thrown here
    }
}
