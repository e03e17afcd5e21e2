package io.mpnet.policy;

import java.net.InetAddress;
import java.util.Objects;

/**
 * The server-domain policy (SPEC §2): decides, before any byte leaves the process, whether a URL
 * or address may be reached by an API kind. Immutable and thread-safe; one per runtime.
 */
public final class NetworkPolicy {

    private final NetworkConfig config;
    private final DeviceView device;

    private NetworkPolicy(NetworkConfig config, DeviceView device) {
        this.config = config;
        this.device = device;
    }

    /** The policy of this configuration on this device. */
    public static NetworkPolicy of(NetworkConfig config, DeviceView device) {
        return new NetworkPolicy(Objects.requireNonNull(config, "config"), Objects.requireNonNull(device, "device"));
    }

    /** The configuration judged against. */
    public NetworkConfig config() {
        return config;
    }

    /** The device view judged against. */
    public DeviceView device() {
        return device;
    }

    /**
     * Judges a URL for request, uploadFile, downloadFile or connectSocket, in the order of SPEC §2.
     *
     * @throws IllegalArgumentException when {@code api} is UDP or TCP (use {@link #checkAddress})
     */
    public PolicyDecision check(ApiKind api, String url) {
        throw new UnsupportedOperationException("stub");
    }

    /** Judges a UDP or TCP destination (P-12, P-12u). */
    public PolicyDecision checkAddress(ApiKind api, String host, int port) {
        throw new UnsupportedOperationException("stub");
    }

    /**
     * Judges the address DNS gave for an allowed target (P-11 hardening): the device itself is
     * refused unless the address came from the configuration's {@code hosts} map.
     */
    public PolicyDecision checkResolved(ApiKind api, Target target, InetAddress resolved, boolean fromHostsMap) {
        throw new UnsupportedOperationException("stub");
    }
}
