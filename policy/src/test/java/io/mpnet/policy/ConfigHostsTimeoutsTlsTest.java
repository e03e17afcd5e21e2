package io.mpnet.policy;

import static io.mpnet.policy.ConfigFiles.loadProblems;
import static io.mpnet.policy.ConfigFiles.mpnet;
import static io.mpnet.policy.ConfigFiles.write;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** networkTimeout, hosts and tls in mpnet.json (T-1, C-2). */
class ConfigHostsTimeoutsTlsTest {

    @TempDir
    Path dir;

    @TempDir
    static Path pki;

    static Path trustStore;

    /** A real PKCS12 trust store, made by the JDK's keytool (no checked-in keys). */
    @BeforeAll
    static void makeTrustStore() throws Exception {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Path keys = pki.resolve("keys.p12");
        Path cert = pki.resolve("root.cer");
        trustStore = pki.resolve("trust.p12");
        run(keytool.toString(), "-genkeypair", "-alias", "root", "-keyalg", "EC", "-dname", "CN=test root",
                "-storetype", "PKCS12", "-keystore", keys.toString(), "-storepass", "changeit", "-validity", "2");
        run(keytool.toString(), "-exportcert", "-alias", "root", "-keystore", keys.toString(), "-storepass", "changeit",
                "-file", cert.toString());
        run(keytool.toString(), "-importcert", "-noprompt", "-alias", "root", "-file", cert.toString(),
                "-storetype", "PKCS12", "-keystore", trustStore.toString(), "-storepass", "changeit");
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("keytool failed: " + String.join(" ", command));
        }
    }

    @Test
    @DisplayName("T-1 networkTimeout values are milliseconds per API kind")
    void timeouts() {
        NetworkConfig c = NetworkConfig.load(mpnet(dir, "'networkTimeout': {'request': 1500, 'connectSocket': 2000}"));
        assertThat(c.networkTimeout()).containsExactlyInAnyOrderEntriesOf(
                java.util.Map.of(ApiKind.REQUEST, Duration.ofMillis(1500), ApiKind.CONNECT_SOCKET, Duration.ofSeconds(2)));
    }

    @ParameterizedTest(name = "T-1 networkTimeout.request = {0} is refused")
    @CsvSource(delimiter = '|', value = {
        "0|positive", "-5|positive", "1.5|whole number", "1e30|too large", "99999999999999999999|too large",
    })
    void badTimeouts(String value, String message) {
        Path file = mpnet(dir, "'networkTimeout': {'request': " + value + "}");
        assertThat(loadProblems(file)).singleElement().satisfies(x -> {
            assertThat(x.field()).isEqualTo("networkTimeout.request");
            assertThat(x.rule()).isEqualTo("T-1");
            assertThat(x.message()).contains(message);
        });
    }

    @Test
    @DisplayName("T-1 a timeout above the maximum is kept here and clamped per call by Timeouts")
    void largeTimeoutKept() {
        NetworkConfig c = NetworkConfig.load(mpnet(dir, "'networkTimeout': {'request': 90000}"));
        assertThat(c.networkTimeout().get(ApiKind.REQUEST)).isEqualTo(Duration.ofSeconds(90));
        assertThat(Timeouts.resolve(ApiKind.REQUEST, null, c)).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    @DisplayName("P-11 hosts: names and IP literals map to IP literals; keys normalised (case, trailing dot, brackets)")
    void hosts() throws Exception {
        NetworkConfig c = NetworkConfig.load(mpnet(dir, """
                'hosts': {'API.Example.com.': '127.0.0.1', '192.168.50.20': '127.0.0.2', '[2001:db8::1]': '::1',
                          'v6.example.com': '[::1]'}
                """));
        assertThat(c.hosts()).containsOnlyKeys("api.example.com", "192.168.50.20", "2001:db8:0:0:0:0:0:1", "v6.example.com");
        assertThat(c.mappedAddress("api.example.com")).contains(InetAddress.getByName("127.0.0.1"));
        assertThat(c.mappedAddress("API.EXAMPLE.COM.")).contains(InetAddress.getByName("127.0.0.1"));
        assertThat(c.mappedAddress("192.168.50.20")).contains(InetAddress.getByName("127.0.0.2"));
        assertThat(c.mappedAddress("[2001:DB8:0::1]")).contains(InetAddress.getByName("::1"));
        assertThat(c.mappedAddress("2001:db8::1")).contains(InetAddress.getByName("::1"));
        assertThat(c.mappedAddress("other.example.com")).isEmpty();
    }

    @ParameterizedTest(name = "C-2 hosts value ''{0}'' is not an IP literal (never resolved)")
    @CsvSource({
        "localhost", "example.com", "127.1", "010.0.0.1", "256.0.0.1", "1.2.3", "::1%eth0", "1::zz", "''",
    })
    void hostsValuesMustBeLiterals(String value) {
        Path file = mpnet(dir, "'hosts': {'api.example.com': '" + value + "'}");
        assertThat(loadProblems(file)).singleElement().satisfies(x -> {
            assertThat(x.field()).isEqualTo("hosts[\"api.example.com\"]");
            assertThat(x.value()).isEqualTo(value);
            assertThat(x.message()).contains("IP address literal");
        });
    }

    @ParameterizedTest(name = "C-2 hosts key ''{0}'' is refused")
    @CsvSource(delimiter = '|', value = {
        "''|empty", "a..b.com|empty label", "a b.com|holds ' '", "0x7f.1|dotted decimal", "127.1|dotted decimal",
        "https://a.com|holds ':'",
    })
    void hostsKeys(String key, String message) {
        Path file = mpnet(dir, "'hosts': {'" + key + "': '127.0.0.1'}");
        assertThat(loadProblems(file)).singleElement().satisfies(x -> {
            assertThat(x.value()).isEqualTo(key);
            assertThat(x.message()).contains(message);
        });
    }

    @Test
    @DisplayName("C-2 hosts: the same host twice after normalisation is flagged")
    void hostsDuplicate() {
        Path file = mpnet(dir, "'hosts': {'a.example.com': '127.0.0.1', 'A.example.com.': '127.0.0.2'}");
        assertThat(loadProblems(file)).singleElement().satisfies(x -> assertThat(x.field()).isEqualTo("hosts[\"A.example.com.\"]"));
    }

    @Test
    @DisplayName("X-2 tls.trustStore is read relative to the config file's folder")
    void trustStoreRelative() throws IOException {
        Path sub = Files.createDirectories(dir.resolve("conf/certs"));
        Files.copy(trustStore, sub.resolve("root.p12"));
        Path file = write(dir, "conf/mpnet.json", "{'appId': 'wx1', 'tls': {'trustStore': 'certs/root.p12', 'password': 'changeit'}}");
        NetworkConfig c = NetworkConfig.load(file);
        assertThat(c.tls()).isNotNull();
        assertThat(c.tls().trustStore()).isEqualTo(sub.resolve("root.p12").toAbsolutePath().normalize());
        assertThat(c.tls().password()).isEqualTo("changeit");
        assertThat(c.tls().toString()).doesNotContain("changeit");
    }

    @Test
    @DisplayName("C-2 tls.trustStore that does not exist is a problem naming where it was looked for")
    void trustStoreMissing() {
        Path file = mpnet(dir, "'tls': {'trustStore': 'nope.p12', 'password': 'x'}");
        assertThat(loadProblems(file)).singleElement().satisfies(x -> {
            assertThat(x.field()).isEqualTo("tls.trustStore");
            assertThat(x.value()).isEqualTo(dir.resolve("nope.p12").toAbsolutePath().toString());
            assertThat(x.message()).contains("no such file");
        });
    }

    @Test
    @DisplayName("C-2 tls with a wrong password is found at build time")
    void trustStoreWrongPassword() throws IOException {
        Files.copy(trustStore, dir.resolve("root.p12"));
        Path file = mpnet(dir, "'tls': {'trustStore': 'root.p12', 'password': 'wrong'}");
        assertThat(loadProblems(file)).singleElement().satisfies(x -> assertThat(x.message()).contains("password"));
    }

    @Test
    @DisplayName("C-2 tls.trustStore that is not PKCS12 is a problem")
    void trustStoreGarbage() {
        write(dir, "root.p12", "not a key store");
        Path file = mpnet(dir, "'tls': {'trustStore': 'root.p12', 'password': 'x'}");
        assertThat(loadProblems(file)).singleElement().satisfies(x -> assertThat(x.message()).contains("PKCS12"));
    }

    @Test
    @DisplayName("C-2 tls.trustStore that is a folder is a problem")
    void trustStoreFolder() throws IOException {
        Files.createDirectories(dir.resolve("certs"));
        Path file = mpnet(dir, "'tls': {'trustStore': 'certs'}");
        assertThat(loadProblems(file)).singleElement().satisfies(x -> assertThat(x.message()).contains("not a readable file"));
    }

    @Test
    @DisplayName("C-2 tls without trustStore is a problem")
    void trustStoreAbsent() {
        Path file = mpnet(dir, "'tls': {'password': 'x'}");
        List<ConfigProblem> p = loadProblems(file);
        assertThat(p).singleElement().satisfies(x -> {
            assertThat(x.field()).isEqualTo("tls.trustStore");
            assertThat(x.message()).startsWith("missing");
        });
    }
}
