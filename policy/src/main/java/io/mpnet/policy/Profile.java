package io.mpnet.policy;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The host platform whose rules apply: a record of switches and limits (the table of docs/RULES.md),
 * not a class hierarchy. Two ship: {@link #WECHAT} and {@link #APPSERVICE}.
 *
 * @param name the profile's name in {@code mpnet.json} ({@code "wechat"}, {@code "appservice"})
 * @param refererHost the host of the fixed Referer (P-9)
 * @param userAgent the User-Agent every call sends unless the configuration names one (R-3u): the
 *     form of the platform's own client, so a backend that reads it sees a mini program
 * @param httpsPortsConfigurable whether an https domain may name a port, which then is the only one allowed (P-4)
 * @param httpsAnyPortWhenUnconfigured whether a URL may carry any port when the domain names none (P-5)
 * @param udpDomains whether {@code domains.udp} may list hosts (P-12u)
 * @param prefetchDns whether {@code prefetchDns} is supported (P-14)
 * @param maxDomainsPerApi the most domains one API kind may list (P-7)
 * @param maxPrefetchDns the most host names {@code prefetchDns} may list (P-14)
 * @param maxTimeout the default and the largest timeout of a call (T-1)
 * @param maxConcurrentHttp calls of request, uploadFile and downloadFile in flight at once (L-1)
 * @param maxSockets sockets open at once (S-4)
 * @param backgroundGrace how long a call may go on after the app leaves the foreground (B-2)
 * @param refusedTcpPorts the ports a TCP socket may never connect to, LAN or configured domain (P-12p)
 * @param tcpSocketsPerWindow how many TCP sockets one mini program may create in {@code tcpSocketWindow} (N-4)
 * @param tcpSocketWindow the sliding window of {@code tcpSocketsPerWindow} (N-4)
 */
public record Profile(
        String name,
        String refererHost,
        String userAgent,
        boolean httpsPortsConfigurable,
        boolean httpsAnyPortWhenUnconfigured,
        boolean udpDomains,
        boolean prefetchDns,
        int maxDomainsPerApi,
        int maxPrefetchDns,
        Duration maxTimeout,
        int maxConcurrentHttp,
        int maxSockets,
        Duration backgroundGrace,
        PortRanges refusedTcpPorts,
        int tcpSocketsPerWindow,
        Duration tcpSocketWindow) {

    /**
     * What WeChat's Android client sends from a mini program (captured requests show this form:
     * the system WebView's, then {@code MicroMessenger/<version>} and {@code MiniProgramEnv/android};
     * the device-specific build and WebView ids are left out).
     */
    static final String WECHAT_USER_AGENT = "Mozilla/5.0 (Linux; Android 14; wv) AppleWebKit/537.36"
            + " (KHTML, like Gecko) Version/4.0 Chrome/130.0.6723.102 Mobile Safari/537.36"
            + " MicroMessenger/8.0.50 NetType/WIFI Language/zh_CN ABI/arm64 MiniProgramEnv/android";

    /** The second platform's: the same WebView form and mini-program marker, without WeChat's own token. */
    static final String APPSERVICE_USER_AGENT = "Mozilla/5.0 (Linux; Android 14; wv) AppleWebKit/537.36"
            + " (KHTML, like Gecko) Version/4.0 Chrome/130.0.6723.102 Mobile Safari/537.36 MiniProgramEnv/android";

    /**
     * The ports {@code wx.createTCPSocket} may not connect to, as the platform's API documents and
     * typings list them (P-12p): the well-known ports, then databases, remote shells, proxies and
     * other services a mini program must not reach on a LAN or a server.
     */
    static final PortRanges REFUSED_TCP_PORTS = PortRanges.parse("1-1023,1099,1433,1521,1719,1720,1723,2049,2375,"
            + "3128,3306,3389,3659,4045,5060,5061,5432,5984,6379,6000,6566,7001,7002,8000-8100,8443,8888,9200,9300,"
            + "10051,10080,11211,27017,27018,27019");

    /** WeChat (seeds 000, 002, 003, 004). */
    public static final Profile WECHAT = new Profile("wechat", "servicewechat.com", WECHAT_USER_AGENT,
            true, false, false, true, 20, 5, Duration.ofSeconds(60), 10, 5, Duration.ofSeconds(5),
            REFUSED_TCP_PORTS, 20, Duration.ofMinutes(5));

    /** The second host platform (seed 001), named after its Referer host. */
    public static final Profile APPSERVICE = new Profile("appservice", "appservice.wx.com", APPSERVICE_USER_AGENT,
            false, true, true, false, 20, 5, Duration.ofSeconds(60), 10, 5, Duration.ofSeconds(5),
            REFUSED_TCP_PORTS, 20, Duration.ofMinutes(5));

    /** The profiles that ship. */
    public static final List<Profile> BUILT_IN = List.of(WECHAT, APPSERVICE);

    public Profile {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(refererHost, "refererHost");
        Objects.requireNonNull(userAgent, "userAgent");
        Objects.requireNonNull(maxTimeout, "maxTimeout");
        Objects.requireNonNull(backgroundGrace, "backgroundGrace");
        Objects.requireNonNull(refusedTcpPorts, "refusedTcpPorts");
        Objects.requireNonNull(tcpSocketWindow, "tcpSocketWindow");
    }

    /**
     * The built-in profile of that name, ignoring ASCII case.
     *
     * @throws IllegalArgumentException naming the known profiles when there is none
     */
    public static Profile named(String name) {
        for (Profile p : BUILT_IN) {
            if (p.name.equals(name.toLowerCase(Locale.ROOT))) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown profile '" + name + "'; known: wechat, appservice");
    }

    /** The Referer every call carries (P-9): {@code https://{host}/{appid}/{version}/page-frame.html}. */
    public String referer(String appId, String version) {
        return "https://" + refererHost + "/" + appId + "/" + version + "/page-frame.html";
    }
}
