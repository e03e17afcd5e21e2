package io.mpnet.policy;

/** The WebSocket close-frame rules of {@code SocketTask.close} (S-3). */
public final class CloseFrame {

    /** The code used when the caller names none. */
    public static final int NORMAL = 1000;
    /** The code reported when the connection was lost without a close frame (S-5). */
    public static final int ABNORMAL = 1006;
    /** The longest reason, in UTF-8 bytes. */
    public static final int MAX_REASON_BYTES = 123;

    private CloseFrame() {
    }

    /**
     * Checks a close the caller asked for: code 1000 or 3000-4999, reason at most 123 UTF-8 bytes.
     *
     * @throws MpNetException (S-3, parameter error) naming the value and the allowed range
     */
    public static void validate(int code, String reason) {
        // STUB
    }
}
