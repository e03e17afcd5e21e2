package io.mpnet.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RequestHeadersTest {

    private static final String REFERER = Profile.WECHAT.referer("wx1", "0");
    private static final String UA = Profile.WECHAT.userAgent();
    private static final FixedHeaders FIXED = new FixedHeaders(REFERER, UA);

    private static Map<String, String> prepare(Map<String, String> header) {
        return RequestHeaders.prepare(ApiKind.REQUEST, header, FIXED, true);
    }

    @Test
    @DisplayName("R-3 content-type defaults to application/json, the fixed Referer (P-9) and User-Agent (R-3u) are set")
    void defaults() {
        assertThat(prepare(Map.of())).containsExactly(Map.entry("Referer", REFERER), Map.entry("User-Agent", UA),
                Map.entry("content-type", "application/json"));
    }

    @ParameterizedTest(name = "R-3 a caller content-type in any case is kept: {0}")
    @ValueSource(strings = {"content-type", "Content-Type", "CONTENT-TYPE"})
    void callerContentTypeKept(String name) {
        Map<String, String> out = prepare(Map.of(name, "application/x-www-form-urlencoded"));
        assertThat(out).containsEntry(name, "application/x-www-form-urlencoded").hasSize(3);
    }

    @Test
    @DisplayName("R-3 no default content-type when not asked for (downloadFile, connectSocket)")
    void noDefault() {
        assertThat(RequestHeaders.prepare(ApiKind.DOWNLOAD_FILE, Map.of(), FIXED, false))
                .containsOnlyKeys("Referer", "User-Agent");
    }

    @ParameterizedTest(name = "P-9 a caller Referer is dropped in any letter case: {0}")
    @ValueSource(strings = {"Referer", "referer", "REFERER", "rEfErEr"})
    void refererDropped(String name) {
        Map<String, String> out = prepare(Map.of(name, "https://evil.example.com/"));
        assertThat(out).containsEntry("Referer", REFERER).doesNotContainValue("https://evil.example.com/");
        assertThat(out.keySet()).filteredOn(k -> k.equalsIgnoreCase("referer")).containsExactly("Referer");
    }

    @Test
    @DisplayName("R-3 the caller's other headers are kept in order, values untouched")
    void keptInOrder() {
        Map<String, String> in = new LinkedHashMap<>();
        in.put("X-B", " spaced value\twith tab ");
        in.put("x-a", "caf\u00e9");
        assertThat(prepare(in)).containsExactly(Map.entry("X-B", " spaced value\twith tab "),
                Map.entry("x-a", "caf\u00e9"), Map.entry("Referer", REFERER), Map.entry("User-Agent", UA),
                Map.entry("content-type", "application/json"));
    }

    @ParameterizedTest(name = "R-3u a caller User-Agent is dropped in any letter case: {0}")
    @ValueSource(strings = {"User-Agent", "user-agent", "USER-AGENT"})
    void userAgentDropped(String name) {
        Map<String, String> out = prepare(Map.of(name, "curl/8.0"));
        assertThat(out).containsEntry("User-Agent", UA).doesNotContainValue("curl/8.0");
        assertThat(out.keySet()).filteredOn(k -> k.equalsIgnoreCase("user-agent")).containsExactly("User-Agent");
    }

    @Test
    @DisplayName("R-3u the profiles' User-Agents have the platform's form and are valid header values")
    void profileUserAgents() {
        assertThat(Profile.WECHAT.userAgent()).startsWith("Mozilla/5.0 (Linux; Android")
                .contains(" MicroMessenger/").endsWith(" MiniProgramEnv/android");
        assertThat(Profile.APPSERVICE.userAgent()).startsWith("Mozilla/5.0 (Linux; Android")
                .doesNotContain("MicroMessenger").endsWith(" MiniProgramEnv/android");
        for (Profile p : Profile.BUILT_IN) {
            assertThat(RequestHeaders.valueProblem(p.userAgent())).as(p.name()).isNull();
        }
    }

    @ParameterizedTest(name = "R-3 header name ''{0}'' is not a token")
    @ValueSource(strings = {"", "X Header", "X-A\r\nInjected", "X:A", "X-\u00e9", "(x)", "a/b", "x\u0000"})
    void badNames(String name) {
        assertThatThrownBy(() -> prepare(Map.of(name, "v")))
                .isInstanceOfSatisfying(MpNetException.class, e -> {
                    assertThat(e.rule()).isEqualTo("R-3");
                    assertThat(e.reason()).isEqualTo(FailReason.INVALID_PARAMETER);
                    assertThat(e.explanation()).contains("header name");
                });
    }

    @ParameterizedTest(name = "R-3 a value with U+{0} fails, naming the header")
    @ValueSource(ints = {0x0d, 0x0a, 0x00, 0x01, 0x1f, 0x7f, 0x4e2d})
    void badValues(int c) {
        String value = "a" + (char) c + "b";
        assertThatThrownBy(() -> prepare(Map.of("X-Token", value)))
                .isInstanceOfSatisfying(MpNetException.class, e -> {
                    assertThat(e.rule()).isEqualTo("R-3");
                    assertThat(e.explanation()).contains("'X-Token'").contains(String.format("U+%04X", c));
                });
    }

    @Test
    @DisplayName("R-3 header injection through a value (CRLF) fails before I/O")
    void crlfInjection() {
        assertThatThrownBy(() -> prepare(Map.of("X-A", "1\r\nX-Admin: true")))
                .isInstanceOfSatisfying(MpNetException.class, e -> assertThat(e.explanation()).contains("header injection"));
    }

    @Test
    @DisplayName("R-3 the content type is found in any letter case")
    void contentTypeLookup() {
        assertThat(RequestHeaders.contentType(Map.of("Content-TYPE", "text/plain"))).isEqualTo("text/plain");
        assertThat(RequestHeaders.contentType(Map.of("x", "y"))).isNull();
    }

    @ParameterizedTest(name = "R-3 a caller {0} is dropped: the body decides the length")
    @ValueSource(strings = {"Content-Length", "content-length", "CONTENT-LENGTH", "Transfer-Encoding", "transfer-encoding"})
    void framingDropped(String name) {
        Map<String, String> in = new LinkedHashMap<>();
        in.put("X-A", "1");
        in.put(name, "10");
        assertThat(prepare(in)).containsOnlyKeys("X-A", "Referer", "User-Agent", "content-type");
    }

    @Test
    @DisplayName("R-3 a null header name or value is a parameter error naming it, not a bare NullPointerException")
    void nulls() {
        Map<String, String> nullValue = RequestHeaders.copy(new LinkedHashMap<>(Map.of("X-Trace", "t")));
        Map<String, String> in = new LinkedHashMap<>();
        in.put("X-Trace", null);
        assertThatThrownBy(() -> prepare(RequestHeaders.copy(in)))
                .isInstanceOfSatisfying(MpNetException.class, e -> {
                    assertThat(e.rule()).isEqualTo("R-3");
                    assertThat(e.errMsg()).isEqualTo("request:fail parameter error");
                    assertThat(e.explanation()).contains("header 'X-Trace' has no value (null)", "leave it out");
                });
        Map<String, String> noName = new LinkedHashMap<>();
        noName.put(null, "v");
        assertThatThrownBy(() -> prepare(RequestHeaders.copy(noName)))
                .isInstanceOfSatisfying(MpNetException.class, e -> assertThat(e.explanation())
                        .contains("a header name is null"));
        assertThat(nullValue).containsExactly(Map.entry("X-Trace", "t"));
        assertThatThrownBy(() -> RequestHeaders.copy(null)).hasMessage("header");
    }
}
