package io.mpnet.policy;

import static io.mpnet.policy.ConfigFiles.loadProblems;
import static io.mpnet.policy.ConfigFiles.mpnet;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** domains and prefetchDns in mpnet.json: the configuration-time rules of the server-domain policy (C-2). */
class ConfigDomainsTest {

    @TempDir
    Path dir;

    private static String quoted(int n, String pattern) {
        return IntStream.range(0, n).mapToObj(i -> "'" + pattern.formatted(i) + "'").collect(Collectors.joining(", "));
    }

    @Test
    @DisplayName("P-7 twenty domains per API kind are fine")
    void twentyDomains() {
        NetworkConfig c = NetworkConfig.load(mpnet(dir, "'domains': {'request': [" + quoted(20, "https://a%d.example.com") + "]}"));
        assertThat(c.domains(ApiKind.REQUEST)).hasSize(20);
    }

    @Test
    @DisplayName("P-7 a 21st domain of one API kind is a configuration error")
    void twentyOneDomains() {
        Path file = mpnet(dir, "'domains': {'socket': [" + quoted(21, "wss://w%d.example.com") + "]}");
        assertThat(loadProblems(file)).singleElement().satisfies(x -> {
            assertThat(x.field()).isEqualTo("domains.socket");
            assertThat(x.value()).isEqualTo("21 entries");
            assertThat(x.rule()).isEqualTo("P-7");
            assertThat(x.message()).contains("at most 20").contains("remove 1");
        });
    }

    @Test
    @DisplayName("P-7 the limit is per kind: 20 request and 20 uploadFile domains are fine")
    void limitPerKind() {
        NetworkConfig c = NetworkConfig.load(mpnet(dir, "'domains': {'request': [" + quoted(20, "https://a%d.example.com")
                + "], 'uploadFile': [" + quoted(20, "https://a%d.example.com") + "]}"));
        assertThat(c.domains(ApiKind.UPLOAD_FILE)).hasSize(20);
    }

    @Test
    @DisplayName("C-2 the same domain twice (letter case ignored) is flagged, naming the first")
    void duplicateDomain() {
        Path file = mpnet(dir, "'domains': {'request': ['https://api.example.com', 'https://x.example.com', 'https://API.Example.com']}");
        assertThat(loadProblems(file)).singleElement().satisfies(x -> {
            assertThat(x.field()).isEqualTo("domains.request[2]");
            assertThat(x.value()).isEqualTo("https://API.Example.com");
            assertThat(x.rule()).isEqualTo("C-2");
            assertThat(x.message()).contains("domains.request[0]");
        });
    }

    @Test
    @DisplayName("C-2 a duplicate after normalisation (one trailing dot) is flagged")
    void duplicateAfterTrailingDot() {
        Path file = mpnet(dir, "'domains': {'request': ['https://api.example.com', 'https://api.example.com.']}");
        assertThat(loadProblems(file)).singleElement().satisfies(x -> assertThat(x.field()).isEqualTo("domains.request[1]"));
    }

    @Test
    @DisplayName("P-12u domains.udp on wechat is a configuration error")
    void udpOnWechat() {
        Path file = mpnet(dir, "'domains': {'udp': ['udp.example.com']}");
        assertThat(loadProblems(file)).singleElement().satisfies(x -> {
            assertThat(x.field()).isEqualTo("domains.udp");
            assertThat(x.rule()).isEqualTo("P-12u");
            assertThat(x.message()).contains("LAN");
        });
    }

    @Test
    @DisplayName("P-12u domains.udp on appservice is allowed")
    void udpOnAppservice() {
        NetworkConfig c = NetworkConfig.load(mpnet(dir, "'profile': 'appservice', 'domains': {'udp': ['udp.example.com']}"));
        assertThat(c.domains(ApiKind.UDP)).extracting(ServerDomain::host).containsExactly("udp.example.com");
    }

    @ParameterizedTest(name = "{2} domains.{0}: {1}")
    @CsvSource(delimiter = '|', value = {
        "request|https://10.0.0.5|P-3",
        "request|https://localhost|P-3",
        "socket|wss://[::1]|P-3",
        "tcp|192.168.1.20|P-3",
        "request|https://api.weixin.qq.com|P-8",
        "downloadFile|https://API.WEIXIN.QQ.COM.|P-8",
        "request|http://api.example.com|P-1",
        "socket|https://ws.example.com|P-1",
        "uploadFile|upload.example.com|P-1",
        "request|https://|P-2",
        "request|https://a..example.com|P-2",
        "request|https://user@api.example.com|P-2",
    })
    void serverDomainRules(String key, String value, String rule) {
        Path file = mpnet(dir, ("'domains': {'" + key + "': ['https://ok.example.com', '" + value + "']}")
                .replace("['https://ok.example.com', ", key.equals("socket") ? "['wss://ok.example.com', "
                        : key.equals("tcp") ? "['ok.example.com', " : "['https://ok.example.com', "));
        assertThat(loadProblems(file)).singleElement().satisfies(x -> {
            assertThat(x.field()).isEqualTo("domains." + key + "[1]");
            assertThat(x.value()).isEqualTo(value);
            assertThat(x.rule()).isEqualTo(rule);
        });
    }

    @Test
    @DisplayName("C-2 the documented example message: domains.request[2]: 'https://10.0.0.5' ... (P-3)")
    void specExampleMessage() {
        Path file = mpnet(dir, "'domains': {'request': ['https://a.example.com', 'https://b.example.com', 'https://10.0.0.5']}");
        List<ConfigProblem> p = loadProblems(file);
        assertThat(p).singleElement().satisfies(x -> {
            assertThat(x.toString()).startsWith(file + ": domains.request[2]: 'https://10.0.0.5' \u2014 ");
            assertThat(x.toString()).endsWith("(P-3)");
            assertThat(x.message()).contains("IP");
        });
    }

    @Test
    @DisplayName("P-4 appservice: a port on an https domain is a configuration error")
    void portOnAppservice() {
        Path file = mpnet(dir, "'profile': 'appservice', 'domains': {'request': ['https://api.example.com:8443']}");
        assertThat(loadProblems(file)).singleElement().satisfies(x -> {
            assertThat(x.field()).isEqualTo("domains.request[0]");
            assertThat(x.rule()).isEqualTo("P-4");
            assertThat(x.message()).contains("remove the port");
        });
    }

    @Test
    @DisplayName("P-4 wechat: a port on an https domain is kept")
    void portOnWechat() {
        NetworkConfig c = NetworkConfig.load(mpnet(dir, "'domains': {'request': ['https://api.example.com:8443']}"));
        assertThat(c.domains(ApiKind.REQUEST).get(0).port()).isEqualTo(8443);
    }

    @Test
    @DisplayName("P-14 prefetchDns: up to five host names, normalised (case, one trailing dot)")
    void prefetchDnsFive() {
        NetworkConfig c = NetworkConfig.load(mpnet(dir,
                "'prefetchDns': ['A.example.com', 'b.example.com.', 'c.example.com', 'd.example.com', 'e.example.com']"));
        assertThat(c.prefetchDns()).containsExactly("a.example.com", "b.example.com", "c.example.com",
                "d.example.com", "e.example.com");
    }

    @Test
    @DisplayName("P-14 prefetchDns: a sixth host name is a configuration error")
    void prefetchDnsSix() {
        Path file = mpnet(dir, "'prefetchDns': [" + quoted(6, "h%d.example.com") + "]");
        assertThat(loadProblems(file)).singleElement().satisfies(x -> {
            assertThat(x.field()).isEqualTo("prefetchDns");
            assertThat(x.rule()).isEqualTo("P-14");
            assertThat(x.message()).contains("at most 5");
        });
    }

    @ParameterizedTest(name = "{2} prefetchDns entry {0}")
    @CsvSource(delimiter = '|', value = {
        "https://api.example.com|P-14|without a scheme",
        "api.example.com:443|P-14|without a port",
        "10.0.0.5|P-3|IP address",
        "[::1]|P-3|IP address",
        "LOCALHOST|P-3|localhost",
        "x.localhost|P-3|localhost",
        "api.weixin.qq.com|P-8|api.weixin.qq.com",
        "a..example.com|P-2|empty label",
        "-a.example.com|P-2|label",
        "a_b.example.com|P-2|label",
    })
    void prefetchDnsRules(String value, String rule, String message) {
        Path file = mpnet(dir, "'prefetchDns': ['ok.example.com', '" + value + "']");
        assertThat(loadProblems(file)).singleElement().satisfies(x -> {
            assertThat(x.field()).isEqualTo("prefetchDns[1]");
            assertThat(x.value()).isEqualTo(value);
            assertThat(x.rule()).isEqualTo(rule);
            assertThat(x.message()).contains(message).contains("P-14");
        });
    }

    @Test
    @DisplayName("P-14 prefetchDns: the same host twice is flagged")
    void prefetchDnsDuplicate() {
        Path file = mpnet(dir, "'prefetchDns': ['api.example.com', 'API.example.com.']");
        assertThat(loadProblems(file)).singleElement().satisfies(x -> {
            assertThat(x.field()).isEqualTo("prefetchDns[1]");
            assertThat(x.message()).contains("prefetchDns[0]");
        });
    }

    @Test
    @DisplayName("P-14 appservice does not support prefetchDns: a configuration error")
    void prefetchDnsOnAppservice() {
        Path file = mpnet(dir, "'profile': 'appservice', 'prefetchDns': ['api.example.com']");
        assertThat(loadProblems(file)).singleElement().satisfies(x -> {
            assertThat(x.field()).isEqualTo("prefetchDns");
            assertThat(x.rule()).isEqualTo("P-14");
            assertThat(x.message()).contains("appservice").contains("does not support");
        });
    }

    @Test
    @DisplayName("P-14 an empty prefetchDns on appservice is fine")
    void emptyPrefetchDnsOnAppservice() {
        assertThat(NetworkConfig.load(mpnet(dir, "'profile': 'appservice', 'prefetchDns': []")).prefetchDns()).isEmpty();
    }
}
