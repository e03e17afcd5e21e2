package io.mpnet.runtime.compat;

import io.mpnet.policy.ApiKind;
import io.mpnet.policy.CloseFrame;
import io.mpnet.policy.FailReason;
import io.mpnet.policy.MpNetException;
import io.mpnet.runtime.SocketEvent;
import java.math.BigDecimal;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/**
 * The task {@code wx.connectSocket} returns at once (S-1): listen with {@code onOpen},
 * {@code onMessage}, {@code onError}, {@code onClose}; {@code send} and {@code close} take the
 * platform's option maps with {@code success}/{@code fail}/{@code complete}. Sends made before
 * the socket opens are queued and sent in order once it opens, as the platform's sample does by
 * hand (S-2). Listeners receive maps with the platform's field names; a listener that throws is
 * logged and harms nothing. Named as the platform names it; the Java API's task, a {@code Mono} that
 * emits once open, is {@link io.mpnet.runtime.SocketTask}.
 */
public final class SocketTask {

    private enum State { CONNECTING, OPEN, CLOSED }

    private final WxSockets owner;
    private final EventListeners openListeners = new EventListeners("onOpen");
    private final EventListeners messageListeners = new EventListeners("onMessage");
    private final EventListeners errorListeners = new EventListeners("onError");
    private final EventListeners closeListeners = new EventListeners("onClose");
    private final ArrayDeque<Map<String, ?>> queued = new ArrayDeque<>(); // guarded by this
    private State state = State.CONNECTING; // guarded by this
    private io.mpnet.runtime.@Nullable SocketTask socket; // guarded by this
    private @Nullable Disposable connecting; // guarded by this

    SocketTask(WxSockets owner) {
        this.owner = owner;
    }

    /**
     * Listens for the open event: {@code header} (the handshake response headers), {@code protocol}.
     * Events run on the {@link EventExecutor} after the task that connected: a listener added in that
     * task hears every event of the socket.
     */
    public void onOpen(Consumer<Map<String, Object>> listener) {
        openListeners.add(listener);
    }

    /** Listens for messages: {@code data}, a {@code String} or a {@code byte[]}. */
    public void onMessage(Consumer<Map<String, Object>> listener) {
        messageListeners.add(listener);
    }

    /**
     * Listens for the error (a failed connect, a lost connection; S-5), which comes once, just before
     * the close: {@code errMsg}, {@code errno} where defined, {@code rule}, {@code explanation}.
     */
    public void onError(Consumer<Map<String, Object>> listener) {
        errorListeners.add(listener);
    }

    /** Listens for the close event: {@code code}, {@code reason}. */
    public void onClose(Consumer<Map<String, Object>> listener) {
        closeListeners.add(listener);
    }

    /**
     * {@code SocketTask.send({data, success, fail, complete})}: {@code data} a {@code String} or a
     * {@code byte[]}. Queued while the socket opens; fails when it is closed or the outbound buffer is full.
     */
    public void send(Map<String, ?> options) {
        Object data = options.get("data");
        if (!(data instanceof String) && !(data instanceof byte[])) {
            owner.fail("sendSocketMessage", options, new MpNetException(ApiKind.CONNECT_SOCKET,
                    FailReason.INVALID_PARAMETER, "E-3", "data must be a String or a byte[], not "
                    + (data == null ? "missing" : data.getClass().getSimpleName())));
            return;
        }
        io.mpnet.runtime.SocketTask open;
        synchronized (this) {
            if (state == State.CONNECTING) {
                queued.addLast(options);
                return;
            }
            open = state == State.OPEN ? socket : null;
        }
        if (open == null) {
            owner.fail("sendSocketMessage", options, closed());
            return;
        }
        write(open, options);
    }

    /**
     * {@code SocketTask.close({code, reason, success, fail, complete})}: code 1000 (default) or
     * 3000-4999, reason at most 123 UTF-8 bytes (S-3); a refused close calls {@code fail} and the
     * socket stays open. Closing while the socket opens abandons the connection.
     */
    public void close(Map<String, ?> options) {
        String reason = options.get("reason") == null ? "" : options.get("reason").toString();
        int code;
        try {
            code = closeCode(options.get("code"));
            CloseFrame.validate(code, reason);
        } catch (MpNetException e) {
            owner.fail("closeSocket", options, e);
            return;
        }
        io.mpnet.runtime.SocketTask open;
        Disposable abandon = null;
        synchronized (this) {
            open = socket;
            // a socket is held from the open event on, though the state turns OPEN only after the open
            // listeners ran: a close from one of them must close that socket, not abandon a finished connect
            if (open == null && state == State.CONNECTING) {
                abandon = connecting;
            }
        }
        if (abandon != null) {
            abandon.dispose(); // no socket yet: the handshake is cancelled and its slot freed
            closed(code, reason, null);
            owner.ok("closeSocket", options);
        } else if (open == null) {
            owner.ok("closeSocket", options);
        } else {
            open.close(code, reason).subscribe(null, e -> owner.fail("closeSocket", options, e),
                    () -> owner.ok("closeSocket", options));
        }
    }

    /**
     * The close code of the option map: 1000 when absent, else a whole number in int range. A JS number
     * arrives as a long or a double; narrowing it would turn 4294968296 into 1000, a code that passes S-3.
     */
    private static int closeCode(@Nullable Object code) {
        if (code == null) {
            return CloseFrame.NORMAL;
        }
        try {
            if (code instanceof Number n) {
                return new BigDecimal(n.toString()).intValueExact(); // refuses fractions, overflow, NaN, infinities
            }
        } catch (NumberFormatException | ArithmeticException e) {
            // refused below
        }
        throw new MpNetException(ApiKind.CONNECT_SOCKET, FailReason.INVALID_PARAMETER, "S-3", "close code " + code
                + (code instanceof Number ? "" : " (a " + code.getClass().getSimpleName() + ")")
                + " is not allowed; give a whole number: 1000 (normal closure) or 3000-4999");
    }

    /** Starts following {@code connect}; called once by {@link WxSockets} before the task is returned. */
    synchronized void connecting(Disposable connect) {
        if (state == State.CONNECTING) {
            connecting = connect;
        } else {
            connect.dispose();
        }
    }

    /** The handshake succeeded; see {@link #open}. */
    void opened(io.mpnet.runtime.SocketTask open) {
        open(open);
    }

    /** The call was refused before it started (the policy, S-4, bad options): no event, sends fail. */
    synchronized void refused() {
        state = State.CLOSED;
    }

    /** The connect failed after it started (S-5 for sockets that never opened): error, then close 1006. */
    void failedToOpen(Throwable error) {
        closed(CloseFrame.ABNORMAL, "abnormal closure", error);
    }

    /**
     * The open event first (a send made in an onOpen listener is queued behind the earlier ones),
     * then the queued sends in order, then the socket's other events.
     */
    private void open(io.mpnet.runtime.SocketTask open) {
        synchronized (this) {
            if (state != State.CONNECTING) {
                open.close().subscribe(null, e -> { }); // closed by the caller while it opened
                return;
            }
            socket = open;
        }
        open.events().subscribe(this::event, e -> closed(CloseFrame.ABNORMAL, "abnormal closure", e));
        synchronized (this) {
            if (state == State.CONNECTING) {
                state = State.OPEN;
                // written under the lock, so a send from another thread cannot overtake the queue
                queued.forEach(o -> write(open, o));
                queued.clear();
            }
        }
    }

    private void event(SocketEvent event) {
        if (event instanceof SocketEvent.Open o) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("header", o.header());
            m.put("protocol", o.protocol());
            m.put("profile", ProfileMaps.of(o.profile()));
            fire(openListeners, m);
        } else if (event instanceof SocketEvent.Message msg) {
            fire(messageListeners, new LinkedHashMap<>(Map.of("data", msg.data())));
        } else if (event instanceof SocketEvent.Error e) {
            fire(errorListeners, WxSockets.error(e.error()));
        } else if (event instanceof SocketEvent.Close c) {
            closed(c.code(), c.reason(), null);
        }
    }

    private void closed(int code, String reason, @Nullable Throwable error) {
        List<Map<String, ?>> unsent;
        synchronized (this) {
            if (state == State.CLOSED) {
                return;
            }
            state = State.CLOSED;
            unsent = List.copyOf(queued);
            queued.clear();
        }
        unsent.forEach(o -> owner.fail("sendSocketMessage", o, closed()));
        if (error != null) {
            fire(errorListeners, WxSockets.error(error));
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("code", code);
        m.put("reason", reason);
        fire(closeListeners, m);
    }

    /** Queues the event for the task's listeners, then the legacy global ones (S-6). */
    private void fire(EventListeners listeners, Map<String, Object> event) {
        owner.events().execute(() -> {
            listeners.fire(event);
            owner.global(this, listeners.name(), event);
        });
    }

    private void write(io.mpnet.runtime.SocketTask open, Map<String, ?> options) {
        Object data = options.get("data");
        Mono<Void> send = data instanceof String s ? open.send(s) : open.send((byte[]) data);
        send.subscribe(null, e -> owner.fail("sendSocketMessage", options, e),
                () -> owner.ok("sendSocketMessage", options));
    }

    private static MpNetException closed() {
        return new MpNetException(ApiKind.CONNECT_SOCKET, FailReason.NETWORK, "S-2",
                "the socket is closed; nothing more can be sent on it, connect again");
    }
}
