package io.mpnet.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class EncodedRequestTest {

    private static final String URL = "https://api.example.com/path";

    private static Map<String, Object> data() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("x", "a b&c=d");
        m.put("y", 1);
        m.put("中", "文");
        return m;
    }

    private static EncodedRequest encode(RequestMethod m, String url, String contentType, Object data) {
        return EncodedRequest.encode(ApiKind.REQUEST, m, url, contentType, data);
    }

    private static String body(EncodedRequest r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    @Test
    @DisplayName("R-2 GET with an object: query string in the URL, empty body")
    void queryMethod() {
        EncodedRequest r = encode(RequestMethod.GET, URL, null, data());
        assertThat(r.url()).isEqualTo(URL + "?x=a%20b%26c%3Dd&y=1&%E4%B8%AD=%E6%96%87");
        assertThat(r.body()).isEmpty();
    }

    @ParameterizedTest(name = "R-2 {0} with an object follows POST: JSON by default, a form body with x-www-form-urlencoded, the URL as it is")
    @EnumSource(value = RequestMethod.class, names = {"DELETE", "HEAD", "OPTIONS"})
    void objectBodyMethods(RequestMethod m) {
        EncodedRequest json = encode(m, URL, null, Map.of("k", "v w"));
        assertThat(json.url()).isEqualTo(URL);
        assertThat(body(json)).isEqualTo("{\"k\":\"v w\"}");
        EncodedRequest form = encode(m, URL, "application/x-www-form-urlencoded", Map.of("k", "v w"));
        assertThat(form.url()).isEqualTo(URL);
        assertThat(body(form)).isEqualTo("k=v%20w");
    }

    @ParameterizedTest(name = "R-2 GET query goes after ''{0}''")
    @CsvSource(delimiter = '|', value = {
        "https://a.com/p|https://a.com/p?k=v",
        "https://a.com/p?q=1|https://a.com/p?q=1&k=v",
        "https://a.com/p?|https://a.com/p?k=v",
        "https://a.com/p?q=1&|https://a.com/p?q=1&k=v",
        "https://a.com/p#frag|https://a.com/p?k=v#frag",
        "https://a.com/p?q=1#frag?x|https://a.com/p?q=1&k=v#frag?x",
    })
    void querySeparator(String url, String expected) {
        assertThat(encode(RequestMethod.GET, url, null, Map.of("k", "v")).url()).isEqualTo(expected);
    }

    @Test
    @DisplayName("R-2 GET with an empty object leaves the URL as it is")
    void emptyObject() {
        assertThat(encode(RequestMethod.GET, URL, null, Map.of()).url()).isEqualTo(URL);
    }

    @Test
    @DisplayName("R-2 query values: numbers as JavaScript prints them, booleans, null, nested objects as JSON")
    void queryValues() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("i", 42);
        m.put("d", 1.0);
        m.put("f", 0.5);
        m.put("big", new BigDecimal("1.50"));
        m.put("b", true);
        m.put("n", null);
        m.put("o", Map.of("k", "v"));
        m.put("a", List.of(1, "two"));
        assertThat(encode(RequestMethod.GET, URL, null, m).url()).isEqualTo(URL
                + "?i=42&d=1&f=0.5&big=1.5&b=true&n=null&o=%7B%22k%22%3A%22v%22%7D&a=%5B1%2C%22two%22%5D");
    }

    @ParameterizedTest(name = "R-2 JavaScript number text: {0} -> {1}")
    @CsvSource({
        "1.0,1", "-0.0,0", "0.1,0.1", "123456789012,123456789012", "1e21,1e+21", "1.5e300,1.5e+300",
        "1e-6,0.000001", "1.5e-7,1.5e-7", "1e-7,1e-7", "100,100", "1.25e20,125000000000000000000",
    })
    void jsNumbers(double d, String expected) {
        assertThat(EncodedRequest.jsNumber(d)).isEqualTo(expected);
    }

    @Test
    @DisplayName("R-2 a record is encoded by its components")
    void recordData() {
        record Login(String code, int tries) {
        }
        assertThat(encode(RequestMethod.GET, URL, null, new Login("a/b", 2)).url()).isEqualTo(URL + "?code=a%2Fb&tries=2");
        assertThat(body(encode(RequestMethod.POST, URL, null, new Login("a/b", 2)))).isEqualTo("{\"code\":\"a/b\",\"tries\":2}");
    }

    @Test
    @DisplayName("R-2 a top-level list is keyed by index, as Object.keys of a JavaScript array")
    void listData() {
        assertThat(encode(RequestMethod.GET, URL, null, List.of("a", "b")).url()).isEqualTo(URL + "?0=a&1=b");
    }

    @ParameterizedTest(name = "R-2 {0} with content-type ''{1}'': JSON body")
    @CsvSource(value = {
        "POST,", "POST,application/json", "PUT,Application/JSON; charset=utf-8", "POST,text/plain",
    })
    void jsonBody(RequestMethod m, String contentType) {
        EncodedRequest r = encode(m, URL, contentType, data());
        assertThat(r.url()).isEqualTo(URL);
        assertThat(body(r)).isEqualTo("{\"x\":\"a b&c=d\",\"y\":1,\"中\":\"文\"}");
    }

    @ParameterizedTest(name = "R-2 {0} with content-type ''{1}'': query-string form in the body")
    @CsvSource(value = {
        "POST,application/x-www-form-urlencoded",
        "PUT,APPLICATION/X-WWW-FORM-URLENCODED;charset=UTF-8",
        "POST,' application/x-www-form-urlencoded '",
    })
    void formBody(RequestMethod m, String contentType) {
        EncodedRequest r = encode(m, URL, contentType, data());
        assertThat(r.url()).isEqualTo(URL);
        assertThat(body(r)).isEqualTo("x=a%20b%26c%3Dd&y=1&%E4%B8%AD=%E6%96%87");
    }

    @ParameterizedTest(name = "R-2 string data goes as it is with {0} (never into the URL)")
    @EnumSource(RequestMethod.class)
    void stringAsIs(RequestMethod m) {
        EncodedRequest r = encode(m, URL, "application/json", "{\"raw\": \"中 文\"}");
        assertThat(r.url()).isEqualTo(URL);
        assertThat(body(r)).isEqualTo("{\"raw\": \"中 文\"}");
    }

    @Test
    @DisplayName("R-2 a string is not re-encoded as JSON or form even with those content types")
    void stringNotReencoded() {
        assertThat(body(encode(RequestMethod.POST, URL, "application/x-www-form-urlencoded", "a=1&b=2"))).isEqualTo("a=1&b=2");
    }

    @ParameterizedTest(name = "R-2 bytes go raw with {0}")
    @EnumSource(value = RequestMethod.class, names = {"GET", "POST", "PUT"})
    void bytesRaw(RequestMethod m) {
        byte[] bytes = {0, (byte) 0xff, 10, 13};
        EncodedRequest r = encode(m, URL, "application/json", bytes);
        assertThat(r.body()).containsExactly(bytes);
        assertThat(r.url()).isEqualTo(URL);
    }

    @Test
    @DisplayName("R-2 no data: the URL as it is, an empty body")
    void noData() {
        assertThat(encode(RequestMethod.POST, URL, null, null)).isEqualTo(new EncodedRequest(URL, new byte[0]));
    }

    @Test
    @DisplayName("R-2 a number or boolean is sent as its JavaScript text")
    void scalars() {
        assertThat(body(encode(RequestMethod.POST, URL, null, 2.0))).isEqualTo("2");
        assertThat(body(encode(RequestMethod.GET, URL, null, false))).isEqualTo("false");
    }

    @Test
    @DisplayName("R-2 data Jackson cannot serialise fails that call with a parameter error")
    void unserialisable() {
        Object opaque = new Bomb();
        assertThatThrownBy(() -> encode(RequestMethod.POST, URL, null, opaque))
                .isInstanceOfSatisfying(MpNetException.class, e -> {
                    assertThat(e.rule()).isEqualTo("R-2");
                    assertThat(e.reason()).isEqualTo(FailReason.INVALID_DATA);
                    assertThat(e.getCause()).isNotNull();
                });
    }

    @Test
    @DisplayName("R-2 a lone surrogate in a query key or value fails (JavaScript throws URIError)")
    void loneSurrogateInQuery() {
        assertThatThrownBy(() -> encode(RequestMethod.GET, URL, null, Map.of("k", "a\ud800b")))
                .isInstanceOfSatisfying(MpNetException.class, e -> {
                    assertThat(e.rule()).isEqualTo("R-2");
                    assertThat(e.explanation()).contains("lone surrogate");
                });
    }

    @ParameterizedTest(name = "R-2 encodeURIComponent(''{0}'') = ''{1}''")
    @CsvSource(delimiter = '|', value = {
        "AZaz09-_.!~*'()|AZaz09-_.!~*'()",
        "' '|%20",
        "+/?:@&=+$,#|%2B%2F%3F%3A%40%26%3D%2B%24%2C%23",
        "%|%25",
        "é|%C3%A9",
        "中文|%E4%B8%AD%E6%96%87",
        "😀|%F0%9F%98%80",
        "\"<>\\^`{}|%22%3C%3E%5C%5E%60%7B%7D",
    })
    void encodeUriComponent(String in, String out) {
        assertThat(EncodedRequest.encodeURIComponent("|")).isEqualTo("%7C");
        assertThat(EncodedRequest.encodeURIComponent(in)).isEqualTo(out);
    }

    /** A bean whose getter throws: Jackson cannot serialise it. */
    static final class Bomb {
        public String getX() {
            throw new IllegalStateException("boom");
        }
    }

    @ParameterizedTest(name = "R-2 encodeURIComponent refuses a lone surrogate")
    @ValueSource(strings = {"\ud800", "a\udc00", "\ude00\ud83d", "x\ud83d"})
    void encodeUriComponentLoneSurrogate(String in) {
        assertThatThrownBy(() -> EncodedRequest.encodeURIComponent(in))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lone surrogate");
    }

    @Test
    @DisplayName("R-2 queryString of a map")
    void queryStringOfMap() {
        assertThat(EncodedRequest.queryString(data())).isEqualTo("x=a%20b%26c%3Dd&y=1&%E4%B8%AD=%E6%96%87");
    }

    /** A map nesting {@code depth} objects, the innermost holding a string. */
    static Object nested(int depth) {
        Object v = "x";
        for (int i = 0; i < depth; i++) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("a", v);
            v = m;
        }
        return v;
    }

    static Object cycle(String kind) {
        Map<String, Object> m = new LinkedHashMap<>();
        List<Object> l = new java.util.ArrayList<>();
        switch (kind) {
            case "map" -> m.put("self", m);
            case "list" -> {
                l.add(m);
                m.put("items", l);
            }
            case "nested" -> m.put("a", Map.of("b", List.of(m)));
            default -> throw new IllegalArgumentException(kind);
        }
        m.put("ok", 1);
        return m;
    }

    @ParameterizedTest(name = "{0} with {1} data")
    @CsvSource({
        "GET,  map,    ",
        "GET,  list,   ",
        "GET,  nested, ",
        "DELETE, map,  ",
        "POST, map,    application/json",
        "POST, nested, application/json",
        "PUT,  list,   application/x-www-form-urlencoded",
    })
    @DisplayName("E-3 data that refers to itself is a parameter error naming the depth limit, not a StackOverflowError")
    void cycles(RequestMethod m, String kind, String contentType) {
        assertThatThrownBy(() -> encode(m, URL, contentType, cycle(kind)))
                .isInstanceOfSatisfying(MpNetException.class, e -> {
                    assertThat(e.rule()).isEqualTo("E-3");
                    assertThat(e.reason()).isEqualTo(FailReason.INVALID_DATA);
                    assertThat(e.errMsg()).isEqualTo("request:fail parameter error");
                    assertThat(e.explanation()).contains("java.util.LinkedHashMap", "deeper than 128 levels",
                            "EncodedRequest.MAX_DEPTH", "refers to itself", "without cycles");
                    assertThat(e.getMessage().length()).isLessThan(500);
                });
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = RequestMethod.class, names = {"GET", "POST"})
    @DisplayName("E-3 data may nest EncodedRequest.MAX_DEPTH objects; one more is a parameter error")
    void depthLimit(RequestMethod m) {
        assertThat(encode(m, URL, null, nested(EncodedRequest.MAX_DEPTH)).url()).startsWith(URL);
        assertThatThrownBy(() -> encode(m, URL, null, nested(EncodedRequest.MAX_DEPTH + 1)))
                .isInstanceOfSatisfying(MpNetException.class, e -> assertThat(e.rule()).isEqualTo("E-3"));
    }
}
