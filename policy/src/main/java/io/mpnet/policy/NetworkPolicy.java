package io.mpnet.policy;

import java.net.InetAddress;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The server-domain policy (the P rules of docs/RULES.md): decides, before any byte leaves the process, whether a URL
 * or address may be reached by an API kind. Immutable and thread-safe; one per runtime.
 *
 * <p>The order (docs/RULES.md, "The order") lives in {@link #check} and {@link #checkAddress}: the first rule that
 * fails is the one reported.
 */
public final class NetworkPolicy {

    static final String FORBIDDEN_HOST = "api.weixin.qq.com";

    private final NetworkConfig config;
    private final DeviceView device;
    private final Map<ApiKind, DomainTable> tables = new EnumMap<>(ApiKind.class);

    private NetworkPolicy(NetworkConfig config, DeviceView device) {
        this.config = config;
        this.device = device;
        for (ApiKind kind : ApiKind.values()) {
            tables.put(kind, new DomainTable(config.domains(kind)));
        }
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
     * Judges a URL for request, uploadFile, downloadFile or connectSocket, in the order of docs/RULES.md, "The order".
     * Never throws for any URL text: a URL that cannot be read is a denial (P-1 or P-2).
     *
     * @throws IllegalArgumentException when {@code api} is UDP or TCP (use {@link #checkAddress})
     * @throws NullPointerException when {@code url} is null
     */
    public PolicyDecision check(ApiKind api, String url) {
        if (!api.takesUrl()) {
            throw new IllegalArgumentException(api.apiName() + " takes a host and a port: use checkAddress");
        }
        Objects.requireNonNull(url, "url");
        Target t;
        try {
            t = UrlReader.read(url, api);                                                   // steps 1-3
        } catch (RuleViolation v) {
            return deny(api, v.rule(), "'" + url + "': " + v.reason());
        }
        PolicyDecision self = refuseForbiddenOrSelf(api, t, url);                           // steps 4-5
        if (self != null) {
            return self;
        }
        InetAddress literal = t.literalAddress();
        if (literal != null && device.isLanPeer(literal)) {                                 // step 6
            return PolicyDecision.allow(api, t.asLan());
        }
        if (!config.urlCheck()) {
            // P-13: development mode skips P-1, P-2, P-4 and P-5 (P-8 and P-11 were judged above)
            return PolicyDecision.allow(api, t);
        }
        if (!t.secure()) {                                                                  // step 7
            return deny(api, "P-1", "'" + url + "' uses " + t.scheme() + ", which only a LAN device may use (P-10);"
                    + " use " + UrlReader.secureScheme(api) + "://" + t.host() + ", or reach a device of this phone's"
                    + " subnet by its IP address");
        }
        ServerDomain[] configured = tables.get(api).find(t.hostSource(), t.hostStart(), t.hostEnd());
        if (configured == null && literal != null) {                                        // step 8, an IP
            return deny(api, "P-2", "'" + t.host() + "' is an IP address, which is never a server domain (P-3), and"
                    + " not a device of this phone's subnet (P-10); call the server by a domain name configured in"
                    + " domains." + api.configKey() + configuredList(api));
        }
        if (configured == null) {                                                           // step 8
            return deny(api, "P-2", "'" + t.host() + "' is not in domains." + api.configKey() + configuredList(api)
                    + "; add '" + UrlReader.secureScheme(api) + "://" + t.host() + "' to domains." + api.configKey()
                    + " in mpnet.json (a configured parent domain does not admit its subdomains)");
        }
        return ports(api, t, configured, url);                                              // step 9
    }

    /** Step 9: P-4, P-5 for https; P-6 for wss. */
    private PolicyDecision ports(ApiKind api, Target t, ServerDomain[] configured, String url) {
        if (api == ApiKind.CONNECT_SOCKET) {
            return PolicyDecision.allow(api, t); // P-6: a wss domain admits every port
        }
        for (ServerDomain d : configured) {
            boolean ok = d.hasPort() ? t.explicitPort() && t.port() == d.port()
                    : !t.explicitPort() || config.profile().httpsAnyPortWhenUnconfigured();
            if (ok) {
                return PolicyDecision.allow(api, t);
            }
        }
        ServerDomain d = configured[0];
        if (d.hasPort()) {
            return deny(api, "P-4", "'" + url + "': " + d + " is configured with port " + d.port()
                    + ", so only :" + d.port() + " is allowed; use that port, or configure 'https://" + d.host()
                    + (t.explicitPort() ? ":" + t.port() : "") + "' as well");
        }
        return deny(api, "P-5", "'" + url + "' carries port " + t.port() + ", but " + d + " is configured without"
                + " one, so the URL may carry no port at all, not even :443; remove the port, or configure 'https://"
                + d.host() + ":" + t.port() + "'");
    }

    /**
     * Judges a UDP or TCP destination (P-12, P-12u) in the order of docs/RULES.md, "The order": syntax, P-8, P-11,
     * LAN peer, a configured host of that kind (any port); then, for TCP, the port (P-12p). Never throws
     * for any host text.
     *
     * @throws IllegalArgumentException when {@code api} takes a URL (use {@link #check})
     */
    public PolicyDecision checkAddress(ApiKind api, String host, int port) {
        if (api.takesUrl()) {
            throw new IllegalArgumentException(api.apiName() + " takes a URL: use check");
        }
        Objects.requireNonNull(host, "host");
        String rule = api == ApiKind.UDP ? "P-12u" : "P-12";
        Target t;
        try {
            UrlReader.refuseInvisible(host);
            if (port < 1 || port > 65535) {
                throw new RuleViolation(rule, "port " + port + " is outside 1-65535");
            }
            boolean bareIpv6 = host.indexOf(':') >= 0 && !host.startsWith("[");
            HostReader.Host h = HostReader.read(bareIpv6 ? "[" + host + "]" : host);
            t = Target.address(h.name(), port, false, h.literal());
        } catch (RuleViolation v) {
            return deny(api, rule, "'" + host + "' port " + port + ": " + v.reason());
        }
        PolicyDecision self = refuseForbiddenOrSelf(api, t, host);
        if (self != null) {
            return self;
        }
        InetAddress literal = t.literalAddress();
        if (literal != null && device.isLanPeer(literal)) {
            return allowedPort(api, t.asLan());
        }
        if (literal == null && tables.get(api).find(t.host(), 0, t.host().length()) != null) {
            return allowedPort(api, t);
        }
        return deny(api, rule, "'" + t.host() + "' is neither a device of this phone's subnets " + device.subnetsText()
                + " (P-10) nor "
                + (api == ApiKind.UDP && !config.profile().udpDomains()
                        ? "allowed: the " + config.profile().name() + " profile sends udp to LAN peers only"
                        : "a host in domains." + api.configKey() + configuredList(api) + "; add it there")
                + " (" + rule + ")");
    }

    /** P-12p: an allowed TCP destination is still refused on a port the platform never lets a socket reach. */
    private PolicyDecision allowedPort(ApiKind api, Target t) {
        PortRanges refused = config.profile().refusedTcpPorts();
        if (api == ApiKind.TCP && refused.contains(t.port())) {
            return deny(api, "P-12p", "'" + t.host() + "' port " + t.port() + " is a port no TCP socket may connect"
                    + " to (" + refused + "), on the LAN or a configured domain; serve the protocol on another port"
                    + " (P-12p)");
        }
        return PolicyDecision.allow(api, t);
    }

    /**
     * The target of a host another HTTP client dials on this runtime's behalf (a Spring
     * {@code WebClient} whose connector resolves through the runtime), for {@link #checkResolved}:
     * the host read as a URL host is (letter case, one trailing dot, IDNA), refused when it is P-8 or
     * the device itself (P-11), a LAN peer when it is a literal of the device's subnets. No scheme,
     * domain or port rule is judged here: that client's URL is judged by {@link #check} (the Spring
     * filter does it), which only knows the URL, not where its name resolves. Never throws for any host text.
     */
    public PolicyDecision checkDialled(ApiKind api, String host, int port) {
        Objects.requireNonNull(host, "host");
        Target t;
        try {
            UrlReader.refuseInvisible(host);
            boolean bareIpv6 = host.indexOf(':') >= 0 && !host.startsWith("[");
            HostReader.Host h = HostReader.read(bareIpv6 ? "[" + host + "]" : host);
            t = Target.address(h.name(), port, false, h.literal());
        } catch (RuleViolation v) {
            return deny(api, v.rule(), "'" + host + "': " + v.reason());
        }
        PolicyDecision self = refuseForbiddenOrSelf(api, t, host);
        if (self != null) {
            return self;
        }
        InetAddress literal = t.literalAddress();
        return PolicyDecision.allow(api, literal != null && device.isLanPeer(literal) ? t.asLan() : t);
    }

    /**
     * Judges the address DNS gave for an allowed target (P-11 hardening): the device itself is
     * refused unless the address came from the configuration's {@code hosts} map, which is the
     * operator's own choice. An IPv6 spelling of an IPv4 address is judged as {@link #dialled} says.
     */
    public PolicyDecision checkResolved(ApiKind api, Target target, InetAddress resolved, boolean fromHostsMap) {
        InetAddress a = EmbeddedIpv4.canonical(resolved);
        if (!fromHostsMap && !target.lan() && device.isDeviceItself(a)) {
            return deny(api, "P-11", "DNS answered " + resolved.getHostAddress() + " for '" + target.host()
                    + "', an address of this device (loopback, unspecified or its own"
                    + (a != resolved || EmbeddedIpv4.embedded(a) != null ? ", in an IPv6 spelling of an IPv4 address" : "")
                    + "); fix the DNS record, or map the name in 'hosts' when a local server is meant");
        }
        return PolicyDecision.allow(api, target);
    }

    /**
     * The address to dial for one answer of a resolver (or the {@code hosts} map), once judged by
     * {@link #checkResolved}: the answer itself, or the IPv4 address an IPv4-mapped IPv6 answer
     * ({@code ::ffff:a.b.c.d}) stands for, so the address judged is the address dialled whatever
     * the resolver built. NAT64 ({@code 64:ff9b::/96}) and 6to4 ({@code 2002::/16}) answers are
     * dialled as they are, and refused when the IPv4 address they carry is the device itself.
     *
     * @throws MpNetException the P-11 refusal
     */
    public InetAddress dialled(ApiKind api, Target target, InetAddress answer, boolean fromHostsMap) {
        checkResolved(api, target, answer, fromHostsMap).orThrow();
        return EmbeddedIpv4.canonical(answer);
    }

    /** Steps 4 and 5: P-8, then the device itself (P-11). */
    private @Nullable PolicyDecision refuseForbiddenOrSelf(ApiKind api, Target t, String written) {
        if (t.hostIs(FORBIDDEN_HOST)) {
            return deny(api, "P-8", "'" + written + "': " + FORBIDDEN_HOST + " can never be called from a mini program:"
                    + " it takes the AppSecret, which must stay on your server; call it from your backend");
        }
        InetAddress literal = t.literalAddress();
        if (literal != null ? device.isDeviceItself(literal) : t.hostIsLocalhost()) {
            return deny(api, "P-11", "'" + written + "': " + t.host() + " is this device itself (loopback, unspecified,"
                    + " its own or its subnet's network or broadcast address); a mini program never reaches its own"
                    + " device: use a server's domain, or another device of the LAN");
        }
        return null;
    }

    private String configuredList(ApiKind api) {
        var ds = config.domains(api);
        return ds.isEmpty() ? " (it is empty)"
                : " (configured: " + ds.stream().map(ServerDomain::toString).collect(Collectors.joining(", ")) + ")";
    }

    private static PolicyDecision deny(ApiKind api, String rule, String why) {
        return PolicyDecision.deny(api, rule, why.endsWith("(" + rule + ")") ? why : why + " (" + rule + ")");
    }

    @Override
    public String toString() {
        return "NetworkPolicy[" + config.profile().name() + ", urlCheck=" + config.urlCheck() + ", " + device + "]";
    }
}
