package io.mpnet.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static io.mpnet.testing.BuiltAddresses.v6;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The P table of docs/RULES.md, for both profiles, in its order. Each row: profile, API kind,
 * URL, the rule that decides ({@code OK} when allowed).
 */
class NetworkPolicyTest {

    static final DeviceView LAN = DeviceView.of("192.168.50.10/24", "fe80::10/64");

    static NetworkPolicy policy(Profile profile, boolean urlCheck) {
        NetworkConfig.Builder b = NetworkConfig.builder().appId("wx0123456789abcdef").profile(profile).urlCheck(urlCheck)
                .domains(ApiKind.REQUEST, profile.httpsPortsConfigurable()
                        ? new String[] {"https://api.example.com", "https://pay.example.com:8443", "https://xn--fiqs8s.example.cn"}
                        : new String[] {"https://api.example.com", "https://pay.example.com", "https://xn--fiqs8s.example.cn"})
                .domains(ApiKind.UPLOAD_FILE, "https://upload.example.com")
                .domains(ApiKind.DOWNLOAD_FILE, "https://cdn.example.com")
                .domains(ApiKind.CONNECT_SOCKET, "wss://ws.example.com")
                .domains(ApiKind.TCP, "tcp.example.com");
        if (profile.udpDomains()) {
            b.domains(ApiKind.UDP, "udp.example.com");
        }
        return NetworkPolicy.of(b.build(), LAN);
    }

    static String decide(String profile, String api, String url) {
        return policy(Profile.named(profile), true).check(ApiKind.valueOf(api), url).rule();
    }

    @ParameterizedTest(name = "{3} {0} {1} {2}")
    @CsvSource(delimiter = '|', value = {
        // P-1: https for request/uploadFile/downloadFile, wss for sockets
        "wechat    |REQUEST       |http://api.example.com/                |P-1",
        "appservice|REQUEST       |http://api.example.com/                |P-1",
        "wechat    |CONNECT_SOCKET|ws://ws.example.com/                   |P-1",
        "wechat    |CONNECT_SOCKET|https://ws.example.com/                |P-1",
        "wechat    |REQUEST       |wss://api.example.com/                 |P-1",
        "wechat    |REQUEST       |api.example.com/path                   |P-1",
        "wechat    |REQUEST       |//api.example.com/path                 |P-1",
        "wechat    |REQUEST       |ftp://api.example.com/                 |P-1",
        "wechat    |REQUEST       |HTTPS://api.example.com/               |OK",
        "appservice|UPLOAD_FILE   |https://upload.example.com/u           |OK",
        "wechat    |DOWNLOAD_FILE |https://cdn.example.com/a.png          |OK",
        // P-2: exact host of that API kind; case and one trailing dot ignored; no subdomains
        "wechat    |REQUEST       |https://API.Example.COM/x              |OK",
        "wechat    |REQUEST       |https://api.example.com./x             |OK",
        "wechat    |REQUEST       |https://api.example.com../x            |P-2",
        "wechat    |REQUEST       |https://v2.api.example.com/            |P-2",
        "wechat    |REQUEST       |https://example.com/                   |P-2",
        "appservice|REQUEST       |https://evil-api.example.com/          |P-2",
        "wechat    |REQUEST       |https://api.example.com.evil.com/      |P-2",
        "wechat    |REQUEST       |https://upload.example.com/            |P-2",
        "wechat    |UPLOAD_FILE   |https://api.example.com/               |P-2",
        "wechat    |REQUEST       |https://中国.example.cn/                |OK",
        "wechat    |REQUEST       |https://xn--fiqs8s.example.cn/         |OK",
        // P-4: a configured https port is the only one (wechat); P-5 no port unless configured
        "wechat    |REQUEST       |https://pay.example.com:8443/          |OK",
        "wechat    |REQUEST       |https://pay.example.com/               |P-4",
        "wechat    |REQUEST       |https://pay.example.com:443/           |P-4",
        "wechat    |REQUEST       |https://pay.example.com:9443/          |P-4",
        "wechat    |REQUEST       |https://api.example.com:443/          |P-5",
        "wechat    |REQUEST       |https://api.example.com:8080/          |P-5",
        "appservice|REQUEST       |https://api.example.com:8080/          |OK",
        "appservice|REQUEST       |https://api.example.com:443/           |OK",
        "appservice|REQUEST       |https://pay.example.com:9443/          |OK",
        // P-6: wss admits every port
        "wechat    |CONNECT_SOCKET|wss://ws.example.com:9000/chat         |OK",
        "appservice|CONNECT_SOCKET|wss://ws.example.com/                  |OK",
        "wechat    |CONNECT_SOCKET|wss://api.example.com/                 |P-2",
        // P-8: never api.weixin.qq.com, in any spelling
        "wechat    |REQUEST       |https://api.weixin.qq.com/sns/jscode2session|P-8",
        "appservice|REQUEST       |https://API.WEIXIN.QQ.COM./x           |P-8",
        "wechat    |CONNECT_SOCKET|wss://api.weixin.qq.com/               |P-8",
        // P-10: a LAN peer skips the domain check, may use http/ws and any port
        "wechat    |REQUEST       |http://192.168.50.20:8080/             |OK",
        "appservice|REQUEST       |https://192.168.50.20/                 |OK",
        "wechat    |CONNECT_SOCKET|ws://192.168.50.20:9000/               |OK",
        "wechat    |DOWNLOAD_FILE |http://[fe80::20]:8080/f               |OK",
        "wechat    |REQUEST       |http://192.168.51.20/                  |P-1",
        "wechat    |REQUEST       |https://192.168.51.20/                 |P-2",
        "wechat    |REQUEST       |https://10.0.0.5/                      |P-2",
        "appservice|REQUEST       |https://8.8.8.8/                       |P-2",
        // P-11: never the device itself
        "wechat    |REQUEST       |http://127.0.0.1/                      |P-11",
        "wechat    |REQUEST       |https://127.0.0.1/                     |P-11",
        "wechat    |REQUEST       |https://localhost/                     |P-11",
        "wechat    |REQUEST       |https://LOCALHOST./                    |P-11",
        "wechat    |REQUEST       |https://a.localhost/                   |P-11",
        "wechat    |REQUEST       |http://192.168.50.10/                  |P-11",
        "wechat    |REQUEST       |http://192.168.50.0/                   |P-11",
        "wechat    |REQUEST       |http://192.168.50.255/                 |P-11",
        "wechat    |REQUEST       |http://255.255.255.255/                |P-11",
        "wechat    |REQUEST       |http://0.0.0.0/                        |P-11",
        "wechat    |REQUEST       |http://[::1]/                          |P-11",
        "wechat    |REQUEST       |http://[::]/                           |P-11",
        "wechat    |REQUEST       |http://[fe80::10]/                     |P-11",
        "appservice|CONNECT_SOCKET|ws://127.0.0.1:9000/                   |P-11",
    })
    @DisplayName("P-1..P-11 the URL table, both profiles")
    void urlTable(String profile, String api, String url, String rule) {
        assertThat(decide(profile, api, url)).isEqualTo(rule);
    }

    @ParameterizedTest(name = "{1} {0}")
    @CsvSource(delimiter = '|', value = {
        "http://127.1/               |P-11",
        "http://2130706433/          |P-11",
        "http://0x7f.0.0.1/          |P-11",
        "http://0177.0.0.1/          |P-11",
        "http://0x7F000001/          |P-11",
        "http://127.0.0.1./          |P-11",
        "http://[::ffff:127.0.0.1]/  |P-11",
        "http://[::ffff:7f00:1]/     |P-11",
        "http://0/                   |P-11",
        "http://192.168.50.20./      |OK",
        "http://0xc0.0xa8.0x32.0x14/ |OK",
        "http://3232248340/          |OK",
        "http://192.168.12820/       |OK",
        "http://[::ffff:192.168.50.20]/|OK",
        "http://4294967296/          |P-2",
        "http://127.0.0.256/         |P-2",
        "http://1.2.3.4.5/           |P-2",
        "http://0x100.0.0.1/         |P-2",
        "http://08.0.0.1/            |P-2",
        "http://192.168.50.0x14/     |OK",
        "http://99999999999999999999/|P-2",
        "http://[127.0.0.1]/         |P-2",
        "http://[::1%25lo]/          |P-2",
        "http://[::1/                |P-2",
        "http://[::1]x/              |P-2",
    })
    @DisplayName("P-11 every IP-literal spelling is the address it names, overflow is malformed (P-2)")
    void ipLiteralSpellings(String url, String rule) {
        assertThat(decide("wechat", "REQUEST", url)).isEqualTo(rule);
    }

    @ParameterizedTest(name = "{1} {0}")
    @CsvSource(delimiter = '|', value = {
        // (1) control characters and Unicode whitespace, anywhere, never trimmed
        "' https://api.example.com/'            |P-2",
        "'https://api.example.com/ '            |P-2",
        "'https://api.example.com/a b'          |P-2",
        "'https://api.example.com/\t'           |P-2",
        "'https://api.example.com\u00a0/'       |P-2",
        "'https://api.example.com/\u3000'       |P-2",
        "'https://api.example.com/\u2028'       |P-2",
        "'https://api.example.com\u200b/'       |P-2",
        "'https://api.example.com/\u202e'       |P-2",
        // (1) before (2): a control character beats a missing scheme
        "'api.example.com\u0001'                |P-2",
        // (3) syntax
        "https:api.example.com/                 |P-2",
        "https:/api.example.com/                |P-2",
        "https:///                              |P-2",
        "https://                               |P-2",
        "https://:443/                          |P-2",
        "https://user@api.example.com/          |P-2",
        "https://api.example.com@evil.com/      |P-2",
        "https://user:pw@api.example.com/       |P-2",
        "https://api.example.com\\@evil.com/    |P-2",
        "https://api.example.com\\.evil.com/    |P-2",
        "https://api%2eexample.com/             |P-2",
        "https://api.example%2Ecom/             |P-2",
        "https://api%252eexample.com/           |P-2",
        "https://api\u3002example.com/          |P-2",
        "https://api\uff0eexample.com/          |P-2",
        "https://api\uff61example.com/          |P-2",
        "https://api.example.com:/              |P-2",
        "https://api.example.com:abc/           |P-2",
        "https://api.example.com:65536/         |P-2",
        "https://api.example.com:99999999999/   |P-2",
        "https://api.example.com:0/             |P-2",
        "https://api.example.com:-1/            |P-2",
        "https://api.example.com:+443/          |P-2",
        "https://api..example.com/              |P-2",
        "https://.api.example.com/              |P-2",
        "https://-api.example.com/              |P-2",
        "https://api-.example.com/              |P-2",
        "https://api.example.com:443:443/       |P-2",
        "https://a<b.example.com/               |P-2",
        // IDNA2008 without mapping: what matches only after mapping is refused
        "https://ａｐｉ.example.com/              |P-2",
        "https://api.exampl\u0435.com/          |P-2",
        "https://api.\u017fxample.com/          |P-2",
        "https://ap\u00adi.example.com/         |P-2",
        "https://api.ex\u200dample.com/         |P-2",
        "https://中国.EXAMPLE.cn/                |OK",
        "https://ＡＰＩ.example.com/              |P-2",
        "https://\u2603.example.com/            |P-2",
        // the KELVIN SIGN and dotless i never match ASCII letters
        "https://api.example.co\u1d0d/          |P-2",
        "https://\u212apay.example.com/         |P-2",
        "https://apı.example.com/               |P-2",
        // the path, query and fragment are not the host
        "https://api.example.com?@evil.com      |OK",
        "https://api.example.com#@evil.com      |OK",
        "https://api.example.com/@evil.com      |OK",
        "https://api.example.com                |OK",
    })
    @DisplayName("P-2 hostile URLs: nothing is trimmed, decoded or mapped into an allowed host")
    void hostileSyntax(String url, String rule) {
        assertThat(decide("wechat", "REQUEST", url)).isEqualTo(rule);
    }

    @Test
    @DisplayName("P-2 a NUL or DEL anywhere is refused")
    void nulAndDel() {
        assertThat(decide("wechat", "REQUEST", "\u0000https://api.example.com/")).isEqualTo("P-2");
        assertThat(decide("wechat", "REQUEST", "https://api.example.com/\u007f")).isEqualTo("P-2");
    }

    @Test
    @DisplayName("P-2 over-long labels and hosts are refused")
    void lengths() {
        String label63 = "a".repeat(63);
        String host253 = (label63 + ".").repeat(3) + "a".repeat(61);
        assertThat(decide("wechat", "REQUEST", "https://" + label63 + ".example.com/")).isEqualTo("P-2");
        assertThat(decide("wechat", "REQUEST", "https://" + "a".repeat(64) + ".example.com/")).isEqualTo("P-2");
        assertThat(host253).hasSize(253);
        assertThat(decide("wechat", "REQUEST", "https://" + host253 + "/")).isEqualTo("P-2");
        String host254 = host253 + "a";
        assertThat(policy(Profile.WECHAT, true).check(ApiKind.REQUEST, "https://" + host254 + "/").explanation())
                .contains("253").endsWith("(P-2)");
    }

    @ParameterizedTest(name = "{2} {0} {1}")
    @CsvSource(delimiter = '|', value = {
        "http://anything.example.org:81/ |REQUEST       |OK",
        "https://10.0.0.5:8443/          |REQUEST       |OK",
        "https://api.example.com:443/    |REQUEST       |OK",
        "ws://ws.other.org/              |CONNECT_SOCKET|OK",
        "https://api.weixin.qq.com/      |REQUEST       |P-8",
        "http://127.0.0.1/               |REQUEST       |P-11",
        "https://localhost/              |REQUEST       |P-11",
        "ftp://api.example.com/          |REQUEST       |P-1",
        "https://user@api.example.com/   |REQUEST       |P-2",
    })
    @DisplayName("P-13 urlCheck=false skips P-1 (http), P-2, P-4, P-5; never P-8, P-11 or URL syntax")
    void urlCheckOff(String url, String api, String rule) {
        for (Profile p : Profile.BUILT_IN) {
            assertThat(policy(p, false).check(ApiKind.valueOf(api), url).rule()).as(p.name()).isEqualTo(rule);
        }
    }

    @ParameterizedTest(name = "{3} {0} {1} {2}")
    @CsvSource(delimiter = '|', value = {
        "wechat    |UDP|192.168.50.20  |OK",
        "wechat    |TCP|192.168.50.20  |OK",
        "wechat    |UDP|fe80::20       |OK",
        "wechat    |UDP|[fe80::20]     |OK",
        "wechat    |TCP|tcp.example.com|OK",
        "wechat    |TCP|TCP.Example.com.|OK",
        "wechat    |UDP|tcp.example.com|P-12u",
        "appservice|UDP|udp.example.com|OK",
        "appservice|TCP|udp.example.com|P-12",
        "wechat    |UDP|udp.example.com|P-12u",
        "wechat    |TCP|10.0.0.5       |P-12",
        "wechat    |UDP|192.168.51.20  |P-12u",
        "wechat    |TCP|evil.com       |P-12",
        "wechat    |TCP|api.weixin.qq.com|P-8",
        "wechat    |UDP|192.168.50.10  |P-11",
        "wechat    |UDP|192.168.50.255 |P-11",
        "wechat    |UDP|255.255.255.255|P-11",
        "wechat    |TCP|127.0.0.1      |P-11",
        "wechat    |TCP|localhost      |P-11",
        "wechat    |TCP|::1            |P-11",
        "wechat    |TCP|'tcp.example.com '|P-12",
        "wechat    |TCP|tcp.example.com:80|P-12",
        "wechat    |TCP|''             |P-12",
        "wechat    |TCP|a@tcp.example.com|P-12",
    })
    @DisplayName("P-12, P-12u udp and tcp destinations, both profiles")
    void addressTable(String profile, String api, String host, String rule) {
        assertThat(policy(Profile.named(profile), true).checkAddress(ApiKind.valueOf(api), host, 7000).rule())
                .isEqualTo(rule);
    }

    @ParameterizedTest(name = "{0} {1} {2} port {3} -> {4}")
    @CsvSource(delimiter = '|', value = {
        // every refused port and range of the list, its edges, and the ports beside them
        "wechat    |TCP|192.168.50.20  |1    |P-12p",
        "wechat    |TCP|192.168.50.20  |80   |P-12p",
        "wechat    |TCP|192.168.50.20  |1023 |P-12p",
        "wechat    |TCP|192.168.50.20  |1024 |OK",
        "wechat    |TCP|192.168.50.20  |1099 |P-12p",
        "wechat    |TCP|192.168.50.20  |1433 |P-12p",
        "wechat    |TCP|192.168.50.20  |1521 |P-12p",
        "wechat    |TCP|192.168.50.20  |1719 |P-12p",
        "wechat    |TCP|192.168.50.20  |1720 |P-12p",
        "wechat    |TCP|192.168.50.20  |1721 |OK",
        "wechat    |TCP|192.168.50.20  |1723 |P-12p",
        "wechat    |TCP|192.168.50.20  |2049 |P-12p",
        "wechat    |TCP|192.168.50.20  |2375 |P-12p",
        "wechat    |TCP|192.168.50.20  |3128 |P-12p",
        "wechat    |TCP|192.168.50.20  |3306 |P-12p",
        "wechat    |TCP|192.168.50.20  |3389 |P-12p",
        "wechat    |TCP|192.168.50.20  |3659 |P-12p",
        "wechat    |TCP|192.168.50.20  |4045 |P-12p",
        "wechat    |TCP|192.168.50.20  |5060 |P-12p",
        "wechat    |TCP|192.168.50.20  |5061 |P-12p",
        "wechat    |TCP|192.168.50.20  |5432 |P-12p",
        "wechat    |TCP|192.168.50.20  |5984 |P-12p",
        "wechat    |TCP|192.168.50.20  |6000 |P-12p",
        "wechat    |TCP|192.168.50.20  |6379 |P-12p",
        "wechat    |TCP|192.168.50.20  |6566 |P-12p",
        "wechat    |TCP|192.168.50.20  |7001 |P-12p",
        "wechat    |TCP|192.168.50.20  |7002 |P-12p",
        "wechat    |TCP|192.168.50.20  |7999 |OK",
        "wechat    |TCP|192.168.50.20  |8000 |P-12p",
        "wechat    |TCP|192.168.50.20  |8080 |P-12p",
        "wechat    |TCP|192.168.50.20  |8100 |P-12p",
        "wechat    |TCP|192.168.50.20  |8101 |OK",
        "wechat    |TCP|192.168.50.20  |8443 |P-12p",
        "wechat    |TCP|192.168.50.20  |8888 |P-12p",
        "wechat    |TCP|192.168.50.20  |9200 |P-12p",
        "wechat    |TCP|192.168.50.20  |9300 |P-12p",
        "wechat    |TCP|192.168.50.20  |10051|P-12p",
        "wechat    |TCP|192.168.50.20  |10080|P-12p",
        "wechat    |TCP|192.168.50.20  |11211|P-12p",
        "wechat    |TCP|192.168.50.20  |27017|P-12p",
        "wechat    |TCP|192.168.50.20  |27018|P-12p",
        "wechat    |TCP|192.168.50.20  |27019|P-12p",
        "wechat    |TCP|192.168.50.20  |27020|OK",
        "wechat    |TCP|192.168.50.20  |9000 |OK",
        // a configured domain is held to the same list, on both profiles
        "wechat    |TCP|tcp.example.com|3306 |P-12p",
        "appservice|TCP|tcp.example.com|6379 |P-12p",
        "appservice|TCP|192.168.50.20  |22   |P-12p",
        // the destination is judged before the port
        "wechat    |TCP|10.0.0.5       |3306 |P-12",
        "wechat    |TCP|127.0.0.1      |3306 |P-11",
        // udp has no such list
        "wechat    |UDP|192.168.50.20  |53   |OK",
        "appservice|UDP|udp.example.com|3306 |OK",
    })
    @DisplayName("P-12p tcp never connects to the platform's refused ports, LAN or configured domain; udp has no such list")
    void refusedTcpPorts(String profile, String api, String host, int port, String rule) {
        PolicyDecision d = policy(Profile.named(profile), true).checkAddress(ApiKind.valueOf(api), host, port);
        assertThat(d.rule()).isEqualTo(rule);
        if (rule.equals("P-12p")) {
            assertThat(d.explanation()).contains("port " + port).contains("1-1023,1099");
            assertThat(d.errMsg()).isEqualTo("tcp:fail url not in domain list");
        }
    }

    @Test
    @DisplayName("P-12p the refused ports are data: read as the documents write them, a bad part named")
    void portRanges() {
        PortRanges r = PortRanges.parse("1-1023, 1099,8000-8100");
        assertThat(r.contains(1)).isTrue();
        assertThat(r.contains(1024)).isFalse();
        assertThat(r.contains(1099)).isTrue();
        assertThat(r.contains(8050)).isTrue();
        assertThat(r.contains(8101)).isFalse();
        assertThat(r.toString()).isEqualTo("1-1023, 1099,8000-8100");
        assertThat(PortRanges.NONE.contains(80)).isFalse();
        assertThatThrownBy(() -> PortRanges.parse("1-70000")).hasMessageContaining("'70000'");
        assertThatThrownBy(() -> PortRanges.parse("90-80")).hasMessageContaining("empty range");
        assertThatThrownBy(() -> PortRanges.parse("http")).hasMessageContaining("'http'");
    }

    @ParameterizedTest(name = "port {0}")
    @CsvSource({"0", "-1", "65536"})
    @DisplayName("P-12 a udp/tcp port outside 1-65535 is refused, naming the port")
    void addressPorts(int port) {
        PolicyDecision d = policy(Profile.WECHAT, true).checkAddress(ApiKind.TCP, "192.168.50.20", port);
        assertThat(d.rule()).isEqualTo("P-12");
        assertThat(d.explanation()).contains("port " + port);
    }

    @Test
    @DisplayName("P-10 an allowed LAN target says so and keeps scheme, port and path")
    void lanTarget() {
        Target t = policy(Profile.WECHAT, true).check(ApiKind.REQUEST, "http://192.168.50.20:8080/a?b=1#frag").orThrow();
        assertThat(t.lan()).isTrue();
        assertThat(t.scheme()).isEqualTo("http");
        assertThat(t.host()).isEqualTo("192.168.50.20");
        assertThat(t.port()).isEqualTo(8080);
        assertThat(t.pathAndQuery()).isEqualTo("/a?b=1");
        assertThat(t.url()).isEqualTo("http://192.168.50.20:8080/a?b=1");
    }

    @ParameterizedTest(name = "{0} -> Host: {1}")
    @CsvSource(delimiter = '|', value = {
        "https://API.Example.com./p         | api.example.com",
        "https://pay.example.com:8443/p     | pay.example.com:8443",
        "http://192.168.50.20:8080/a        | 192.168.50.20:8080",
        "http://192.168.50.20/a             | 192.168.50.20",
        "http://[FE80::20]:8080/a           | [fe80:0:0:0:0:0:0:20]:8080",
    })
    @DisplayName("R-3 a target's authority is the Host header of its call: normalised host, the port only when written")
    void authority(String url, String host) {
        Target t = policy(Profile.WECHAT, true).check(ApiKind.REQUEST, url).orThrow();
        assertThat(t.authority()).isEqualTo(host);
        assertThat(t.authority()).isSameAs(t.authority());
        assertThat(t.pathAndQuery()).isSameAs(t.pathAndQuery());
    }

    @Test
    @DisplayName("P-2 an allowed target is normalised: scheme and host lower case, no trailing dot, default port")
    void normalisedTarget() {
        Target t = policy(Profile.WECHAT, true).check(ApiKind.REQUEST, "HTTPS://API.Example.com./p/ä?q=é").orThrow();
        assertThat(t.scheme()).isEqualTo("https");
        assertThat(t.host()).isEqualTo("api.example.com");
        assertThat(t.port()).isEqualTo(443);
        assertThat(t.explicitPort()).isFalse();
        assertThat(t.lan()).isFalse();
        assertThat(t.literalAddress()).isNull();
        assertThat(t.pathAndQuery()).isEqualTo("/p/%C3%A4?q=%C3%A9");
        assertThat(policy(Profile.WECHAT, true).check(ApiKind.REQUEST, "https://api.example.com").orThrow().pathAndQuery())
                .isEqualTo("/");
        assertThat(policy(Profile.WECHAT, true).check(ApiKind.REQUEST, "https://api.example.com?x").orThrow().pathAndQuery())
                .isEqualTo("/?x");
    }

    @Test
    @DisplayName("P-2 an IP off the LAN is refused with a fix that does not say to configure the IP (P-3 forbids it)")
    void ipExplanationPointsToADomain() {
        PolicyDecision d = policy(Profile.WECHAT, true).check(ApiKind.REQUEST, "https://203.0.113.10/x");
        assertThat(d.rule()).isEqualTo("P-2");
        assertThat(d.explanation()).contains("203.0.113.10", "IP address", "(P-3)", "(P-10)", "domain name",
                "domains.request").doesNotContain("add '");
    }

    @Test
    @DisplayName("P-2 a denial names the rule, the host, the configured list and the fix; errMsg is the platform's")
    void explanationNamesTheFix() {
        PolicyDecision d = policy(Profile.WECHAT, true).check(ApiKind.REQUEST, "https://evil.com/x");
        assertThat(d.allowed()).isFalse();
        assertThat(d.target()).isNull();
        assertThat(d.errMsg()).isEqualTo("request:fail url not in domain list");
        assertThat(d.explanation()).contains("evil.com", "domains.request", "api.example.com", "add", "(P-2)");
        MpNetException e = d.toException();
        assertThat(e.rule()).isEqualTo("P-2");
        assertThat(e.errno()).hasValue(600002);
        assertThatThrownBy(d::orThrow).isInstanceOf(MpNetException.class).hasMessageContaining("evil.com");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "https://pay.example.com/|P-4|8443",
        "https://api.example.com:443/|P-5|not even :443",
        "http://api.example.com/|P-1|https://api.example.com",
        "https://api.weixin.qq.com/|P-8|AppSecret",
        "https://127.0.0.1/|P-11|this device",
    })
    @DisplayName("P-1, P-4, P-5, P-8, P-11 each denial explains itself")
    void explanations(String url, String rule, String fragment) {
        PolicyDecision d = policy(Profile.WECHAT, true).check(ApiKind.REQUEST, url);
        assertThat(d.rule()).isEqualTo(rule);
        assertThat(d.explanation()).contains(fragment).endsWith("(" + rule + ")");
    }

    @Test
    @DisplayName("OK an allowed decision: rule OK, errMsg request:ok, the target")
    void allowed() {
        PolicyDecision d = policy(Profile.WECHAT, true).check(ApiKind.REQUEST, "https://api.example.com/");
        assertThat(d.allowed()).isTrue();
        assertThat(d.rule()).isEqualTo(PolicyDecision.OK);
        assertThat(d.errMsg()).isEqualTo("request:ok");
        assertThat(d.target()).isNotNull();
        assertThatThrownBy(d::toException).isInstanceOf(IllegalStateException.class);
    }

    @Test
    @DisplayName("P-11 a DNS answer that is the device itself is refused unless it came from hosts")
    void resolved() throws Exception {
        NetworkPolicy p = policy(Profile.WECHAT, true);
        Target t = p.check(ApiKind.REQUEST, "https://api.example.com/").orThrow();
        assertThat(p.checkResolved(ApiKind.REQUEST, t, InetAddress.getByName("127.0.0.1"), false).rule()).isEqualTo("P-11");
        assertThat(p.checkResolved(ApiKind.REQUEST, t, InetAddress.getByName("192.168.50.255"), false).rule()).isEqualTo("P-11");
        assertThat(p.checkResolved(ApiKind.REQUEST, t, InetAddress.getByName("127.0.0.1"), true).rule()).isEqualTo("OK");
        assertThat(p.checkResolved(ApiKind.REQUEST, t, InetAddress.getByName("93.184.216.34"), false).rule()).isEqualTo("OK");
        assertThat(p.checkResolved(ApiKind.REQUEST, t, InetAddress.getByName("127.0.0.1"), false).explanation())
                .contains("api.example.com", "127.0.0.1", "hosts");
    }


    @ParameterizedTest(name = "{0} -> {1}, dialled {2}")
    @CsvSource({
        "::ffff:127.0.0.1,      P-11, ",
        "::ffff:127.9.9.9,      P-11, ",
        "::ffff:0.0.0.0,        P-11, ",
        "::ffff:192.168.50.10,  P-11, ",
        "::ffff:192.168.50.0,   P-11, ",
        "::ffff:255.255.255.255,P-11, ",
        "64:ff9b::7f00:1,       P-11, ",
        "64:ff9b::,             P-11, ",
        "64:ff9b::c0a8:320a,    P-11, ",
        "64:ff9b::c0a8:32ff,    P-11, ",
        "2002:7f00:1::,         P-11, ",
        "2002::,                P-11, ",
        "2002:c0a8:320a::1,     P-11, ",
        "::ffff:93.184.216.34,  OK,   93.184.216.34",
        "::ffff:192.168.50.20,  OK,   192.168.50.20",
        "64:ff9b::5db8:d822,    OK,   64:ff9b:0:0:0:0:5db8:d822",
        "2002:5db8:d822::1,     OK,   2002:5db8:d822:0:0:0:0:1",
        "2001:db8::7f00:1,      OK,   2001:db8:0:0:0:0:7f00:1",
    })
    @DisplayName("P-11 an IPv6 spelling of an IPv4 answer is judged by the IPv4 address; the mapped one is dialled as IPv4")
    void resolvedIpv6Spellings(String answer, String rule, String dialled) throws Exception {
        NetworkPolicy p = policy(Profile.WECHAT, true);
        Target t = p.check(ApiKind.REQUEST, "https://api.example.com/").orThrow();
        java.net.Inet6Address a = v6(answer);
        assertThat(p.checkResolved(ApiKind.REQUEST, t, a, false).rule()).isEqualTo(rule);
        if (rule.equals("P-11")) {
            assertThatThrownBy(() -> p.dialled(ApiKind.REQUEST, t, a, false)).isInstanceOf(MpNetException.class)
                    .hasMessageContaining("(P-11)").hasMessageContaining("api.example.com")
                    .hasMessageContaining("IPv6 spelling of an IPv4 address");
        } else {
            assertThat(p.dialled(ApiKind.REQUEST, t, a, false).getHostAddress()).isEqualTo(dialled);
        }
    }

    @Test
    @DisplayName("P-11 a literal NAT64 or 6to4 spelling of loopback is the device itself, also with urlCheck=false")
    void literalIpv6SpellingsOfTheDevice() {
        for (String url : new String[] {"https://[64:ff9b::7f00:1]/", "https://[2002:7f00:1::]/",
                "http://[64:ff9b::c0a8:320a]/", "https://[::ffff:7f00:1]/"}) {
            assertThat(policy(Profile.WECHAT, false).check(ApiKind.REQUEST, url).rule()).as(url).isEqualTo("P-11");
        }
    }

    @Test
    @DisplayName("P-2 check takes URL kinds, checkAddress address kinds")
    void wrongKind() {
        NetworkPolicy p = policy(Profile.WECHAT, true);
        assertThatThrownBy(() -> p.check(ApiKind.TCP, "https://a.com/")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> p.checkAddress(ApiKind.REQUEST, "a.com", 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("P-11 P-8 a host another client dials is read as a URL host; the device itself and P-8 are refused")
    void checkDialled() {
        NetworkPolicy p = policy(Profile.WECHAT, true);
        PolicyDecision named = p.checkDialled(ApiKind.REQUEST, "API.Example.com.", 443);
        assertThat(named.allowed()).isTrue();
        assertThat(named.target().host()).isEqualTo("api.example.com");
        assertThat(named.target().port()).isEqualTo(443);
        assertThat(named.target().lan()).isFalse();
        assertThat(p.checkDialled(ApiKind.REQUEST, "unconfigured.example.org", 8443).allowed())
                .as("no domain rule: the URL was judged by check").isTrue();
        assertThat(p.checkDialled(ApiKind.REQUEST, "localhost", 443).rule()).isEqualTo("P-11");
        assertThat(p.checkDialled(ApiKind.REQUEST, "127.0.0.1", 443).rule()).isEqualTo("P-11");
        assertThat(p.checkDialled(ApiKind.REQUEST, "api.weixin.qq.com", 443).rule()).isEqualTo("P-8");
        assertThat(p.checkDialled(ApiKind.REQUEST, "a b.example.com", 443).allowed()).isFalse();
    }
}
