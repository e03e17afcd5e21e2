package io.mpnet.runtime;

import io.mpnet.policy.ApiKind;
import io.mpnet.policy.FailReason;
import io.mpnet.policy.MpNetException;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * The phone's network as the host sets it (N-5): its type ({@code wx.getNetworkType}) and whether
 * it is weak. Starts as {@link Type#WIFI}, not weak. With {@link Type#NONE}, requests, transfers
 * and sockets fail at once, before any slot or I/O; calls in flight are left to end as the
 * network makes them end. Thread-safe.
 */
public final class NetworkState {

    /** The platform's network types, {@code networkType}. */
    public enum Type {
        /** {@code wifi}. */
        WIFI("wifi"),
        /** {@code 2g}. */
        G2("2g"),
        /** {@code 3g}. */
        G3("3g"),
        /** {@code 4g}. */
        G4("4g"),
        /** {@code 5g}. */
        G5("5g"),
        /** {@code unknown}: a network of a kind the platform does not name. */
        UNKNOWN("unknown"),
        /** {@code none}: no network; calls fail (N-5). */
        NONE("none");

        private final String platformName;

        Type(String platformName) {
            this.platformName = platformName;
        }

        /** The platform's name: {@code wifi}, {@code 4g}, {@code none}... */
        public String platformName() {
            return platformName;
        }

        /**
         * The type the platform names {@code name} ({@code wifi}, {@code 2g}...{@code 5g},
         * {@code unknown}, {@code none}), in any case.
         *
         * @throws IllegalArgumentException naming the value and the accepted ones
         */
        public static Type of(String name) {
            String n = Objects.requireNonNull(name, "name").toLowerCase(Locale.ROOT);
            for (Type t : values()) {
                if (t.platformName.equals(n)) {
                    return t;
                }
            }
            throw new IllegalArgumentException("network type '" + name
                    + "' is not one of wifi, 2g, 3g, 4g, 5g, unknown, none");
        }
    }

    /**
     * One moment of the phone's network.
     *
     * @param type the network type
     * @param weak whether the network is weak ({@code weakNet})
     */
    public record Status(Type type, boolean weak) {
        /** A status; {@code type} is required. */
        public Status {
            Objects.requireNonNull(type, "type");
        }

        /** Whether there is a network: any type but {@link Type#NONE} ({@code isConnected}). */
        public boolean connected() {
            return type != Type.NONE;
        }
    }

    private static final Status DEFAULT = new Status(Type.WIFI, false);

    // made when someone first watches: every runtime has a network state, few have a watcher
    private Sinks.@Nullable Many<Status> statuses;
    private volatile Status status = DEFAULT;

    NetworkState() {
    }

    /** The host's phone changed network: {@code type}, {@link Type#NONE} when it lost it. */
    public void type(Type type) {
        set(Objects.requireNonNull(type, "type"), status.weak());
    }

    /** The host's phone network became weak, or strong again. */
    public void weak(boolean weak) {
        set(status.type(), weak);
    }

    /**
     * N-5, the rule's one place: refuses a call of {@code api} made while the phone has no network.
     * The runtime's stages run it for request, uploadFile, downloadFile and connectSocket, the LAN
     * module for UDP sends and TCP connects.
     *
     * @throws MpNetException (N-5, {@code <api>:fail network error}, no errno) when the type is {@link Type#NONE}
     */
    public void check(ApiKind api) {
        if (!status.connected()) {
            throw new MpNetException(api, FailReason.NO_NETWORK, "N-5",
                    "the phone has no network (networkType none, set by the host); call again once"
                            + " onNetworkStatusChange reports isConnected");
        }
    }

    /** The current status. */
    public Status status() {
        return status;
    }

    /** The current status, then every change. */
    public synchronized Flux<Status> statuses() {
        Sinks.Many<Status> s = statuses;
        if (s == null) {
            s = Sinks.many().replay().latest();
            s.tryEmitNext(status);
            statuses = s;
        }
        return s.asFlux();
    }

    private synchronized void set(Type type, boolean weak) {
        Status next = new Status(type, weak);
        if (!next.equals(status)) {
            status = next;
            Sinks.Many<Status> s = statuses;
            if (s != null) {
                s.tryEmitNext(next); // serialised by synchronized, so this cannot fail with a concurrent emission
            }
        }
    }
}
