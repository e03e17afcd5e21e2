package io.mpnet.lan.compat;

import io.mpnet.lan.RemoteInfo;
import io.mpnet.lan.TcpEvent;
import io.mpnet.lan.TcpSocket;
import io.mpnet.policy.ApiKind;
import io.mpnet.runtime.compat.OnceListeners;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The {@code TCPSocket} of {@code wx.createTCPSocket()} (N-3): {@code connect}, {@code write},
 * {@code close}, and the listeners {@code onConnect}, {@code onMessage} ({@code message}:
 * {@code byte[]}, {@code remoteInfo}), {@code onError} ({@code errMsg}...) and {@code onClose}.
 * Failures of {@code connect} and {@code write} go to {@code onError}, as the platform's do.
 * The connect starts at once and may end before the caller adds its listeners; the events that
 * happen once (connect, the error the socket closes on, close) reach a listener added later at
 * once, as they would on the platform, where events wait for the calling JavaScript to return.
 * Messages and errors that leave the socket open reach only the listeners of the moment.
 * Named as the platform names it; the Java API's reactive socket is {@link io.mpnet.lan.TcpSocket}.
 */
public final class TCPSocket {

    private final TcpSocket socket;
    private final OnceListeners connect = new OnceListeners("onConnect", Listeners::call);
    private final Listeners message = new Listeners("onMessage");
    private final ErrorListeners error = new ErrorListeners();
    private final OnceListeners close = new OnceListeners("onClose", Listeners::call);

    TCPSocket(TcpSocket socket) {
        this.socket = socket;
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
        socket.write(bytes).subscribe(v -> { }, e -> error.fire(Listeners.failure(e, ApiKind.TCP, "N-3")));
    }

    /** {@code close()}: closes the socket; {@code onClose} fires. */
    public void close() {
        socket.close();
    }

    /** {@code onConnect(listener)}: the connection is open; a listener added after that gets it at once. */
    public void onConnect(Consumer<Map<String, Object>> listener) {
        connect.add(listener);
    }

    /** {@code offConnect(listener)}; {@code null} removes every listener. */
    public void offConnect(@Nullable Consumer<Map<String, Object>> listener) {
        connect.remove(listener);
    }

    /** {@code onMessage(listener)}: {@code message} ({@code byte[]}), {@code remoteInfo}. */
    public void onMessage(Consumer<Map<String, Object>> listener) {
        message.add(listener);
    }

    /** {@code offMessage(listener)}; {@code null} removes every listener. */
    public void offMessage(@Nullable Consumer<Map<String, Object>> listener) {
        message.remove(listener);
    }

    /**
     * {@code onError(listener)}: {@code errMsg}, {@code errno} where defined, {@code rule},
     * {@code explanation}. A listener added after the error the socket closed on gets it at once.
     */
    public void onError(Consumer<Map<String, Object>> listener) {
        error.add(listener);
    }

    /** {@code offError(listener)}; {@code null} removes every listener. */
    public void offError(@Nullable Consumer<Map<String, Object>> listener) {
        error.remove(listener);
    }

    /** {@code onClose(listener)}: the socket is closed; a listener added after that gets it at once. */
    public void onClose(Consumer<Map<String, Object>> listener) {
        close.add(listener);
    }

    /** {@code offClose(listener)}; {@code null} removes every listener. */
    public void offClose(@Nullable Consumer<Map<String, Object>> listener) {
        close.remove(listener);
    }

    // called in the events' order, one at a time: the socket serialises them
    private void dispatch(TcpEvent event) {
        if (event instanceof TcpEvent.Connected) {
            error.passed(); // an earlier error was bad input to connect: the socket went on
            connect.fire(Map.of());
        } else if (event instanceof TcpEvent.Message m) {
            error.passed();
            RemoteInfo r = m.remoteInfo();
            Map<String, Object> remote = new LinkedHashMap<>();
            remote.put("address", r.address());
            remote.put("family", r.family());
            remote.put("port", r.port());
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("message", m.message());
            out.put("remoteInfo", remote);
            message.fire(out);
        } else if (event instanceof TcpEvent.Error e) {
            error.fireLast(Listeners.failure(e.error())); // the last one when Closed comes next
        } else {
            error.closing();
            close.fire(Map.of());
        }
    }
}
