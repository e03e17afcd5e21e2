package io.mpnet.runtime.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServer;

/**
 * The options builders refuse a bad value when it is set; the callback layer, which builds its
 * options from the platform's maps, still reports that refusal through {@code fail} (then
 * {@code complete}), under the rule the builder named, and throws nothing.
 */
class WxRefusedOptionsTest extends WxLoopbackTest {

    @TempDir
    Path storage;

    @Override
    @Nullable Path storage() {
        return storage;
    }

    @Override
    HttpServer peer(HttpServer server) {
        return server.route(r -> r.get("/ok", (req, res) -> res.sendString(Mono.just("ok"))));
    }

    @ParameterizedTest(name = "{0} with {1}")
    @CsvSource({
        "request,       timeout 0,  T-1", "request,       CR/LF header, R-3",
        "uploadFile,    timeout 0,  T-1", "uploadFile,    CR/LF header, R-3",
        "downloadFile,  timeout -1, T-1", "downloadFile,  CR/LF header, R-3",
        "connectSocket, timeout 0,  T-1", "connectSocket, CR/LF header, R-3",
    })
    @org.junit.jupiter.api.DisplayName("E-3 a value the options builder refuses reaches fail, then complete, under the builder's rule; nothing is thrown")
    void refusedValueIsAFail(String api, String bad, String rule) throws Exception {
        List<Map<String, Object>> results = new CopyOnWriteArrayList<>();
        Map<String, Object> o = options("/ok", results);
        if (bad.startsWith("timeout")) {
            o.put("timeout", Integer.parseInt(bad.substring("timeout ".length())));
        } else {
            o.put("header", Map.of("X-A", "a\r\nB: b"));
        }
        Function<Map<String, Object>, Object> call = switch (api) {
            case "request" -> wx::request;
            case "uploadFile" -> m -> {
                m.put("filePath", Wx.USER_DATA_PATH + "/up.txt");
                m.put("name", "f");
                return wx.uploadFile(m);
            };
            case "downloadFile" -> wx::downloadFile;
            default -> m -> {
                m.put("url", url("/ok").replace("http:", "ws:"));
                return wx.connectSocket(m);
            };
        };
        Files.createDirectories(storage.resolve("usr"));
        Files.writeString(storage.resolve("usr/up.txt"), "x");
        assertThat(call.apply(o)).isNotNull();
        assertThat(next()).isEqualTo("fail");
        assertThat(next()).isEqualTo("complete");
        assertThat(results.get(0)).containsEntry("errMsg", api + ":fail parameter error").containsEntry("rule", rule);
        assertThat(net.availableSlots()).isEqualTo(10);
        assertThat(net.openSockets()).isZero();
    }
}
