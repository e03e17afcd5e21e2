package io.mpnet.lan.compat;

import io.mpnet.lan.LocalInfo;
import io.mpnet.lan.RemoteInfo;
import io.mpnet.lan.TcpEvent;
import io.mpnet.lan.TcpSocket;
import io.mpnet.policy.ApiKind;
import io.mpnet.runtime.compat.EventExecutor;
import io.mpnet.runtime.compat.EventListeners;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The {@code TCPSocket} of {@code wx.createTCPSocket()} (N-3): {@code connect}, {@code write},
 * {@code close}, and the listeners {@code onConnect} ({@code remoteInfo}, {@code localInfo}),
 * {@code onMessage} ({@code message}: {@code byte[]}, {@code remoteInfo}, {@code localInfo}),
 * {@code onError} ({@code errMsg}...) and {@code onClose}. Failures of {@code connect} and
 * {@code write} go to {@code onError}, as the platform's do. Events run on the {@code WxLan}'s
 * event executor after the task that caused them: listeners added in the task that called
 * {@code connect} hear every event, later ones only the events dispatched after they were added.
 * Named as the platform names it; the Java API's reactive socket is {@link io.mpnet.lan.TcpSocket}.
 */
public final class TCPSocket {

    private final TcpSocket socket;
    private final EventExecutor events;
    private final EventListeners connect = new EventListeners("onConnect");
    private final EventListeners message = new EventListeners("onMessage");
    private final EventListeners error = new EventListeners("onError");
    private final EventListeners close = new EventListeners("onClose");

    TCPSocket(TcpSocket socket, EventExecutor events) {
        this.socket = socket;
        this.events = events;
        socket.events().subscribe(this::dispatch);
    }

    /**
     * {@code connect(options)}: {@code address}, {@code port}, {@code timeout} in seconds (default
     * 2). The destination is judged by P-12 first; {@code onConnect} or {@code onError} follows.
     */
    public void connect(Map<String, ?> options) {
        Object address = options.get("address");
        int port = options.get("port") instanceof Number n ? n.intValue() : 0;
        Duration timeout = options.get("timeout") instanceof Number n
                ? Duration.ofMillis(Math.round(n.doubleValue() * 1000)) : TcpSocket.DEFAULT_CONNECT_TIMEOUT;
        // failures arrive as error events too
        socket.connect(address == null ? "" : address.toString(), port, timeout).subscribe(v -> { }, e -> { });
    }

    /** {@code write(data)}: a String (sent as UTF-8) or {@code byte[]}. */
    public void write(Object data) {
        byte[] bytes = data instanceof byte[] b ? b : String.valueOf(data).getBytes(StandardCharsets.UTF_8);
        socket.write(bytes).subscribe(v -> { }, e -> {
            Map<String, Object> failure = Listeners.failure(e, ApiKind.TCP, "N-3");
            events.execute(() -> error.fire(failure));
        });
    }

    /** {@code close()}: closes the socket; {@code onClose} fires. */
    public void close() {
        socket.close();
    }

    /** {@code onConnect(listener)}: the connection is open: {@code remoteInfo} and {@code localInfo} ({@code address}, {@code family}, {@code port}). */
    public void onConnect(Consumer<Map<String, Object>> listener) {
        connect.add(listener);
    }

    /** {@code offConnect(listener)}; {@code null} removes every listener. */
    public void offConnect(@Nullable Consumer<Map<String, Object>> listener) {
        connect.remove(listener);
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

    // called in the events' order, one at a time (the socket serialises them); queued in that order
    private void dispatch(TcpEvent event) {
        if (event instanceof TcpEvent.Connected c) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("remoteInfo", remote(c.remoteInfo()));
            out.put("localInfo", local(c.localInfo()));
            events.execute(() -> connect.fire(out));
        } else if (event instanceof TcpEvent.Message m) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("message", m.message());
            out.put("remoteInfo", remote(m.remoteInfo()));
            out.put("localInfo", local(m.localInfo()));
            events.execute(() -> message.fire(out));
        } else if (event instanceof TcpEvent.Error e) {
            Map<String, Object> failure = Listeners.failure(e.error());
            events.execute(() -> error.fire(failure));
        } else {
            events.execute(() -> close.fire(Map.of()));
        }
    }

    private static Map<String, Object> remote(RemoteInfo r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("address", r.address());
        m.put("family", r.family());
        m.put("port", r.port());
        return m;
    }

    private static Map<String, Object> local(LocalInfo l) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("address", l.address());
        m.put("family", l.family());
        m.put("port", l.port());
        return m;
    }
}
