package io.mpnet.policy;

import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** The WebSocket close-frame rules of {@code SocketTask.close} (S-3). */
public final class CloseFrame {

    /** The code used when the caller names none. */
    public static final int NORMAL = 1000;
    /** The code reported when the connection was lost without a close frame (S-5). */
    public static final int ABNORMAL = 1006;
    /** The longest reason, in UTF-8 bytes. */
    public static final int MAX_REASON_BYTES = 123;
    /** The first code of the range applications may send (registered libraries and private use). */
    public static final int MIN_APPLICATION_CODE = 3000;
    /** The last code of that range. */
    public static final int MAX_APPLICATION_CODE = 4999;

    private CloseFrame() {
    }

    /**
     * Checks a close the caller asked for: code 1000 or 3000-4999, reason at most 123 UTF-8 bytes
     * (bytes, not characters: 41 CJK characters are 123 bytes, 42 are too many).
     *
     * @throws MpNetException (S-3, parameter error) naming the value and the allowed range
     */
    public static void validate(int code, String reason) {
        if (code != NORMAL && (code < MIN_APPLICATION_CODE || code > MAX_APPLICATION_CODE)) {
            throw bad("close code " + code + " is not allowed; use 1000 (normal closure) or 3000-4999");
        }
        int bytes = utf8Length(reason);
        if (bytes > MAX_REASON_BYTES) {
            throw bad("close reason is " + bytes + " UTF-8 bytes (" + reason.length() + " chars); at most "
                    + MAX_REASON_BYTES + " bytes are allowed, shorten it");
        }
    }

    /** The UTF-8 length of the reason; a lone surrogate is not text and is refused. */
    private static int utf8Length(String reason) {
        try {
            return StandardCharsets.UTF_8.newEncoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .encode(CharBuffer.wrap(reason))
                    .remaining();
        } catch (CharacterCodingException e) {
            throw bad("close reason holds a lone surrogate and is not valid UTF-8 text; remove it");
        }
    }

    private static MpNetException bad(String explanation) {
        return new MpNetException(ApiKind.CONNECT_SOCKET, FailReason.INVALID_PARAMETER, "S-3", explanation);
    }
}
