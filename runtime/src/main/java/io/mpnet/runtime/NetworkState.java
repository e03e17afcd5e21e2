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
 * it is weak, and how the host throttles it ({@link NetworkConditions}, N-6). Starts as
 * {@link Type#WIFI}, not weak, not throttled. With {@link Type#NONE}, or offline conditions,
 * requests, transfers and sockets fail at once, before any slot or I/O; calls in flight are left
 * to end as the network makes them end. Thread-safe.
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
    private Sinks.@Nullable Many<NetworkConditions> conditionChanges;
    private volatile Status status = DEFAULT; // what the program sees: the host's type, or none while offline
    private volatile Status host = DEFAULT; // what the host set
    private volatile NetworkConditions conditions = NetworkConditions.NONE;

    NetworkState() {
    }

    /** The host's phone changed network: {@code type}, {@link Type#NONE} when it lost it. */
    public synchronized void type(Type type) {
        Objects.requireNonNull(type, "type");
        set(new Status(type, host.weak()), conditions);
    }

    /** The host's phone network became weak, or strong again. */
    public synchronized void weak(boolean weak) {
        set(new Status(host.type(), weak), conditions);
    }

    /**
     * Throttles the runtime from now on (N-6): requests, transfers and sockets that start, and the bytes
     * of those in flight that were started throttled, follow {@code conditions}. Offline conditions make
     * the program see network type {@code none} (and hear it through {@link #statuses()}) until they are
     * lifted, whatever type the host set.
     */
    public synchronized void conditions(NetworkConditions conditions) {
        set(host, Objects.requireNonNull(conditions, "conditions"));
    }

    /** How the host throttles the runtime now: {@link NetworkConditions#NONE} unless it said otherwise. */
    public NetworkConditions conditions() {
        return conditions;
    }

    /**
     * N-5, the rule's one place: refuses a call of {@code api} made while the phone has no network.
     * The runtime's stages run it for request, uploadFile, downloadFile and connectSocket, the LAN
     * module for UDP sends and TCP connects.
     *
     * @throws MpNetException (N-5, {@code <api>:fail network error}, no errno) when the type is {@link Type#NONE},
     *                        set by the host or by offline {@linkplain #conditions(NetworkConditions) conditions}
     */
    public void check(ApiKind api) {
        if (!status.connected()) {
            throw new MpNetException(api, FailReason.NO_NETWORK, "N-5", "the phone has no network (networkType none, "
                    + (conditions.offline() ? "the host's conditions are '" + conditions.name() + "'" : "set by the host")
                    + "); call again once onNetworkStatusChange reports isConnected");
        }
    }

    /** The current status, as the program sees it: {@link Type#NONE} while the conditions are offline. */
    public Status status() {
        return status;
    }

    /** The current conditions, then every change (N-6): what a tool showing them, such as the inspector, follows. */
    public synchronized Flux<NetworkConditions> conditionChanges() {
        Sinks.Many<NetworkConditions> s = conditionChanges;
        if (s == null) {
            s = Sinks.many().replay().latest();
            s.tryEmitNext(conditions);
            conditionChanges = s;
        }
        return s.asFlux();
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

    private synchronized void set(Status hostStatus, NetworkConditions next) {
        host = hostStatus;
        Status seen = next.offline() ? new Status(Type.NONE, hostStatus.weak()) : hostStatus;
        Status before = status;
        // the status first: whoever reads the new conditions (volatile) then finds the status they make,
        // so a call made once the conditions read NONE is never refused by the offline status before them
        status = seen;
        NetworkConditions was = conditions;
        conditions = next;
        if (!next.equals(was)) {
            Sinks.Many<NetworkConditions> c = conditionChanges;
            if (c != null) {
                c.tryEmitNext(next); // serialised by synchronized, as below
            }
        }
        if (!seen.equals(before)) {
            Sinks.Many<Status> s = statuses;
            if (s != null) {
                s.tryEmitNext(seen); // serialised by synchronized, so this cannot fail with a concurrent emission
            }
        }
    }
}
