package io.mpnet.runtime.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.http.server.HttpServer;

/** The callback style of wx.request: success/fail/complete, errMsg, abort, listeners, throwing callbacks. */
class WxRequestTest extends WxLoopbackTest {

    final BlockingQueue<String> arrived = new LinkedBlockingQueue<>();
    final Sinks.Empty<Void> gate = Sinks.empty(); // /gated answers once the test opens it

    @Override
    HttpServer peer(HttpServer server) {
        return server.route(r -> r
                .get("/ok", (req, res) -> res.header("X-A", "1").header("Set-Cookie", "s=1")
                        .sendString(Mono.just("hello")))
                .get("/gated", (req, res) -> res.sendString(gate.asMono().then(Mono.just("hello"))))
                .get("/stall", (req, res) -> {
                    arrived.add("stall");
                    return Mono.never();
                }));
    }

    @Override
    Map<String, Object> options(String path, List<Map<String, Object>> results) {
        Map<String, Object> o = super.options(path, results);
        o.put("dataType", "text");
        return o;
    }

    @Test
    @DisplayName("success then complete, errMsg request:ok, with statusCode, header, cookies, data, profile")
    void success() throws Exception {
        List<Map<String, Object>> results = new CopyOnWriteArrayList<>();
        wx.request(options("/ok", results));
        assertThat(next()).isEqualTo("success");
        assertThat(next()).isEqualTo("complete");
        Map<String, Object> res = results.get(0);
        assertThat(res).containsEntry("errMsg", "request:ok").containsEntry("statusCode", 200)
                .containsEntry("data", "hello").containsKey("profile");
        assertThat(res.get("header").toString()).contains("X-A=1");
        assertThat(res.get("cookies")).isEqualTo(List.of("s=1"));
    }

    @Test
    @DisplayName("E-1 fail then complete with errMsg request:fail ... and errno for a refused URL")
    void fail() throws Exception {
        List<Map<String, Object>> results = new CopyOnWriteArrayList<>();
        Map<String, Object> o = options("/ok", results);
        o.put("url", "https://not-configured.example.com/");
        wx.request(o);
        assertThat(next()).isEqualTo("fail");
        assertThat(next()).isEqualTo("complete");
        assertThat(results.get(0)).containsEntry("errMsg", "request:fail url not in domain list")
                .containsEntry("errno", 600002);
    }

    @Test
    @DisplayName("R-8 abort: fail with request:fail abort, then complete; the slot is free")
    void abort() throws Exception {
        List<Map<String, Object>> results = new CopyOnWriteArrayList<>();
        RequestTask task = wx.request(options("/stall", results));
        assertThat(arrived.poll(10, TimeUnit.SECONDS)).isEqualTo("stall");
        task.abort();
        task.abort();
        assertThat(next()).isEqualTo("fail");
        assertThat(next()).isEqualTo("complete");
        assertThat(results.get(0)).containsEntry("errMsg", "request:fail abort");
        nothingMoreIn(calls);
        assertThat(net.availableSlots()).isEqualTo(10);
    }

    @Test
    @DisplayName("R-9 onHeadersReceived fires before success; offHeadersReceived stops a listener")
    void headersListener() throws Exception {
        List<Map<String, Object>> results = new CopyOnWriteArrayList<>();
        RequestTask task = wx.request(options("/gated", results));
        Consumer<Map<String, Object>> removed = h -> calls.add("removed listener");
        task.onHeadersReceived(h -> calls.add("headers " + h.get("statusCode")));
        task.onHeadersReceived(removed);
        task.offHeadersReceived(removed);
        gate.tryEmitEmpty(); // the server answers only now that the listeners are in place
        assertThat(next()).isEqualTo("headers 200");
        assertThat(next()).isEqualTo("success");
        assertThat(next()).isEqualTo("complete");
    }

    @Test
    @DisplayName("R-9 as on the platform, a headers listener added after the headers were dispatched hears nothing: nothing is replayed")
    void lateHeadersListener() throws Exception {
        List<Map<String, Object>> results = new CopyOnWriteArrayList<>();
        RequestTask task = inTask(() -> wx.request(options("/ok", results)));
        assertThat(next()).isEqualTo("success");
        assertThat(next()).isEqualTo("complete");
        inTask(() -> {
            task.onHeadersReceived(h -> calls.add("late headers " + h.get("statusCode")));
            return task;
        });
        nothingMoreIn(calls);
    }

    @Test
    @DisplayName("L-2 callbacks that throw do not break the call, leak the slot or harm the runtime")
    void throwingCallbacks() throws Exception {
        Map<String, Object> o = new HashMap<>();
        o.put("url", url("/ok"));
        o.put("success", (Consumer<Map<String, Object>>) res -> {
            calls.add("success");
            throw new IllegalStateException("user bug");
        });
        o.put("complete", (Consumer<Map<String, Object>>) res -> {
            calls.add("complete");
            throw new IllegalStateException("user bug");
        });
        RequestTask task = wx.request(o);
        task.onHeadersReceived(h -> {
            throw new IllegalStateException("user bug");
        });
        assertThat(next()).isEqualTo("success");
        assertThat(next()).isEqualTo("complete");
        assertThat(net.availableSlots()).isEqualTo(10);
        List<Map<String, Object>> results = new CopyOnWriteArrayList<>();
        wx.request(options("/ok", results));
        assertThat(next()).isEqualTo("success");
    }

    @Test
    @DisplayName("E-3 GET data that refers to itself: fail with a parameter error, then complete; nothing thrown")
    void selfReferencingData() throws Exception {
        List<Map<String, Object>> results = new CopyOnWriteArrayList<>();
        Map<String, Object> o = options("/ok", results);
        Map<String, Object> data = new HashMap<>();
        data.put("self", data);
        o.put("data", data);
        wx.request(o);
        assertThat(next()).isEqualTo("fail");
        assertThat(next()).isEqualTo("complete");
        assertThat(results.get(0)).containsEntry("errMsg", "request:fail parameter error");
    }
}
