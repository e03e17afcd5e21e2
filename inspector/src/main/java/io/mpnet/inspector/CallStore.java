package io.mpnet.inspector;

import io.mpnet.runtime.NetworkEvent;
import io.mpnet.runtime.NetworkEvent.CallAdmitted;
import io.mpnet.runtime.NetworkEvent.CallCompleted;
import io.mpnet.runtime.NetworkEvent.CallFailed;
import io.mpnet.runtime.NetworkEvent.CallQueued;
import io.mpnet.runtime.NetworkEvent.CallRefused;
import io.mpnet.runtime.NetworkEvent.CallStarted;
import io.mpnet.runtime.NetworkEvent.Direction;
import io.mpnet.runtime.NetworkEvent.EventsDropped;
import io.mpnet.runtime.NetworkEvent.LanSocketClosed;
import io.mpnet.runtime.NetworkEvent.LanSocketOpened;
import io.mpnet.runtime.NetworkEvent.LanTraffic;
import io.mpnet.runtime.NetworkEvent.ResponseHeaders;
import io.mpnet.runtime.NetworkEvent.SocketClosed;
import io.mpnet.runtime.NetworkEvent.SocketFrame;
import io.mpnet.runtime.NetworkEvent.Redirected;
import io.mpnet.runtime.NetworkEvent.SocketOpened;
import io.mpnet.runtime.NetworkEvent.TransferProgress;
import io.netty.handler.codec.http.cookie.ClientCookieDecoder;
import io.netty.handler.codec.http.cookie.ServerCookieDecoder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The last {@code capacity} calls of the watched runtimes, built from their events, and the
 * listeners (the pages' event streams) told of each change. One lock guards both, so a page that
 * connects gets a replay and then every change after it, with none lost in between.
 */
final class CallStore {

    /** What replaces a masked header or cookie value. */
    static final String MASK = "(masked)";
    /** Headers whose values are masked: credentials. */
    static final Set<String> MASKED = Set.of("authorization", "cookie", "set-cookie");

    private final int capacity;
    private final boolean masking;
    private final LinkedHashMap<String, CallRecord> calls = new LinkedHashMap<>();
    // copied on write: a page's stream that ends while it is told of a change (its reader took what it
    // wanted) stops listening from inside the loop that tells it, on the same thread, under the same lock
    private final List<Consumer<CallRecord>> listeners = new CopyOnWriteArrayList<>();
    private long dropped;
    private long changes; // counts the calls' changes, so a listener can tell a new change from a replay's

    CallStore(int capacity, boolean masking) {
        this.capacity = capacity;
        this.masking = masking;
    }

    /** Takes one event of the runtime labelled {@code runtime}. */
    synchronized void accept(String runtime, NetworkEvent event) {
        if (event instanceof EventsDropped d) {
            // the runtime dropped events for this slow subscriber: the page says so in its status line
            dropped += d.count();
            return;
        }
        String id = runtime + "#" + event.callId();
        CallRecord call = calls.get(id);
        if (call == null) {
            if (!(event instanceof CallStarted || event instanceof LanTraffic || event instanceof LanSocketOpened)) {
                return; // the rest of a call already dropped as one of the oldest: no row without its start
            }
            call = new CallRecord(id, runtime, event.callId());
            call.startedAt = event.at();
            calls.put(id, call);
            if (calls.size() > capacity) {
                Iterator<CallRecord> oldest = calls.values().iterator();
                oldest.next();
                oldest.remove();
            }
        }
        apply(call, event);
        changes++;
        for (Consumer<CallRecord> l : listeners) {
            l.accept(call);
        }
    }

    private void apply(CallRecord call, NetworkEvent event) {
        if (event instanceof CallStarted s) {
            call.api = s.api().apiName();
            call.method = s.method();
            call.url = s.url();
            call.startedAt = s.at();
            call.requestHeaders = mask(s.header());
            call.requestBodyPreview = s.bodyPreview();
            String cookie = CallRecord.header(s.header(), "Cookie");
            call.requestCookies = cookie == null ? List.of()
                    : cookies(ServerCookieDecoder.LAX.decode(cookie).stream()
                            .map(c -> new CallRecord.Cookie(c.name(), c.value())).toList());
        } else if (event instanceof CallQueued) {
            call.queued = true;
        } else if (event instanceof CallAdmitted a) {
            call.admittedAt = a.at();
            call.queuedMillis = a.queuedMillis();
        } else if (event instanceof CallRefused r) {
            call.state = "refused";
            end(call, r.at(), r.rule(), r.errMsg(), r.errno(), r.explanation());
        } else if (event instanceof ResponseHeaders h) {
            call.status = h.statusCode();
            call.headersAt = h.at();
            call.responseHeaders = mask(h.header());
            // every Set-Cookie, which the header map joins into one value
            call.responseCookies = cookies(h.cookies().stream().map(ClientCookieDecoder.LAX::decode)
                    .filter(java.util.Objects::nonNull).map(c -> new CallRecord.Cookie(c.name(), c.value())).toList());
        } else if (event instanceof TransferProgress p) {
            call.progress = p.progress();
            call.bytes = p.bytes();
            call.bytesExpected = p.bytesExpected();
        } else if (event instanceof CallCompleted c) {
            call.state = "done";
            call.status = c.statusCode();
            call.endAt = c.at();
            call.profile = c.profile();
            call.size = c.size();
            call.bodyPreview = c.bodyPreview();
        } else if (event instanceof CallFailed f) {
            call.state = "failed";
            end(call, f.at(), f.rule(), f.errMsg(), f.errno(), f.explanation());
        } else if (event instanceof Redirected r) {
            if (call.redirects.size() < CallRecord.MAX_REDIRECTS) {
                call.redirects.add(new CallRecord.Redirect(r.at(), r.statusCode(), r.from(), r.to(), r.method(),
                        mask(r.header())));
            }
        } else if (event instanceof SocketOpened o) {
            call.state = "open";
            call.status = 101;
            call.headersAt = o.at();
            call.socketProtocol = o.protocol();
            call.responseHeaders = mask(o.header());
            call.socketProfile = o.profile();
        } else if (event instanceof SocketFrame f) {
            call.frame(new CallRecord.Frame(f.at(), f.direction() == Direction.SENT, f.text(), f.size(), f.preview()));
        } else if (event instanceof SocketClosed c) {
            call.state = "closed";
            call.endAt = c.at();
            call.closeCode = c.code();
            call.closeReason = c.reason();
        } else if (event instanceof LanSocketOpened o) {
            call.api = o.protocol();
            call.state = "open";
            call.url = o.protocol() + "://" + o.address(); // a UDP socket's own address: it talks to many peers
        } else if (event instanceof LanTraffic t) {
            call.api = t.protocol();
            if (!"closed".equals(call.state)) {
                call.state = "open";
            }
            call.peer = t.peer();
            if (call.url.isEmpty()) { // watched since after it opened: named by the first peer heard of
                call.url = t.protocol() + "://" + t.peer();
            }
            call.frame(new CallRecord.Frame(t.at(), t.direction() == Direction.SENT, false, t.size(), ""));
        } else if (event instanceof LanSocketClosed c) {
            call.state = "closed";
            call.endAt = c.at();
        }
    }

    private static void end(CallRecord call, long at, String rule, String errMsg, @Nullable Integer errno, String explanation) {
        call.endAt = at;
        call.rule = rule;
        call.errMsg = errMsg;
        call.errno = errno;
        call.explanation = explanation;
    }

    private Map<String, String> mask(Map<String, String> headers) {
        if (!masking) {
            return Map.copyOf(headers);
        }
        Map<String, String> out = new LinkedHashMap<>();
        headers.forEach((k, v) -> out.put(k, MASKED.contains(k.toLowerCase(java.util.Locale.ROOT)) ? MASK : v));
        return Collections.unmodifiableMap(out);
    }

    private List<CallRecord.Cookie> cookies(List<CallRecord.Cookie> decoded) {
        return masking ? decoded.stream().map(c -> new CallRecord.Cookie(c.name(), MASK)).toList() : decoded;
    }

    /** Maps every stored call, oldest first, under the lock (records change as events arrive). */
    synchronized <T> List<T> map(Function<CallRecord, T> f) {
        List<T> out = new ArrayList<>(calls.size());
        for (CallRecord c : calls.values()) {
            out.add(f.apply(c));
        }
        return out;
    }

    /** How many changes the calls have had; read by a listener, under the store's lock, as it is told. */
    long changes() {
        return changes;
    }

    /** The events dropped for the inspector by its runtimes so far. */
    synchronized long dropped() {
        return dropped;
    }

    /**
     * Calls {@code listener} with every stored call (the replay), then with each call that changes,
     * until the returned action removes it. The listener runs under the store's lock: it must only
     * hand the call on, never block.
     */
    synchronized Runnable listen(Consumer<CallRecord> listener) {
        calls.values().forEach(listener);
        listeners.add(listener);
        return () -> {
            synchronized (this) {
                listeners.remove(listener);
            }
        };
    }
}
