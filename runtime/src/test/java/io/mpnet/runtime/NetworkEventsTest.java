package io.mpnet.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mpnet.policy.ApiKind;
import io.mpnet.runtime.NetworkEvent.CallAdmitted;
import io.mpnet.runtime.NetworkEvent.CallCompleted;
import io.mpnet.runtime.NetworkEvent.CallFailed;
import io.mpnet.runtime.NetworkEvent.CallQueued;
import io.mpnet.runtime.NetworkEvent.CallRefused;
import io.mpnet.runtime.NetworkEvent.CallStarted;
import io.mpnet.runtime.NetworkEvent.Direction;
import io.mpnet.runtime.NetworkEvent.ResponseHeaders;
import io.mpnet.runtime.NetworkEvent.SocketClosed;
import io.mpnet.runtime.NetworkEvent.SocketFrame;
import io.mpnet.runtime.NetworkEvent.SocketOpened;
import io.mpnet.runtime.NetworkEvent.TransferProgress;
import io.mpnet.testing.Await;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.DisposableServer;
import reactor.test.scheduler.VirtualTimeScheduler;

/** {@code events()}: what a runtime reports of each kind of call, in order, and only while someone listens. */
class NetworkEventsTest extends LoopbackTest {

    final List<NetworkEvent> seen = new CopyOnWriteArrayList<>();

    Disposable listen(MiniProgramNetwork net) {
        Disposable d = net.events().subscribe(seen::add);
        toClose.add(d::dispose);
        return d;
    }

    /** Waits (bounded) for an event of {@code type} matching {@code test}, and returns it. */
    <E extends NetworkEvent> E await(Class<E> type, Predicate<E> test) {
        return Await.until(WAIT, "an event " + type.getSimpleName(), () -> seen.stream().filter(type::isInstance)
                .map(type::cast).filter(test).findFirst().orElse(null), e -> e != null);
    }

    List<Class<?>> kinds(long callId) {
        return seen.stream().filter(e -> e.callId() == callId).<Class<?>>map(Object::getClass).toList();
    }

    @Test
    @DisplayName("R-10 a request reports start (with the sent headers), admission, headers and completion with its profile, in order")
    void requestInOrder() {
        DisposableServer s = server(r -> r.get("/hello", (req, res) -> res.header("X-Server", "1").sendString(Mono.just("hi there"))));
        MiniProgramNetwork net = lanRuntime();
        listen(net);
        HttpResult r = net.request(RequestOptions.get(lan(s, "/hello")).header("X-Trace", "t1").build()).block(WAIT);
        assertThat(r).isNotNull();
        CallCompleted done = await(CallCompleted.class, e -> true);
        assertThat(kinds(done.callId())).containsExactly(CallStarted.class, CallAdmitted.class, ResponseHeaders.class,
                CallCompleted.class);
        CallStarted start = await(CallStarted.class, e -> e.callId() == done.callId());
        assertThat(start.api()).isEqualTo(ApiKind.REQUEST);
        assertThat(start.method()).isEqualTo("GET");
        assertThat(start.url()).isEqualTo(lan(s, "/hello"));
        assertThat(start.header()).containsEntry("X-Trace", "t1").containsKey("Referer");
        assertThat(start.bodyPreview()).as("a GET sends no body").isNull();
        ResponseHeaders h = await(ResponseHeaders.class, e -> e.callId() == done.callId());
        assertThat(h.statusCode()).isEqualTo(200);
        assertThat(h.header()).containsEntry("X-Server", "1");
        assertThat(done.statusCode()).isEqualTo(200);
        assertThat(done.profile()).isEqualTo(r.profile());
        assertThat(done.bodyPreview()).isEqualTo("hi there");
        assertThat(done.size()).isEqualTo("hi there".length());
        assertThat(await(CallAdmitted.class, e -> e.callId() == done.callId()).queuedMillis()).isZero();
    }

    @Test
    @DisplayName("R-2 a request's start carries the start of its text body as sent; its headers every Set-Cookie; a GET none")
    void bodyAndCookies() {
        DisposableServer s = server(r -> r.post("/echo", (req, res) -> res.header("Set-Cookie", "a=1")
                .addHeader("Set-Cookie", "b=2; HttpOnly").send(req.receive().retain())));
        MiniProgramNetwork net = lanRuntime();
        listen(net);
        net.request(RequestOptions.builder(lan(s, "/echo")).method("POST").data(Map.of("name", "小程序"))
                .build()).block(WAIT);
        CallCompleted done = await(CallCompleted.class, e -> true);
        CallStarted start = await(CallStarted.class, e -> e.callId() == done.callId());
        assertThat(start.bodyPreview()).isEqualTo("{\"name\":\"小程序\"}");
        assertThat(await(ResponseHeaders.class, e -> e.callId() == done.callId()).cookies())
                .containsExactly("a=1", "b=2; HttpOnly");
        net.request(RequestOptions.builder(lan(s, "/echo")).method("POST").data(new byte[] {(byte) 0xff, 0, 1})
                .build()).block(WAIT);
        CallStarted binary = await(CallStarted.class, e -> e.callId() != done.callId());
        assertThat(binary.bodyPreview()).as("binary: no preview").isNull();
    }

    @Test
    @DisplayName("R-7 a redirect is reported between admission and the answer: its status, from where, to where and the method")
    void redirected() {
        DisposableServer s = server(r -> r.post("/old", (req, res) -> res.status(303).header("Location", "/new?x=1").send())
                .get("/new", (req, res) -> res.sendString(Mono.just("moved here"))));
        MiniProgramNetwork net = lanRuntime();
        listen(net);
        HttpResult r = net.request(RequestOptions.post(lan(s, "/old")).data("a=1").build()).block(WAIT);
        assertThat(r.data()).isEqualTo("moved here");
        CallCompleted done = await(CallCompleted.class, e -> true);
        assertThat(kinds(done.callId())).containsExactly(CallStarted.class, CallAdmitted.class,
                NetworkEvent.Redirected.class, ResponseHeaders.class, CallCompleted.class);
        NetworkEvent.Redirected hop = await(NetworkEvent.Redirected.class, e -> e.callId() == done.callId());
        assertThat(hop.statusCode()).isEqualTo(303);
        assertThat(hop.from()).isEqualTo(lan(s, "/old"));
        assertThat(hop.to()).isEqualTo(lan(s, "/new?x=1"));
        assertThat(hop.method()).as("303: the next hop is a GET").isEqualTo("GET");
        assertThat(hop.header()).containsEntry("Location", "/new?x=1");
    }

    @Test
    @DisplayName("P-2 a refused call reports its rule, errMsg and explanation, and is never admitted")
    void refusedByPolicy() {
        MiniProgramNetwork net = lanRuntime();
        listen(net);
        assertThatThrownBy(() -> net.request(RequestOptions.get("https://evil.example.org/x").build()).block(WAIT))
                .isInstanceOf(io.mpnet.policy.MpNetException.class);
        CallRefused refused = await(CallRefused.class, e -> true);
        assertThat(refused.rule()).startsWith("P-");
        assertThat(refused.errMsg()).isEqualTo("request:fail url not in domain list");
        assertThat(refused.errno()).isEqualTo(600002);
        assertThat(refused.explanation()).contains("evil.example.org");
        assertThat(kinds(refused.callId())).containsExactly(CallStarted.class, CallRefused.class);
    }

    @Test
    @DisplayName("E-3 a call whose options are refused reports its start as given and the refusal")
    void refusedOptions() {
        MiniProgramNetwork net = lanRuntime();
        listen(net);
        assertThatThrownBy(() -> net.request(RequestOptions.builder(null).build()).block(WAIT))
                .isInstanceOf(io.mpnet.policy.MpNetException.class);
        CallRefused refused = await(CallRefused.class, e -> true);
        assertThat(refused.rule()).isEqualTo("E-3");
        assertThat(await(CallStarted.class, e -> e.callId() == refused.callId()).url()).isEmpty();
    }

    @Test
    @DisplayName("L-1 the eleventh call reports it queued, then its admission with the time it waited")
    void queued() {
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        MiniProgramNetwork net = runtime(MiniProgramNetwork.builder(lanConfig().domains(ApiKind.REQUEST,
                "https://api.example.com").build()).scheduler(vts));
        listen(net);
        Sinks.Empty<Void> release = Sinks.empty();
        for (int i = 0; i < 11; i++) {
            net.guard(GuardOptions.of("GET", "https://api.example.com/" + i), h -> release.asMono()).subscribe();
        }
        CallQueued q = await(CallQueued.class, e -> true);
        vts.advanceTimeBy(Duration.ofMillis(1500));
        release.tryEmitEmpty();
        CallAdmitted a = await(CallAdmitted.class, e -> e.callId() == q.callId());
        assertThat(a.queuedMillis()).isEqualTo(1500);
        await(CallCompleted.class, e -> e.callId() == q.callId());
    }

    @Test
    @DisplayName("T-2 a call cut by its deadline reports a failure with the rule, not a refusal")
    void timeoutIsAFailure() {
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        MiniProgramNetwork net = runtime(MiniProgramNetwork.builder(lanConfig().domains(ApiKind.REQUEST,
                "https://api.example.com").build()).scheduler(vts));
        listen(net);
        net.guard(GuardOptions.builder("GET", "https://api.example.com/slow").timeout(Duration.ofSeconds(2)).build(),
                h -> Mono.never()).subscribe(v -> { }, e -> { });
        await(CallAdmitted.class, e -> true);
        vts.advanceTimeBy(Duration.ofSeconds(2));
        CallFailed f = await(CallFailed.class, e -> true);
        assertThat(f.rule()).isEqualTo("T-2");
        assertThat(f.errMsg()).isEqualTo("request:fail timeout");
    }

    @Test
    @DisplayName("R-8 a cancelled call reports an abort")
    void cancelIsAnAbort() {
        MiniProgramNetwork net = runtime(lanConfig().domains(ApiKind.REQUEST, "https://api.example.com").build());
        listen(net);
        Disposable call = net.guard(GuardOptions.of("GET", "https://api.example.com/x"), h -> Mono.never()).subscribe();
        await(CallAdmitted.class, e -> true);
        call.dispose();
        assertThat(await(CallFailed.class, e -> true).errMsg()).isEqualTo("request:fail abort");
    }

    @Test
    @DisplayName("D-2 a download reports its progress and its size")
    void downloadProgress() {
        byte[] body = new byte[256 * 1024];
        DisposableServer s = server(r -> r.get("/file", (req, res) -> res.header("Content-Length", String.valueOf(body.length))
                .sendByteArray(Mono.just(body))));
        MiniProgramNetwork net = lanRuntime();
        listen(net);
        net.downloadFile(DownloadOptions.builder(lan(s, "/file")).build()).blockLast(WAIT);
        CallCompleted done = await(CallCompleted.class, e -> true);
        assertThat(done.size()).isEqualTo(body.length);
        assertThat(done.bodyPreview()).isNull();
        assertThat(done.profile()).isNotNull();
        TransferProgress last = await(TransferProgress.class, e -> e.progress() == 100);
        assertThat(last.bytes()).isEqualTo(body.length);
        assertThat(kinds(done.callId())).startsWith(CallStarted.class, CallAdmitted.class, ResponseHeaders.class)
                .endsWith(CallCompleted.class);
    }

    @Test
    @DisplayName("S-3 a socket reports its open, each frame both ways with its size and text, and its close")
    void socketFrames() {
        DisposableServer s = server(r -> r.ws("/echo", (in, out) -> out.sendString(in.receive().asString())));
        MiniProgramNetwork net = lanRuntime();
        listen(net);
        SocketTask task = net.connectSocket(SocketOptions.of("ws://" + LAN_PEER + ":" + s.port() + "/echo")).block(WAIT);
        assertThat(task).isNotNull();
        List<SocketEvent> events = new CopyOnWriteArrayList<>();
        task.events().subscribe(events::add);
        task.send("hello, 世界").block(WAIT);
        Await.until(WAIT, "the echo", () -> events.stream().anyMatch(e -> e instanceof SocketEvent.Message));
        task.close().block(WAIT);
        SocketClosed closed = await(SocketClosed.class, e -> true);
        assertThat(closed.code()).isEqualTo(1000);
        SocketOpened opened = await(SocketOpened.class, e -> e.callId() == closed.callId());
        assertThat(opened.protocol()).isEmpty();
        assertThat(opened.profile()).as("R-10 the opening's timings, as onOpen reports them")
                .isEqualTo(((SocketEvent.Open) events.get(0)).profile());
        int size = "hello, 世界".getBytes(StandardCharsets.UTF_8).length;
        SocketFrame out = await(SocketFrame.class, e -> e.direction() == Direction.SENT);
        SocketFrame in = await(SocketFrame.class, e -> e.direction() == Direction.RECEIVED);
        assertThat(List.of(out, in)).allSatisfy(f -> {
            assertThat(f.callId()).isEqualTo(closed.callId());
            assertThat(f.text()).isTrue();
            assertThat(f.size()).isEqualTo(size);
            assertThat(f.preview()).isEqualTo("hello, 世界");
        });
        assertThat(kinds(closed.callId())).containsExactly(CallStarted.class, CallAdmitted.class, SocketOpened.class,
                SocketFrame.class, SocketFrame.class, SocketClosed.class);
    }

    @Test
    @DisplayName("S-4 a socket refused by the limit reports the refusal")
    void socketRefused() {
        DisposableServer s = server(r -> r.ws("/echo", (in, out) -> out.sendString(in.receive().asString())));
        MiniProgramNetwork net = lanRuntime();
        for (int i = 0; i < 5; i++) {
            net.connectSocket(SocketOptions.of("ws://" + LAN_PEER + ":" + s.port() + "/echo")).block(WAIT);
        }
        listen(net);
        assertThatThrownBy(() -> net.connectSocket(SocketOptions.of("ws://" + LAN_PEER + ":" + s.port() + "/echo"))
                .block(WAIT)).isInstanceOf(io.mpnet.policy.MpNetException.class);
        CallRefused refused = await(CallRefused.class, e -> true);
        assertThat(refused.rule()).isEqualTo("S-4");
        assertThat(refused.errMsg()).isEqualTo("connectSocket:fail exceed max task count");
    }

    @Test
    @DisplayName("a listener sees every event synchronously, and one that throws never fails a call")
    void listener() {
        DisposableServer s = server(r -> r.get("/x", (req, res) -> res.sendString(Mono.just("x"))));
        MiniProgramNetwork net = lanRuntime();
        List<NetworkEvent> heard = new CopyOnWriteArrayList<>();
        Disposable l = net.addEventListener(heard::add);
        Disposable bad = net.addEventListener(e -> {
            throw new IllegalStateException("a listener's own bug");
        });
        HttpResult r = net.request(RequestOptions.get(lan(s, "/x")).build()).block(WAIT);
        assertThat(r.statusCode()).isEqualTo(200);
        // synchronous: by the time the caller has its result, the end has been heard
        assertThat(heard).extracting(e -> (Class) e.getClass()).containsExactly(CallStarted.class, CallAdmitted.class,
                ResponseHeaders.class, CallCompleted.class);
        l.dispose();
        bad.dispose();
        net.request(RequestOptions.get(lan(s, "/x")).build()).block(WAIT);
        assertThat(heard).hasSize(4);
    }

    @Test
    @DisplayName("a call that started while nobody listened is never reported, and no one listening after dispose")
    void onlyWhileListening() {
        DisposableServer s = server(r -> r.get("/x", (req, res) -> res.sendString(Mono.just("x"))));
        MiniProgramNetwork net = lanRuntime();
        net.request(RequestOptions.get(lan(s, "/x")).build()).block(WAIT);
        Disposable d = listen(net);
        net.request(RequestOptions.get(lan(s, "/x")).build()).block(WAIT);
        CallCompleted done = await(CallCompleted.class, e -> true);
        assertThat(done.callId()).isEqualTo(1);
        d.dispose();
        net.request(RequestOptions.get(lan(s, "/x")).build()).block(WAIT);
        net.request(RequestOptions.get(lan(s, "/x")).build()).block(WAIT);
        assertThat(seen).allSatisfy(e -> assertThat(e.callId()).isEqualTo(1));
        assertThat(seen).hasSize(4);
    }
}
