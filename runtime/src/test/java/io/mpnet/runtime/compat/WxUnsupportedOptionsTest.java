package io.mpnet.runtime.compat;

import static org.assertj.core.api.Assertions.assertThat;

import io.mpnet.testing.LogCapture;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServer;

/** the platform's options mpnet cannot honour are read, said once to have no effect, and harm nothing. */
class WxUnsupportedOptionsTest extends WxLoopbackTest {

    @RegisterExtension
    final LogCapture log = LogCapture.debugOf(UnsupportedOptions.class);

    @Override
    HttpServer peer(HttpServer server) {
        return server.route(r -> r.get("/ok", (req, res) -> res.sendString(Mono.just("hello")))
                .ws("/ws", (in, out) -> out.sendString(in.receive().asString())));
    }

    @Test
    @DisplayName("R-14 enableQuic, enableHttpDNS, httpDNSServiceId...: the call succeeds as without them, with useHttpDNS false; one debug line per runtime names them")
    void readAndSaidOnce() throws Exception {
        List<Map<String, Object>> results = new CopyOnWriteArrayList<>();
        Map<String, Object> o = options("/ok", results);
        o.put("enableQuic", true);
        o.put("enableHttpDNS", true);
        o.put("httpDNSServiceId", "sid");
        wx.request(o);
        assertThat(next()).isEqualTo("success");
        assertThat(next()).isEqualTo("complete");
        assertThat(results.get(0)).containsEntry("statusCode", 200).containsEntry("useHttpDNS", false);

        Map<String, Object> again = options("/ok", results);
        again.put("enableCache", true);
        again.put("useHighPerformanceMode", true);
        again.put("forceCellularNetwork", true);
        wx.request(again);
        assertThat(next()).isEqualTo("success");
        assertThat(next()).isEqualTo("complete");

        assertThat(log.debugs()).singleElement().satisfies(e -> assertThat(e.getFormattedMessage())
                .startsWith("request: enableQuic, enableHttpDNS, httpDNSServiceId have no effect in mpnet (R-14)"));
    }

    @Test
    @DisplayName("R-14 connectSocket's forceCellularNetwork: the socket opens as without it; one debug line names it")
    void socketOption() throws Exception {
        Map<String, Object> o = options("/ws", new CopyOnWriteArrayList<>());
        o.put("url", url("/ws").replaceFirst("^http", "ws"));
        o.put("forceCellularNetwork", true);
        SocketTask task = wx.connectSocket(o);
        assertThat(next()).isEqualTo("success");
        assertThat(next()).isEqualTo("complete");
        task.close(Map.of());
        assertThat(log.debugs()).singleElement().satisfies(e -> assertThat(e.getFormattedMessage())
                .startsWith("connectSocket: forceCellularNetwork has no effect in mpnet (R-14)"));
    }

    @Test
    @DisplayName("R-14 a call without those options logs nothing")
    void nothingGivenNothingSaid() throws Exception {
        wx.request(options("/ok", new CopyOnWriteArrayList<>()));
        assertThat(next()).isEqualTo("success");
        assertThat(log.debugs()).isEmpty();
    }
}
