package io.mpnet.policy;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** Turns response bytes into the {@code data} a caller sees. */
public final class ResponseBody {

    // "{} x" is not JSON for JSON.parse either: refuse trailing tokens
    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private ResponseBody() {
    }

    /**
     * {@code data} for these bytes: the bytes as they are for {@link ResponseType#ARRAYBUFFER};
     * else the text, parsed as JSON for {@link DataType#JSON} when it is JSON (to
     * {@code Map}, {@code List}, {@code String}, {@code Number}, {@code Boolean} or {@code null}),
     * the text otherwise. Never throws for any body.
     */
    public static @Nullable Object data(byte[] body, @Nullable String contentType, DataType dataType,
            ResponseType responseType) {
        if (responseType == ResponseType.ARRAYBUFFER) {
            return body;
        }
        String text = text(body, contentType);
        if (dataType != DataType.JSON) {
            return text;
        }
        try {
            return MAPPER.readValue(text, Object.class);
        } catch (JacksonException e) {
            return text; // not JSON: the platform hands over the text
        }
    }

    /**
     * The body as text: charset from {@code Content-Type}, UTF-8 when absent or unknown; a
     * byte-order mark at the start decides the charset, as in browsers; bytes that do not decode
     * in the declared charset fall back to UTF-8 with replacement characters; exactly one leading
     * BOM (U+FEFF) removed, a second one stays. Never throws for any body.
     */
    public static String text(byte[] body, @Nullable String contentType) {
        Charset bomCharset = bomCharset(body);
        Charset declared = bomCharset != null ? bomCharset : charsetOf(contentType);
        String text;
        if (declared.equals(StandardCharsets.UTF_8)) {
            text = new String(body, StandardCharsets.UTF_8); // replaces malformed input, on the JDK's fast path
        } else {
            try {
                text = decode(body, declared, CodingErrorAction.REPORT);
            } catch (IllegalStateException malformed) {
                text = decode(body, StandardCharsets.UTF_8, CodingErrorAction.REPLACE);
            }
        }
        return !text.isEmpty() && text.charAt(0) == '\uFEFF' ? text.substring(1) : text;
    }

    /**
     * The charset named by a Content-Type's {@code charset} parameter (any case, quoted or not),
     * UTF-8 when there is none or the JDK does not know it.
     */
    public static Charset charsetOf(@Nullable String contentType) {
        if (contentType == null || contentType.indexOf(';') < 0) { // no parameters, as in most responses
            return StandardCharsets.UTF_8;
        }
        String[] parts = contentType.split(";");
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i].trim();
            int eq = p.indexOf('=');
            if (eq < 0 || !p.substring(0, eq).trim().toLowerCase(Locale.ROOT).equals("charset")) {
                continue;
            }
            String name = p.substring(eq + 1).trim();
            if (name.length() >= 2 && name.startsWith("\"") && name.endsWith("\"")) {
                name = name.substring(1, name.length() - 1).trim();
            }
            try {
                return Charset.forName(name);
            } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
                return StandardCharsets.UTF_8;
            }
        }
        return StandardCharsets.UTF_8;
    }

    private static @Nullable Charset bomCharset(byte[] b) {
        if (b.length >= 3 && (b[0] & 0xff) == 0xEF && (b[1] & 0xff) == 0xBB && (b[2] & 0xff) == 0xBF) {
            return StandardCharsets.UTF_8;
        }
        if (b.length >= 2 && (b[0] & 0xff) == 0xFE && (b[1] & 0xff) == 0xFF) {
            return StandardCharsets.UTF_16BE;
        }
        if (b.length >= 2 && (b[0] & 0xff) == 0xFF && (b[1] & 0xff) == 0xFE) {
            return StandardCharsets.UTF_16LE;
        }
        return null;
    }

    private static String decode(byte[] body, Charset charset, CodingErrorAction onError) {
        try {
            return charset.newDecoder()
                    .onMalformedInput(onError)
                    .onUnmappableCharacter(onError)
                    .decode(ByteBuffer.wrap(body))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new IllegalStateException(e); // only with REPORT: the caller falls back to UTF-8
        }
    }
}
