package io.mpnet.policy;

import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/** Turns response bytes into the {@code data} a caller sees. STUB. */
public final class ResponseBody {

    private ResponseBody() {
    }

    /**
     * {@code data} for these bytes: raw bytes for {@code responseType = arraybuffer}; else the text
     * parsed as JSON when {@code dataType = json} and it is JSON (to {@code Map}, {@code List},
     * {@code String}, {@code Number}, {@code Boolean} or {@code null}), the text otherwise.
     */
    public static @Nullable Object data(byte[] body, @Nullable String contentType, String dataType, String responseType) {
        return text(body, contentType); // STUB
    }

    /**
     * The body as text: charset from {@code Content-Type}, UTF-8 when absent or unknown; bytes
     * that do not decode fall back to UTF-8 with replacement; exactly one leading BOM removed.
     */
    public static String text(byte[] body, @Nullable String contentType) {
        return new String(body, StandardCharsets.UTF_8); // STUB
    }
}
