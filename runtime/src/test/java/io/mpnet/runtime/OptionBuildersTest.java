package io.mpnet.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mpnet.policy.ApiKind;
import io.mpnet.policy.DataType;
import io.mpnet.policy.FailReason;
import io.mpnet.policy.MpNetException;
import io.mpnet.policy.ResponseType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * The options builders refuse a bad value when it is set, with the {@link MpNetException} (rule,
 * field, value, fix) the call gives for options made with the canonical constructor, which the
 * call still checks. Each refusal is compared with the call's own failure, word for word.
 */
class OptionBuildersTest extends LoopbackTest {

    static final String URL = "http://" + LAN_PEER + ":8080/";
    static final String WS = "ws://" + LAN_PEER + ":8080/";
    @TempDir
    static Path dir;
    /** An existing file: uploadFile checks its file (U-1) before its headers and timeout. */
    static Path FILE;

    @BeforeAll
    static void file() throws IOException {
        FILE = Files.writeString(dir.resolve("up.txt"), "x");
    }

    /** Every options type with a builder. */
    enum Kind {
        REQUEST(ApiKind.REQUEST), UPLOAD_FILE(ApiKind.UPLOAD_FILE), DOWNLOAD_FILE(ApiKind.DOWNLOAD_FILE),
        CONNECT_SOCKET(ApiKind.CONNECT_SOCKET), GUARD(ApiKind.REQUEST);

        final ApiKind api;

        Kind(ApiKind api) {
            this.api = api;
        }
    }

    MiniProgramNetwork net() {
        return runtime(lanConfig().build());
    }

    @ParameterizedTest(name = "{0}: {1} ms")
    @CsvSource({"REQUEST, 0", "REQUEST, -1", "UPLOAD_FILE, 0", "DOWNLOAD_FILE, -5000", "CONNECT_SOCKET, 0",
            "CONNECT_SOCKET, -1", "GUARD, 0"})
    @DisplayName("T-1 a timeout of zero or less is refused when set, with the message the call gives")
    void timeout(Kind kind, long millis) {
        Duration t = Duration.ofMillis(millis);
        MpNetException atSet = refused(() -> timeoutSetter(kind, t), "T-1", kind.api);
        assertThat(atSet.explanation()).contains("timeout " + millis + " ms", "positive", "60000");
        assertThat(atSet.getMessage()).isEqualTo(callFailure(call(net(), kind, Map.of(), t)).getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Kind.class)
    @DisplayName("R-3 a null header name, a null value or a CR/LF value is refused when set, naming the header as the call does")
    void header(Kind kind) {
        MiniProgramNetwork net = net();
        Map<String, String> nullName = new LinkedHashMap<>();
        nullName.put(null, "t");
        Map<String, String> nullValue = new LinkedHashMap<>();
        nullValue.put("X-Trace", null);
        for (Map<String, String> bad : List.of(nullName, nullValue, Map.of("X-A", "a\r\nB: b"), Map.of("X A", "1"))) {
            Map.Entry<String, String> e = bad.entrySet().iterator().next();
            MpNetException one = refused(() -> headerSetter(kind, e.getKey(), e.getValue()), "R-3", kind.api);
            MpNetException all = refused(() -> headersSetter(kind, bad), "R-3", kind.api);
            String atCall = callFailure(call(net, kind, bad, null)).getMessage();
            assertThat(one.getMessage()).isEqualTo(atCall);
            assertThat(all.getMessage()).isEqualTo(atCall);
        }
    }

    @Test
    @DisplayName("R-3 a refused header map adds none of its headers; P-9 a Referer's value is not judged, as the call drops it")
    void refusedMapAddsNothing() {
        Map<String, String> mixed = new LinkedHashMap<>();
        mixed.put("X-Good", "1");
        mixed.put("X-Bad", "a\nb");
        RequestOptions.Builder b = RequestOptions.get(URL);
        assertThatThrownBy(() -> b.header(mixed)).isInstanceOf(MpNetException.class);
        assertThat(b.build().header()).isEmpty();
        assertThat(RequestOptions.get(URL).header("Referer", "x\r\ny").build().header()).containsKey("Referer");
    }

    @Test
    @DisplayName("R-1 a method the platform does not accept is refused when set, as the call refuses it")
    void method() {
        MpNetException atSet = refused(() -> RequestOptions.builder(URL).method("get"), "R-1", ApiKind.REQUEST);
        assertThat(atSet.explanation()).contains("'get'", "upper case");
        assertThat(atSet.getMessage()).isEqualTo(callFailure(net().request(new RequestOptions(URL, "get", null,
                Map.of(), DataType.JSON, ResponseType.TEXT, null, Redirect.FOLLOW, false, false))).getMessage());
        refused(() -> GuardOptions.builder("BREW", URL), "R-1", ApiKind.REQUEST);
        assertThat(RequestOptions.builder(URL).method(null).build().method()).isNull(); // null is GET
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource({"maxQueuedBytes, 0", "maxQueuedBytes, -1", "maxMessageBytes, 0", "maxMessageBytes, -2147483648"})
    @DisplayName("E-3 a byte bound below 1 is refused when set, naming the field, with the message the call gives")
    void byteBounds(String field, long value) {
        SocketOptions.Builder b = SocketOptions.builder(WS);
        MpNetException atSet = refused(() -> {
            if (field.equals("maxQueuedBytes")) {
                b.maxQueuedBytes(value);
            } else {
                b.maxMessageBytes((int) value);
            }
        }, "E-3", ApiKind.CONNECT_SOCKET);
        assertThat(atSet.explanation()).startsWith(field + " " + value).contains("positive");
        SocketOptions atCall = new SocketOptions(WS, Map.of(), List.of(), false, false, null,
                field.equals("maxQueuedBytes") ? value : SocketOptions.DEFAULT_MAX_QUEUED_BYTES,
                field.equals("maxMessageBytes") ? (int) value : SocketOptions.DEFAULT_MAX_MESSAGE_BYTES);
        assertThat(atSet.getMessage()).isEqualTo(callFailure(net().connectSocket(atCall)).getMessage());
        assertThat(b.build().maxQueuedBytes()).isEqualTo(SocketOptions.DEFAULT_MAX_QUEUED_BYTES); // left as it was
    }

    @Test
    @DisplayName("S-1 a sub-protocol that is not a token, or is offered twice, is refused when set, as the call refuses it")
    void subProtocols() {
        MpNetException notToken = refused(() -> SocketOptions.builder(WS).protocols("a,b"), "S-1", ApiKind.CONNECT_SOCKET);
        assertThat(notToken.getMessage()).isEqualTo(callFailure(net().connectSocket(
                new SocketOptions(WS, Map.of(), List.of("a,b"), false, false, null, 1, 1))).getMessage());
        SocketOptions.Builder b = SocketOptions.builder(WS).protocols("chat");
        refused(() -> b.protocols("v2", "chat"), "S-1", ApiKind.CONNECT_SOCKET);
        refused(() -> SocketOptions.builder(WS).protocols((String) null), "S-1", ApiKind.CONNECT_SOCKET);
        assertThat(b.build().protocols()).containsExactly("chat");
    }

    @Test
    @DisplayName("T-1 R-3 good values still build, and toBuilder keeps them")
    void goodValues() {
        RequestOptions r = RequestOptions.post(URL).method("PUT").header("X-A", "1").timeout(Duration.ofSeconds(5)).build();
        assertThat(r.toBuilder().build()).isEqualTo(r);
        SocketOptions s = SocketOptions.builder(WS).protocols("chat").maxQueuedBytes(1).maxMessageBytes(1)
                .timeout(Duration.ofMillis(1)).build();
        assertThat(s.toBuilder().build()).isEqualTo(s);
        GuardOptions g = GuardOptions.builder("POST", URL).header(Map.of("X-A", "1")).timeout(null).build();
        assertThat(g).isEqualTo(new GuardOptions("POST", URL, Map.of("X-A", "1"), null));
        assertThat(GuardOptions.of("GET", URL).header()).isEmpty();
    }

    // ------------------------------------------------------------------ helpers

    static MpNetException refused(Executable set, String rule, ApiKind api) {
        AtomicReference<@Nullable MpNetException> thrown = new AtomicReference<>();
        assertThatThrownBy(set::execute).isInstanceOfSatisfying(MpNetException.class, e -> {
            assertThat(e.rule()).isEqualTo(rule);
            assertThat(e.api()).isEqualTo(api);
            assertThat(e.reason()).isEqualTo(FailReason.INVALID_PARAMETER);
            thrown.set(e);
        });
        return thrown.get();
    }

    static MpNetException callFailure(Flux<?> call) {
        AtomicReference<@Nullable Throwable> error = new AtomicReference<>();
        StepVerifier.create(call).expectErrorSatisfies(error::set).verify(WAIT);
        assertThat(error.get()).isInstanceOf(MpNetException.class);
        return (MpNetException) error.get();
    }

    static MpNetException callFailure(Mono<?> call) {
        return callFailure(call.flux());
    }

    static void timeoutSetter(Kind kind, Duration t) {
        switch (kind) {
            case REQUEST -> RequestOptions.get(URL).timeout(t);
            case UPLOAD_FILE -> UploadOptions.builder(URL, FILE, "f").timeout(t);
            case DOWNLOAD_FILE -> DownloadOptions.builder(URL).timeout(t);
            case CONNECT_SOCKET -> SocketOptions.builder(WS).timeout(t);
            case GUARD -> GuardOptions.builder("GET", URL).timeout(t);
        }
    }

    static void headerSetter(Kind kind, String name, String value) {
        switch (kind) {
            case REQUEST -> RequestOptions.get(URL).header(name, value);
            case UPLOAD_FILE -> UploadOptions.builder(URL, FILE, "f").header(name, value);
            case DOWNLOAD_FILE -> DownloadOptions.builder(URL).header(name, value);
            case CONNECT_SOCKET -> SocketOptions.builder(WS).header(name, value);
            case GUARD -> GuardOptions.builder("GET", URL).header(name, value);
        }
    }

    static void headersSetter(Kind kind, Map<String, String> header) {
        switch (kind) {
            case REQUEST -> RequestOptions.get(URL).header(header);
            case UPLOAD_FILE -> UploadOptions.builder(URL, FILE, "f").header(header);
            case DOWNLOAD_FILE -> DownloadOptions.builder(URL).header(header);
            case CONNECT_SOCKET -> SocketOptions.builder(WS).header(header);
            case GUARD -> GuardOptions.builder("GET", URL).header(header);
        }
    }

    /** The call of {@code kind} with options made by the canonical constructor: nothing checked before the call. */
    static Flux<?> call(MiniProgramNetwork net, Kind kind, Map<String, String> header, @Nullable Duration t) {
        return switch (kind) {
            case REQUEST -> net.request(new RequestOptions(URL, null, null, header, DataType.JSON, ResponseType.TEXT, t,
                    Redirect.FOLLOW, false, false)).flux();
            case UPLOAD_FILE -> net.uploadFile(new UploadOptions(URL, FILE, "f", header, Map.of(), t));
            case DOWNLOAD_FILE -> net.downloadFile(new DownloadOptions(URL, header, null, t));
            case CONNECT_SOCKET -> net.connectSocket(new SocketOptions(WS, header, List.of(), false, false, t,
                    SocketOptions.DEFAULT_MAX_QUEUED_BYTES, SocketOptions.DEFAULT_MAX_MESSAGE_BYTES)).flux();
            case GUARD -> net.guard(new GuardOptions("GET", URL, header, t), h -> Mono.empty());
        };
    }
}
