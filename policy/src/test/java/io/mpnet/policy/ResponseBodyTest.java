package io.mpnet.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class ResponseBodyTest {

    private static final Charset GBK = Charset.forName("GBK");

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    private static final byte[] UTF8_BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    @ParameterizedTest(name = "R-6 no or unusable charset ''{0}'' means UTF-8")
    @NullAndEmptySource
    @ValueSource(strings = {"text/plain", "application/json; charset=", "text/plain; charset=no-such-charset",
        "text/plain; charset=\"bad name!\"", "text/plain; boundary=x"})
    void utf8ByDefault(String contentType) {
        assertThat(ResponseBody.text(utf8("中文 ok"), contentType)).isEqualTo("中文 ok");
    }

    @ParameterizedTest(name = "R-6 charset from Content-Type ''{0}''")
    @ValueSource(strings = {"text/plain; charset=GBK", "text/plain;charset=gbk", "text/html; CHARSET=\"GBK\"",
        "text/plain; format=flowed; charset = gbk ", "text/plain; Charset=\" gbk \""})
    void gbk(String contentType) {
        assertThat(ResponseBody.text("中文".getBytes(GBK), contentType)).isEqualTo("中文");
    }

    @Test
    @DisplayName("R-6 ISO-8859-1 declared: bytes map to Latin-1 characters")
    void latin1() {
        assertThat(ResponseBody.text(new byte[] {(byte) 0xE9}, "text/plain; charset=ISO-8859-1")).isEqualTo("é");
    }

    @Test
    @DisplayName("R-6 malformed UTF-8 becomes replacement characters, never an exception")
    void malformedUtf8() {
        assertThat(ResponseBody.text(new byte[] {'a', (byte) 0xFF, 'b', (byte) 0xC3}, null)).isEqualTo("a\uFFFDb\uFFFD");
    }

    @Test
    @DisplayName("R-6 a body that does not decode in the declared charset falls back to UTF-8 with replacement")
    void declaredCharsetFails() {
        // 0x80 alone is not GBK; the UTF-8 text around it survives the fallback
        byte[] body = concat(utf8("中"), new byte[] {(byte) 0x80}, utf8("文"));
        assertThat(ResponseBody.text(body, "text/plain; charset=GBK")).isEqualTo("中\uFFFD文");
    }

    @Test
    @DisplayName("R-6 exactly one leading BOM is removed, a second stays")
    void oneBomRemoved() {
        assertThat(ResponseBody.text(concat(UTF8_BOM, utf8("x")), null)).isEqualTo("x");
        assertThat(ResponseBody.text(concat(UTF8_BOM, UTF8_BOM, utf8("x")), null)).isEqualTo("\uFEFFx");
        assertThat(ResponseBody.text(utf8("x\uFEFF"), null)).isEqualTo("x\uFEFF");
    }

    @Test
    @DisplayName("R-6 a UTF-8 BOM wins over a declared charset, as in browsers")
    void bomWins() {
        assertThat(ResponseBody.text(concat(UTF8_BOM, utf8("中文")), "text/plain; charset=GBK")).isEqualTo("中文");
    }

    @Test
    @DisplayName("R-6 UTF-16 with a BOM, big and little endian; one BOM removed")
    void utf16Bom() {
        byte[] be = concat(new byte[] {(byte) 0xFE, (byte) 0xFF}, "中a".getBytes(StandardCharsets.UTF_16BE));
        byte[] le = concat(new byte[] {(byte) 0xFF, (byte) 0xFE}, "\uFEFF中a".getBytes(StandardCharsets.UTF_16LE));
        assertThat(ResponseBody.text(be, null)).isEqualTo("中a");
        assertThat(ResponseBody.text(le, "text/plain; charset=utf-8")).isEqualTo("\uFEFF中a");
    }

    @Test
    @DisplayName("R-6 an empty body is the empty string")
    void empty() {
        assertThat(ResponseBody.text(new byte[0], "text/plain; charset=GBK")).isEmpty();
    }

    @Test
    @DisplayName("R-5 arraybuffer: the bytes as they are, no decoding")
    void arraybuffer() {
        byte[] body = concat(UTF8_BOM, new byte[] {(byte) 0xFF, 0});
        assertThat(ResponseBody.data(body, "application/json", DataType.JSON, ResponseType.ARRAYBUFFER)).isSameAs(body);
    }

    @Test
    @DisplayName("R-5 dataType json (default): JSON becomes Map/List/String/Number/Boolean/null")
    void json() {
        Object data = ResponseBody.data(utf8("{\"a\":[1,2.5,\"x\",true,null],\"b\":{}}"), null, DataType.JSON, ResponseType.TEXT);
        assertThat(data).isEqualTo(Map.of("a", java.util.Arrays.asList(1, 2.5, "x", true, null), "b", Map.of()));
        assertThat(ResponseBody.data(utf8("[1]"), null, DataType.JSON, ResponseType.TEXT)).isEqualTo(List.of(1));
        assertThat(ResponseBody.data(utf8("\"s\""), null, DataType.JSON, ResponseType.TEXT)).isEqualTo("s");
        assertThat(ResponseBody.data(utf8(" 42 "), null, DataType.JSON, ResponseType.TEXT)).isEqualTo(42);
        assertThat(ResponseBody.data(utf8("false"), null, DataType.JSON, ResponseType.TEXT)).isEqualTo(false);
        assertThat(ResponseBody.data(utf8("null"), null, DataType.JSON, ResponseType.TEXT)).isNull();
    }

    @Test
    @DisplayName("R-5 + R-6 JSON after a BOM parses (the platform filters the BOM first)")
    void jsonAfterBom() {
        assertThat(ResponseBody.data(concat(UTF8_BOM, utf8("{\"k\":\"中\"}")), null, DataType.JSON, ResponseType.TEXT)).isEqualTo(Map.of("k", "中"));
    }

    @ParameterizedTest(name = "R-5 not JSON ''{0}'': data is the text")
    @CsvSource(delimiter = '|', value = {"''", "' '", "hello", "{\"a\":1} trailing", "{'a':1}", "[1,", "NaN", "01"})
    void notJson(String body) {
        assertThat(ResponseBody.data(utf8(body), null, DataType.JSON, ResponseType.TEXT)).isEqualTo(body);
    }

    @Test
    @DisplayName("R-5 dataType TEXT: the text, not parsed (compat.Wx maps every platform dataType but json to it)")
    void otherDataType() {
        assertThat(ResponseBody.data(utf8("{\"a\":1}"), null, DataType.TEXT, ResponseType.TEXT)).isEqualTo("{\"a\":1}");
    }

    @Test
    @DisplayName("R-5 a GBK JSON body is decoded before parsing")
    void gbkJson() {
        assertThat(ResponseBody.data("{\"k\":\"中文\"}".getBytes(GBK), "application/json;charset=GBK", DataType.JSON, ResponseType.TEXT))
                .isEqualTo(Map.of("k", "中文"));
    }

    @Test
    @DisplayName("R-6 charsetOf reads the parameter")
    void charsetOf() {
        assertThat(ResponseBody.charsetOf("text/plain; charset=\"ISO-8859-1\"")).isEqualTo(StandardCharsets.ISO_8859_1);
        assertThat(ResponseBody.charsetOf(null)).isEqualTo(StandardCharsets.UTF_8);
    }
}
