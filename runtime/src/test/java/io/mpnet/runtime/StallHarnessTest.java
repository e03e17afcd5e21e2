package io.mpnet.runtime;

import io.mpnet.policy.MpNetException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * Investigation harness, not a rule test (it waits for timeouts): storms like {@link StormTest} with
 * {@code -Dstall.timeout} ms calls, counting the calls that end by their own timeout and, from the
 * server's side, whether and when their request was read. Run with {@code -Dstall.rounds=5}; add
 * {@code -Dmpnet.test.keepAliveReads=false} to see the server bug of {@code testing.KeepAliveReads}.
 */
@EnabledIfSystemProperty(named = "stall.rounds", matches = "\\d+")
class StallHarnessTest extends LoopbackTest {

    record Seen(String conn, long receivedAt, AtomicInteger sent, java.util.concurrent.atomic.AtomicLong sentAt) { }

    @Test
    void harness() throws Exception {
        int rounds = Integer.getInteger("stall.rounds");
        // -Dstall.kinds=2,3 draws the kinds of call from this list only (0 and 5-9 plain, 1 short timeout,
        // 2 abort, 3 take(1), 4 throwing callback)
        String kindList = System.getProperty("stall.kinds");
        int[] kinds = kindList == null ? null : java.util.Arrays.stream(kindList.split(",")).mapToInt(Integer::parseInt).toArray();
        int calls = Integer.getInteger("stall.calls", 5000);
        long timeoutMs = Long.getLong("stall.timeout", 3000);
        Map<Integer, Seen> seen = new ConcurrentHashMap<>();
        Map<String, List<String>> perConn = new ConcurrentHashMap<>();
        Map<Integer, Long> wire = new ConcurrentHashMap<>();
        AtomicInteger installs = new AtomicInteger();
        long start = System.nanoTime();
        DisposableServer s = server(HttpServer.create()
                .doOnChannelInit((obs, ch, remote) -> {
                    installs.incrementAndGet();
                    String c = String.valueOf(remote);
                    perConn.computeIfAbsent(c, k -> new CopyOnWriteArrayList<>()).add("open@" + ms(start));
                    ch.closeFuture().addListener(f -> perConn.get(c).add("closed@" + ms(start)));
                    ch.pipeline().addFirst(new io.netty.channel.ChannelInboundHandlerAdapter() {
                        @Override
                        public void channelRead(io.netty.channel.ChannelHandlerContext ctx, Object msg) {
                            if (msg instanceof io.netty.buffer.ByteBuf b) {
                                String text = b.toString(java.nio.charset.StandardCharsets.ISO_8859_1);
                                java.util.regex.Matcher m = java.util.regex.Pattern.compile("GET /s/\\d+/(\\d+) ").matcher(text);
                                StringBuilder ids = new StringBuilder();
                                while (m.find()) {
                                    wire.put(Integer.parseInt(m.group(1)), ms(start));
                                    ids.append(m.group(1)).append(',');
                                }
                 perConn.computeIfAbsent(String.valueOf(ctx.channel().remoteAddress()), k -> new CopyOnWriteArrayList<>()).add("wire[" + ids + "]" + b.readableBytes() + "B autoRead=" + ctx.channel().config().isAutoRead() + "@" + ms(start));
                            }
                            ctx.fireChannelRead(msg);
                        }
                    });
                })
                .route(r -> r.get("/s/{ms}/{id}", (req, res) -> {
            int ms = Integer.parseInt(req.param("ms"));
            int id = Integer.parseInt(req.param("id"));
            String c = String.valueOf(req.remoteAddress());
            Seen sn = new Seen(c, ms(start), new AtomicInteger(), new java.util.concurrent.atomic.AtomicLong());
            seen.put(id, sn);
            perConn.computeIfAbsent(c, k -> new CopyOnWriteArrayList<>()).add("req " + id + "@" + ms(start));
            Mono<String> body = Mono.just("x".repeat(64));
            return res.sendString(ms == 0 ? body : body.delayElement(Duration.ofMillis(ms)))
                    .then().doOnSuccess(v -> {
                        sn.sent().incrementAndGet();
                        sn.sentAt().set(ms(start));
                        perConn.get(c).add("resp " + id + "@" + ms(start));
                    });
        })));
        MiniProgramNetwork net = lanRuntime();
        Map<Integer, Long> inFlightSince = new ConcurrentHashMap<>();
        java.util.concurrent.atomic.AtomicBoolean dumped = new java.util.concurrent.atomic.AtomicBoolean();
        Thread monitor = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                java.util.concurrent.locks.LockSupport.parkNanos(100_000_000);
                long now = ms(start);
                inFlightSince.forEach((id, since) -> {
                    if (now - since > timeoutMs / 2 && seen.get(id) == null && !dumped.get()) {
                        // a call running long whose request the server has not seen
                        StringBuilder b = new StringBuilder("MONITOR @" + now + " call " + id + " since " + since
                                + " slots " + net.availableSlots() + " queued " + net.queuedCalls()
                                + " acquired " + resources.acquiredConnections() + " inflight " + inFlightSince.size() + "\n");
                        if (dumped.compareAndSet(false, true)) {
                            Long w = wire.get(id);
                            b.append("on the wire @" + w + "\n");
                            perConn.forEach((k, v) -> { if (v.stream().anyMatch(x -> x.contains(id + ","))) b.append(k + " " + v.subList(Math.max(0, v.size() - 14), v.size()) + "\n"); });
                            for (java.lang.management.ThreadInfo ti : java.lang.management.ManagementFactory.getThreadMXBean().dumpAllThreads(true, true)) {
                                if (ti.getThreadName().contains("epoll") || ti.getThreadName().contains("parallel")) {
                                    b.append(ti.getThreadName()).append(' ').append(ti.getThreadState()).append('\n');
                                    for (StackTraceElement el : ti.getStackTrace()) {
                                        b.append("    ").append(el).append('\n');
                                    }
                                }
                            }
                            System.out.println(b);
                        }
                    }
                });
            }
        });
        monitor.setDaemon(true);
        monitor.start();
        int totalStuck = 0, stuckAnswered = 0, stuckUnseen = 0, lateReads = 0;
        AtomicInteger ids = new AtomicInteger();
        for (int round = 0; round < rounds; round++) {
            CountDownLatch ended = new CountDownLatch(calls);
            List<int[]> stuck = new CopyOnWriteArrayList<>();
            Map<String, AtomicInteger> outcomes = new ConcurrentHashMap<>();
            ThreadLocalRandom rnd = ThreadLocalRandom.current();
            java.util.concurrent.Semaphore inFlight = new java.util.concurrent.Semaphore(Integer.getInteger("stall.inflight", 200));
            for (int i = 0; i < calls; i++) {
                inFlight.acquire();
                int id = ids.incrementAndGet();
                int kind = kinds == null ? rnd.nextInt(10) : kinds[rnd.nextInt(kinds.length)];
                int serverMs = rnd.nextInt(4) == 0 ? rnd.nextInt(20) : 0;
                RequestOptions.Builder o = RequestOptions.get(lan(s, "/s/" + serverMs + "/" + id));
                o.timeout(kind == 1 ? Duration.ofMillis(1 + rnd.nextInt(30)) : Duration.ofMillis(timeoutMs));
                if (i % 500 == 0) {
                    net.lifecycle().enterBackground();
                } else if (i % 500 == 20) {
                    net.lifecycle().enterForeground();
                }
                long t0 = System.nanoTime();
                long startedAt = ms(start);
                inFlightSince.put(id, startedAt);
                Flux<RequestEvent> call = net.exchange(o.build()).doOnError(e -> {
                    long took = (System.nanoTime() - t0) / 1_000_000;
                    if (kind != 1 && e instanceof MpNetException m && m.rule().equals("T-2") && took >= timeoutMs - 100) {
                        stuck.add(new int[] {id, (int) took, (int) ms(start), (int) startedAt});
                    }
                }).doFinally(sig -> {
                    outcomes.computeIfAbsent(sig.toString(), k -> new AtomicInteger()).incrementAndGet();
                    ended.countDown();
                    inFlight.release();
                    inFlightSince.remove(id);
                });
                switch (kind) {
                    case 2 -> {
                        Disposable d = call.subscribe(e -> { }, e -> { });
                        Schedulers.parallel().schedule(d::dispose, rnd.nextInt(20), TimeUnit.MILLISECONDS);
                    }
                    case 3 -> call.take(1).subscribe(e -> { }, e -> { });
                    case 4 -> call.subscribe(e -> {
                        throw new IllegalStateException("user callback");
                    }, e -> { });
                    default -> call.subscribe(e -> { }, e -> { });
                }
            }
            net.lifecycle().enterForeground();
            ended.await(timeoutMs * 3 + 20_000, TimeUnit.MILLISECONDS);
            for (int[] st : stuck) {
                Seen sn = seen.get(st[0]);
                totalStuck++;
                if (sn == null) {
                    stuckUnseen++;
                    System.out.println("STUCK " + st[0] + " never reached the handler; on the wire @" + wire.get(st[0]));
                } else {
                    boolean lateRead = sn.receivedAt() - st[3] >= timeoutMs - 100;
                    if (lateRead) {
                        lateReads++;
                    }
                    boolean answered = sn.sent().get() > 0 && st[2] - sn.sentAt().get() > 500;
                    if (answered) {
                        stuckAnswered++;
                    }
                    System.out.println((answered ? "STUCK-ANSWERED " : lateRead ? "STUCK-LATE-READ " : "STUCK ") + st[0] + " started @" + st[3] + " timed out @" + st[2] + " server conn " + sn.conn() + " sent=" + sn.sent() + " history " + tail(perConn.get(sn.conn()), st[0]));
                }
            }
            if (round == 0 && rounds > 1) { totalStuck = 0; stuckAnswered = 0; stuckUnseen = 0; lateReads = 0; dumped.set(false); System.out.println("(warm-up round not counted)"); }
            System.out.println("round " + round + " outcomes " + outcomes + " stuck " + stuck.size());
        }
        System.out.println("HARNESS channel inits " + installs + " wire ids " + wire.size() + " perConn keys sample " + perConn.keySet().stream().limit(3).toList());
        System.out.println("HARNESS total stuck " + totalStuck + " answered " + stuckAnswered + " unseen " + stuckUnseen + " lateRead " + lateReads
                + " of " + ids.get() + " calls");
    }

    static long ms(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }

    static List<String> tail(List<String> h, int id) {
        int at = h.indexOf(h.stream().filter(x -> x.startsWith("req " + id + "@")).findFirst().orElse(""));
        List<String> out = new ArrayList<>(h.subList(Math.max(0, at - 12), Math.min(h.size(), at + 6)));
        return out;
    }
}
