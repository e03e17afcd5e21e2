package io.mpnet.inspector;

import io.mpnet.runtime.RequestProfile;
import io.mpnet.runtime.SocketProfile;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What the inspector knows of one call, built up from its events. Mutable, and only touched under
 * the {@link CallStore}'s lock. Header values are stored already masked when masking is on, so
 * nothing unmasked is kept, served or exported.
 */
final class CallRecord {

    /** The frames kept per socket; older ones are counted in {@link #framesDropped}. */
    static final int MAX_FRAMES = 200;

    /** One socket message or LAN datagram. */
    record Frame(long at, boolean sent, boolean text, int size, String preview) {
    }

    /** A hop whose answer redirected the call: when, its status, its URL, the next one's and its method. */
    record Redirect(long at, int status, String from, String to, String method, Map<String, String> header) {
    }

    /** The most redirects one call follows, so a call keeps at most this many. */
    static final int MAX_REDIRECTS = 10;

    /** A cookie as sent or set; its value masked with the header's. */
    record Cookie(String name, String value) {
    }

    final String id;
    final String runtime;
    final long callId;
    String api = "";
    String method = "";
    String url = "";
    long startedAt;
    Map<String, String> requestHeaders = Map.of();
    List<Cookie> requestCookies = List.of();
    @Nullable String requestBodyPreview;
    boolean queued;
    long queuedMillis = -1;
    long admittedAt = -1;
    int status;
    long headersAt = -1;
    Map<String, String> responseHeaders = Map.of();
    List<Cookie> responseCookies = List.of();
    /** {@code pending}, {@code done}, {@code failed}, {@code refused}, {@code open} or {@code closed}. */
    String state = "pending";
    @Nullable String rule;
    @Nullable String errMsg;
    @Nullable Integer errno;
    @Nullable String explanation;
    long endAt = -1;
    @Nullable RequestProfile profile;
    @Nullable SocketProfile socketProfile;
    long size = -1;
    @Nullable String bodyPreview;
    int progress = -1;
    long bytes = -1;
    long bytesExpected = -1;
    @Nullable String socketProtocol;
    int closeCode = -1;
    @Nullable String closeReason;
    @Nullable String peer;
    final Deque<Frame> frames = new ArrayDeque<>();
    final List<Redirect> redirects = new ArrayList<>(0);
    long framesDropped;

    CallRecord(String id, String runtime, long callId) {
        this.id = id;
        this.runtime = runtime;
        this.callId = callId;
    }

    void frame(Frame f) {
        if (frames.size() == MAX_FRAMES) {
            frames.removeFirst();
            framesDropped++;
        }
        frames.addLast(f);
    }

    boolean isSocket() {
        return "connectSocket".equals(api);
    }

    /** Milliseconds from start to end, or so far for a call still running; {@code -1} when unknown. */
    long elapsed() {
        if (profile != null && profile.responseEnd() >= 0) {
            return Math.round(profile.responseEnd());
        }
        return endAt < 0 ? -1 : endAt - startedAt;
    }

    /** The value of a header, whatever its case; {@code null} when absent. */
    static @Nullable String header(Map<String, String> headers, String name) {
        for (Map.Entry<String, String> e : headers.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        return null;
    }
}
