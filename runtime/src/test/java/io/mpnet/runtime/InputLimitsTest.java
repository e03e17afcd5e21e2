package io.mpnet.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.mpnet.policy.DataType;
import io.mpnet.policy.FailReason;
import io.mpnet.policy.MpNetException;
import io.mpnet.policy.ResponseType;
import io.mpnet.policy.UrlLength;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.test.StepVerifier;

/**
 * Input a hostile or careless caller may hand over, through the whole runtime on loopback: it fails
 * that call alone with a clear {@link MpNetException} (E-3), before any connection or slot.
 */
class InputLimitsTest extends LoopbackTest {

    DisposableServer counting() {
        return countingServer(r -> r.route(req -> true, (req, res) -> res.sendString(Mono.just("reached"))));
    }

    /** {@code call} fails with {@code rule}, as a parameter error, without a connection; the runtime goes on. */
    void assertRefusedBeforeIo(MiniProgramNetwork net, DisposableServer s, Mono<?> call, String rule,
            Consumer<MpNetException> more) {
        StepVerifier.create(call)
                .expectErrorSatisfies(e -> {
                    assertThat(e).isInstanceOf(MpNetException.class);
                    MpNetException m = (MpNetException) e;
                    assertThat(m.rule()).as(m.getMessage()).isEqualTo(rule);
                    assertThat(m.reason()).isIn(FailReason.INVALID_PARAMETER, FailReason.INVALID_DATA);
                    assertThat(m.errMsg()).endsWith(":fail parameter error");
                    more.accept(m);
                })
                .verify(WAIT);
        assertThat(acceptedConnections).as("connections accepted").hasValue(0);
        assertThat(net.availableSlots()).isEqualTo(10);
        HttpResult ok = net.request(RequestOptions.get(lan(s, "/after")).build()).block(WAIT);
        assertThat(ok.data()).as("the next call goes on").isEqualTo("reached");
    }

    static Map<String, Object> selfReferencing() {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("page", 1);
        data.put("self", data);
        return data;
    }

    @Test
    @DisplayName("E-3 a URL over UrlLength.MAX characters is refused naming the limit: no connection, no slot")
    void urlTooLong() {
        DisposableServer s = counting();
        MiniProgramNetwork net = lanRuntime();
        String url = lan(s, "/?q=") + "x".repeat(UrlLength.MAX);
        assertRefusedBeforeIo(net, s, net.request(RequestOptions.get(url).build()), "E-3",
                e -> assertThat(e.getMessage()).contains("over the limit of " + UrlLength.MAX));
    }

    @Test
    @DisplayName("E-3 a GET whose data makes the URL longer than UrlLength.MAX is refused the same way")
    void queryMakesUrlTooLong() {
        DisposableServer s = counting();
        MiniProgramNetwork net = lanRuntime();
        Map<String, Object> data = Map.of("q", "x".repeat(UrlLength.MAX));
        assertRefusedBeforeIo(net, s, net.request(RequestOptions.get(lan(s, "/")).data(data).build()), "E-3",
                e -> assertThat(e.getMessage()).contains("UrlLength.MAX"));
    }

    @Test
    @DisplayName("E-3 GET data that refers to itself is a parameter error, not a StackOverflowError")
    void getDataCycle() {
        DisposableServer s = counting();
        MiniProgramNetwork net = lanRuntime();
        assertRefusedBeforeIo(net, s, net.request(RequestOptions.get(lan(s, "/")).data(selfReferencing()).build()),
                "E-3", e -> assertThat(e.getMessage()).contains("refers to itself", "128"));
    }

    @Test
    @DisplayName("E-3 a JSON body that refers to itself is a parameter error, not a StackOverflowError")
    void jsonBodyCycle() {
        DisposableServer s = counting();
        MiniProgramNetwork net = lanRuntime();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("items", List.of(Map.of("owner", data)));
        assertRefusedBeforeIo(net, s, net.request(RequestOptions.post(lan(s, "/")).data(data).build()),
                "E-3", e -> assertThat(e.getMessage()).contains("refers to itself", "128"));
    }

    /** One call kind with a header, to the LAN peer served by {@code s}. */
    enum Kind {
        REQUEST, UPLOAD_FILE, DOWNLOAD_FILE, CONNECT_SOCKET
    }

    Mono<?> callWithHeader(MiniProgramNetwork net, Kind kind, DisposableServer s, String name, String value)
            throws Exception {
        Map<String, String> h = new LinkedHashMap<>();
        h.put(name, value);
        // the canonical constructors: the builders refuse these headers already (OptionBuildersTest)
        return switch (kind) {
            case REQUEST -> net.request(new RequestOptions(lan(s, "/"), null, null, h, DataType.JSON, ResponseType.TEXT,
                    null, Redirect.FOLLOW, false, false));
            case UPLOAD_FILE -> net.uploadFile(new UploadOptions(lan(s, "/"),
                    Files.writeString(dir.resolve("up.txt"), "x"), "f", h, Map.of(), null)).then();
            case DOWNLOAD_FILE -> net.downloadFile(new DownloadOptions(lan(s, "/"), h, null, null)).then();
            case CONNECT_SOCKET -> net.connectSocket(new SocketOptions(lan(s, "/").replace("http:", "ws:"), h, List.of(),
                    false, false, null, SocketOptions.DEFAULT_MAX_QUEUED_BYTES, SocketOptions.DEFAULT_MAX_MESSAGE_BYTES));
        };
    }

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({
        "REQUEST,        null value", "REQUEST,        null name",
        "UPLOAD_FILE,    null value", "UPLOAD_FILE,    null name",
        "DOWNLOAD_FILE,  null value", "DOWNLOAD_FILE,  null name",
        "CONNECT_SOCKET, null value", "CONNECT_SOCKET, null name",
    })
    @DisplayName("R-3 a null header name or value fails that call alone, naming it: no NullPointerException, no connection")
    void nullHeader(Kind kind, String what) throws Exception {
        DisposableServer s = counting();
        MiniProgramNetwork net = lanRuntime();
        boolean nullValue = what.equals("null value");
        Mono<?> call = callWithHeader(net, kind, s, nullValue ? "X-Trace" : null, nullValue ? null : "t");
        assertRefusedBeforeIo(net, s, call, "R-3", e -> assertThat(e.explanation())
                .contains(nullValue ? "header 'X-Trace' has no value (null)" : "a header name is null"));
    }
}
