package io.mpnet.lan.compat;

import io.mpnet.lan.LocalNetwork;
import io.mpnet.lan.RemoteInfo;
import io.mpnet.lan.UdpMessage;
import io.mpnet.lan.UdpSocket;
import io.mpnet.policy.ApiKind;
import io.mpnet.policy.FailReason;
import io.mpnet.policy.MpNetException;
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
 * {@code write} go to {@code onError}, as the platform's do.
 */
public final class UDPSocket {

    private static final Duration BIND_WAIT = Duration.ofSeconds(10);

    private final LocalNetwork lan;
    private final Listeners listening = new Listeners("onListening");
    private final Listeners message = new Listeners("onMessage");
    private final Listeners error = new Listeners("onError");
    private final Listeners close = new Listeners("onClose");
    private volatile @Nullable UdpSocket socket;
    private volatile @Nullable String connectedAddress;
    private volatile int connectedPort;

    UDPSocket(LocalNetwork lan) {
        this.lan = lan;
    }

    /** {@code bind()}: binds to a port the system chooses and returns it; 0 (and {@code onError}) on failure. */
    public int bind() {
        return bind(0);
    }

    /**
     * {@code bind(port)}: binds and returns the port, then {@code onListening} fires; 0 (and
     * {@code onError}) on failure. Waits for the bind: not to be called on an event-loop thread.
     */
    public int bind(int port) {
        if (socket != null) {
            error.fire(Listeners.failure(new MpNetException(ApiKind.UDP, FailReason.INVALID_PARAMETER, "N-2",
                    "bind: the socket is already bound to port " + socket.port() + "; create another socket")));
            return 0;
        }
        try {
            UdpSocket s = (port == 0 ? lan.bindUdp() : lan.bindUdp(port)).block(BIND_WAIT);
            socket = s;
            s.messages().subscribe(m -> message.fire(toMap(m, s.port())),
                    e -> {
                        error.fire(Listeners.failure((MpNetException) e));
                        close.fire(Map.of());
                    },
                    () -> close.fire(Map.of()));
            listening.fire(Map.of());
            return s.port();
        } catch (MpNetException e) {
            error.fire(Listeners.failure(e));
            return 0;
        }
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

    /** {@code write(options)}: {@code message}, {@code offset}, {@code length}, to the address of {@link #connect}. */
    public void write(Map<String, ?> options) {
        String address = connectedAddress;
        if (address == null) {
            error.fire(Listeners.failure(new MpNetException(ApiKind.UDP, FailReason.INVALID_PARAMETER, "N-2",
                    "write: no address; call connect({address, port}) first, or use send")));
            return;
        }
        send(address, connectedPort, options);
    }

    /** {@code close()}: closes the socket; {@code onClose} fires. */
    public void close() {
        UdpSocket s = socket;
        if (s != null) {
            s.close();
        } else {
            close.fire(Map.of());
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
            error.fire(Listeners.failure(new MpNetException(ApiKind.UDP, FailReason.INVALID_PARAMETER, "N-2",
                    "send: the socket is not bound; call bind() first")));
            return;
        }
        Object m = options.get("message");
        byte[] bytes = m instanceof byte[] b ? b : String.valueOf(m).getBytes(StandardCharsets.UTF_8);
        int offset = number(options.get("offset"), 0);
        int length = number(options.get("length"), bytes.length - Math.max(0, Math.min(offset, bytes.length)));
        s.send(address, port, bytes, offset, length)
                .subscribe(v -> { }, e -> error.fire(Listeners.failure((MpNetException) e)));
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
