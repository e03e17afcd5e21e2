package io.mpnet.lan.compat;

import io.mpnet.lan.LocalNetwork;
import io.mpnet.lan.RemoteInfo;
import io.mpnet.lan.UdpMessage;
import io.mpnet.lan.UdpSocket;
import io.mpnet.policy.ApiKind;
import io.mpnet.policy.FailReason;
import io.mpnet.policy.MpNetException;
import io.mpnet.runtime.compat.EventExecutor;
import io.mpnet.runtime.compat.EventListeners;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The {@code UDPSocket} of {@code wx.createUDPSocket()} (N-2): {@code bind}, {@code send},
 * {@code connect} + {@code write}, {@code close}, and the listeners {@code onListening},
 * {@code onMessage} ({@code message}: {@code byte[]}, {@code remoteInfo}: address, family, port,
 * size), {@code onError} ({@code errMsg}...) and {@code onClose}. Failures of {@code send} and
 * {@code write} go to {@code onError}, as the platform's do. Events run on the {@code WxLan}'s
 * event executor after the task that caused them: listeners added in the task that called
 * {@code bind} hear every event, later ones only the events dispatched after they were added. Named as the platform names it; the Java
 * API's reactive socket is {@link io.mpnet.lan.UdpSocket}.
 */
public final class UDPSocket {

    private static final Duration BIND_WAIT = Duration.ofSeconds(10);

    private enum State { NEW, BINDING, BOUND, CLOSED }

    private final LocalNetwork lan;
    private final EventExecutor events;
    private final EventListeners listening = new EventListeners("onListening");
    private final EventListeners message = new EventListeners("onMessage");
    private final EventListeners error = new EventListeners("onError");
    private final EventListeners close = new EventListeners("onClose");
    private State state = State.NEW; // guarded by this
    private volatile @Nullable UdpSocket socket;
    private volatile @Nullable String connectedAddress;
    private volatile int connectedPort;

    UDPSocket(LocalNetwork lan, EventExecutor events) {
        this.lan = lan;
        this.events = events;
    }

    /** {@code bind()}: binds to a port the system chooses and returns it; 0 (and {@code onError}) on failure. */
    public int bind() {
        return bind(0);
    }

    /**
     * {@code bind(port)}: binds and returns the port, then {@code onListening} fires; 0 (and
     * {@code onError}) on failure, on a socket already bound and on a closed one. Waits for the
     * bind: not to be called on an event-loop thread.
     */
    public int bind(int port) {
        @Nullable String refused;
        synchronized (this) {
            UdpSocket s = socket;
            refused = switch (state) {
                case NEW -> null;
                case BINDING -> "bind: the socket is already being bound; create another socket";
                case BOUND -> "bind: the socket is already bound to port " + (s == null ? "" : s.port())
                        + "; create another socket";
                case CLOSED -> "bind: the socket is closed; create another socket";
            };
            if (refused == null) {
                state = State.BINDING;
            }
        }
        if (refused != null) {
            fire(error, Listeners.failure(new MpNetException(ApiKind.UDP, FailReason.INVALID_PARAMETER, "N-2",
                    refused)));
            return 0;
        }
        UdpSocket s;
        try {
            s = (port == 0 ? lan.bindUdp() : lan.bindUdp(port)).block(BIND_WAIT);
            if (s == null) {
                throw new MpNetException(ApiKind.UDP, FailReason.NETWORK, "N-2", "bind ended without a socket");
            }
        } catch (RuntimeException e) { // an MpNetException, or block()'s own (a timeout, the wrong thread)
            synchronized (this) {
                if (state == State.BINDING) {
                    state = State.NEW; // nothing is bound: the caller may try another port
                }
            }
            fire(error, Listeners.failure(e, ApiKind.UDP, "N-2"));
            return 0;
        }
        int bound = s.port();
        boolean open;
        synchronized (this) {
            open = state == State.BINDING;
            if (open) {
                state = State.BOUND;
                socket = s;
            }
        }
        if (!open) {
            s.close(); // close() came while binding, and onClose has fired
            return 0;
        }
        fire(listening, Map.of());
        // subscribed after onListening is queued, so no message, error or close comes before it; the
        // socket keeps what arrives meanwhile for its first subscriber
        s.messages().subscribe(m -> fire(message, toMap(m, bound)),
                e -> {
                    closed();
                    fire(error, Listeners.failure(e, ApiKind.UDP, "N-2"));
                    fire(close, Map.of());
                },
                () -> {
                    closed();
                    fire(close, Map.of());
                });
        return bound;
    }

    /**
     * {@code send(options)}: {@code address}, {@code port}, {@code message} (a String or
     * {@code byte[]}), {@code offset}, {@code length}. The destination is judged by P-12u first.
     */
    public void send(Map<String, ?> options) {
        Object address = options.get("address");
        send(address == null ? "" : address.toString(), number(options.get("port"), 0), options);
    }

    /** {@code connect(options)}: {@code address} and {@code port} that {@link #write} sends to. */
    public void connect(Map<String, ?> options) {
        Object address = options.get("address");
        connectedAddress = address == null ? "" : address.toString();
        connectedPort = number(options.get("port"), 0);
    }

    /**
     * {@code write(options)}: as {@link #send}, to its {@code address} and {@code port}, which the
     * platform asks for even after {@link #connect}; without them, to the address of {@link #connect}.
     */
    public void write(Map<String, ?> options) {
        Object given = options.get("address");
        String address = given != null ? given.toString() : connectedAddress;
        if (address == null) {
            fire(error, Listeners.failure(new MpNetException(ApiKind.UDP, FailReason.INVALID_PARAMETER, "N-2",
                    "write: no address; give address and port, or call connect({address, port}) first")));
            return;
        }
        send(address, number(options.get("port"), given != null ? 0 : connectedPort), options);
    }

    /** {@code close()}: closes the socket; {@code onClose} fires once, however often it is called. */
    public void close() {
        boolean first;
        synchronized (this) {
            first = state != State.CLOSED;
            state = State.CLOSED;
        }
        UdpSocket s = socket;
        if (s != null) {
            s.close(); // onClose once the port is released, when its messages end
        } else if (first) {
            fire(close, Map.of()); // nothing bound: nothing to wait for
        }
    }

    /** {@code onListening(listener)}: the socket is bound. */
    public void onListening(Consumer<Map<String, Object>> listener) {
        listening.add(listener);
    }

    /** {@code offListening(listener)}; {@code null} removes every listener. */
    public void offListening(@Nullable Consumer<Map<String, Object>> listener) {
        listening.remove(listener);
    }

    /** {@code onMessage(listener)}: {@code message} ({@code byte[]}), {@code remoteInfo}, {@code localInfo}. */
    public void onMessage(Consumer<Map<String, Object>> listener) {
        message.add(listener);
    }

    /** {@code offMessage(listener)}; {@code null} removes every listener. */
    public void offMessage(@Nullable Consumer<Map<String, Object>> listener) {
        message.remove(listener);
    }

    /** {@code onError(listener)}: {@code errMsg}, {@code errno} where defined, {@code rule}, {@code explanation}. */
    public void onError(Consumer<Map<String, Object>> listener) {
        error.add(listener);
    }

    /** {@code offError(listener)}; {@code null} removes every listener. */
    public void offError(@Nullable Consumer<Map<String, Object>> listener) {
        error.remove(listener);
    }

    /** {@code onClose(listener)}: the socket is closed. */
    public void onClose(Consumer<Map<String, Object>> listener) {
        close.add(listener);
    }

    /** {@code offClose(listener)}; {@code null} removes every listener. */
    public void offClose(@Nullable Consumer<Map<String, Object>> listener) {
        close.remove(listener);
    }

    private void send(String address, int port, Map<String, ?> options) {
        UdpSocket s = socket;
        if (s == null) {
            fire(error, Listeners.failure(new MpNetException(ApiKind.UDP, FailReason.INVALID_PARAMETER, "N-2",
                    "send: the socket is not bound; call bind() first")));
            return;
        }
        Object m = options.get("message");
        byte[] bytes = m instanceof byte[] b ? b : String.valueOf(m).getBytes(StandardCharsets.UTF_8);
        int offset = number(options.get("offset"), 0);
        int length = number(options.get("length"), bytes.length - Math.max(0, Math.min(offset, bytes.length)));
        s.send(address, port, bytes, offset, length)
                .subscribe(v -> { }, e -> fire(error, Listeners.failure(e, ApiKind.UDP, "N-2")));
    }

    /** Queues {@code event} for {@code listeners} on the event executor. */
    private void fire(EventListeners listeners, Map<String, Object> event) {
        events.execute(() -> listeners.fire(event));
    }

    private synchronized void closed() {
        state = State.CLOSED;
    }

    private static int number(@Nullable Object value, int otherwise) {
        return value instanceof Number n ? n.intValue() : otherwise;
    }

    private static Map<String, Object> toMap(UdpMessage m, int localPort) {
        RemoteInfo r = m.remoteInfo();
        Map<String, Object> remote = new LinkedHashMap<>();
        remote.put("address", r.address());
        remote.put("family", r.family());
        remote.put("port", r.port());
        remote.put("size", r.size());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("message", m.message());
        out.put("remoteInfo", remote);
        out.put("localInfo", Map.of("port", localPort));
        return out;
    }
}
