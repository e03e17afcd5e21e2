package io.mpnet.policy;

import static io.mpnet.policy.ConfigFiles.loadProblems;
import static io.mpnet.policy.ConfigFiles.mpnet;
import static io.mpnet.policy.ConfigFiles.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** mpnet.json: reading, types, defaults, unknown fields (C-2, C-3). */
class ConfigFileTest {

    @TempDir
    Path dir;

    @Test
    @DisplayName("C-2 the documented example configuration loads with every field")
    void specExampleLoads() throws Exception {
        write(dir, "certs/test-root.p12", "");
        Path file = write(dir, "mpnet.json", """
                {
                  'appId': 'wx0123456789abcdef',
                  'version': '0',
                  'profile': 'wechat',
                  'urlCheck': true,
                  'domains': {
                    'request':      ['https://api.example.com', 'https://pay.example.com:8443'],
                    'uploadFile':   ['https://upload.example.com'],
                    'downloadFile': ['https://cdn.example.com'],
                    'socket':       ['wss://ws.example.com'],
                    'tcp':          ['tcp.example.com']
                  },
                  'prefetchDns': ['api.example.com'],
                  'networkTimeout': { 'request': 10000, 'connectSocket': 10000, 'uploadFile': 30000, 'downloadFile': 30000 },
                  'hosts': { 'api.example.com': '127.0.0.1' }
                }
                """);
        NetworkConfig c = NetworkConfig.load(file);
        assertThat(c.appId()).isEqualTo("wx0123456789abcdef");
        assertThat(c.version()).isEqualTo("0");
        assertThat(c.profile()).isEqualTo(Profile.WECHAT);
        assertThat(c.urlCheck()).isTrue();
        assertThat(c.domains(ApiKind.REQUEST)).extracting(ServerDomain::host)
                .containsExactly("api.example.com", "pay.example.com");
        assertThat(c.domains(ApiKind.REQUEST).get(1).port()).isEqualTo(8443);
        assertThat(c.domains(ApiKind.CONNECT_SOCKET)).extracting(ServerDomain::host).containsExactly("ws.example.com");
        assertThat(c.domains(ApiKind.TCP)).extracting(ServerDomain::host).containsExactly("tcp.example.com");
        assertThat(c.domains(ApiKind.UDP)).isEmpty();
        assertThat(c.prefetchDns()).containsExactly("api.example.com");
        assertThat(c.networkTimeout()).containsEntry(ApiKind.REQUEST, Duration.ofSeconds(10))
                .containsEntry(ApiKind.UPLOAD_FILE, Duration.ofSeconds(30));
        assertThat(c.hosts()).containsEntry("api.example.com", InetAddress.getByName("127.0.0.1"));
        assertThat(c.tls()).isNull();
    }

    @Test
    @DisplayName("C-3 missing optional fields take defaults: version 0, wechat, urlCheck on, no domains")
    void defaults() {
        NetworkConfig c = NetworkConfig.load(mpnet(dir, ""));
        assertThat(c.version()).isEqualTo("0");
        assertThat(c.profile()).isEqualTo(Profile.WECHAT);
        assertThat(c.urlCheck()).isTrue();
        assertThat(c.domains(ApiKind.REQUEST)).isEmpty();
        assertThat(c.prefetchDns()).isEmpty();
        assertThat(c.networkTimeout()).isEmpty();
        assertThat(c.hosts()).isEmpty();
        assertThat(c.tls()).isNull();
        assertThat(c.referer()).isEqualTo("https://servicewechat.com/wx0123456789abcdef/0/page-frame.html");
    }

    @Test
    @DisplayName("C-3 a null value counts as absent and takes the default")
    void nullIsAbsent() {
        NetworkConfig c = NetworkConfig.load(mpnet(dir, "'version': null, 'domains': null"));
        assertThat(c.version()).isEqualTo("0");
    }

    @Test
    @DisplayName("C-1 a folder means its mpnet.json")
    void folderMeansItsMpnetJson() {
        mpnet(dir, "'version': '1.2.3'");
        assertThat(NetworkConfig.load(dir).version()).isEqualTo("1.2.3");
    }

    @Test
    @DisplayName("C-2 a missing file is a problem naming the file")
    void missingFile() {
        Path file = dir.resolve("nope.json");
        List<ConfigProblem> p = loadProblems(file);
        assertThat(p).singleElement().satisfies(x -> {
            assertThat(x.source()).isEqualTo(file.toString());
            assertThat(x.message()).contains("no such file");
        });
    }

    @Test
    @DisplayName("C-2 a JSON syntax error names the line and column")
    void syntaxErrorHasLineAndColumn() {
        Path file = write(dir, "mpnet.json", "{\n  'appId': 'wx1',\n  'version': '0'\n  'profile': 'wechat'\n}");
        List<ConfigProblem> p = loadProblems(file);
        assertThat(p).singleElement().satisfies(x -> {
            assertThat(x.field()).isEqualTo("line 4, column 3");
            assertThat(x.rule()).isEqualTo("C-2");
            assertThat(x.message()).startsWith("not valid JSON");
        });
    }

    @Test
    @DisplayName("C-2 a key written twice is a syntax problem, not a silent override")
    void duplicateKey() {
        Path file = write(dir, "mpnet.json", "{'appId': 'wx1', 'urlCheck': true, 'urlCheck': false}");
        assertThat(loadProblems(file)).singleElement().satisfies(x -> assertThat(x.message()).contains("urlCheck"));
    }

    @ParameterizedTest(name = "C-2 {0}")
    @CsvSource(delimiter = '|', value = {
        "empty file||the file is empty",
        "an array|[1, 2]|must hold one JSON object",
        "trailing garbage|{'appId': 'wx1'} x|not valid JSON",
    })
    void notAnObject(String what, String content, String expected) {
        Path file = write(dir, "mpnet.json", content == null ? "" : content);
        assertThat(loadProblems(file)).singleElement().satisfies(x -> assertThat(x.message()).contains(expected));
    }

    @ParameterizedTest(name = "C-2 {0} of the wrong type")
    @CsvSource(delimiter = '|', value = {
        "appId|'appId': 42|appId|42|must be a string, not a number",
        "version|'version': 1|version|1|must be a string, not a number",
        "profile|'profile': ['wechat']|profile|[\"wechat\"]|must be a string, not an array",
        "urlCheck|'urlCheck': 'false'|urlCheck|false|must be true or false, not a string",
        "domains|'domains': ['https://a.com']|domains|[\"https://a.com\"]|must be an object",
        "domains.request|'domains': {'request': 'https://a.com'}|domains.request|https://a.com|must be an array of strings",
        "domains.request[1]|'domains': {'request': ['https://a.com', 7]}|domains.request[1]|7|must be a string",
        "prefetchDns|'prefetchDns': 'a.com'|prefetchDns|a.com|must be an array of strings",
        "networkTimeout|'networkTimeout': 5000|networkTimeout|5000|must be an object",
        "networkTimeout.request|'networkTimeout': {'request': '5000'}|networkTimeout.request|5000|must be a number of milliseconds",
        "hosts value|'hosts': {'a.com': 127}|hosts[\"a.com\"]|127|must be a string",
        "tls|'tls': 'x.p12'|tls|x.p12|must be an object",
    })
    void wrongType(String what, String members, String field, String value, String message) {
        Path file = members.contains("'appId'") ? write(dir, "mpnet.json", "{" + members + "}") : mpnet(dir, members);
        assertThat(loadProblems(file)).singleElement().satisfies(x -> {
            assertThat(x.source()).isEqualTo(file.toString());
            assertThat(x.field()).isEqualTo(field);
            assertThat(x.value()).isEqualTo(value);
            assertThat(x.rule()).isEqualTo("C-2");
            assertThat(x.message()).contains(message);
        });
    }

    @Test
    @DisplayName("C-2 a file without appId is a problem (the builder alone defaults to touristappid)")
    void appIdRequiredInFiles() {
        Path file = write(dir, "mpnet.json", "{'version': '0'}");
        assertThat(loadProblems(file)).singleElement().satisfies(x -> {
            assertThat(x.field()).isEqualTo("appId");
            assertThat(x.value()).isNull();
            assertThat(x.message()).startsWith("missing");
        });
    }

    @ParameterizedTest(name = "C-2 {0}: ''{1}''")
    @CsvSource(delimiter = '|', value = {
        "appId|''|C-2|must not be empty",
        "appId|wx 1|P-9|part of the Referer",
        "appId|wx/../x|P-9|part of the Referer",
        "version|''|C-2|must not be empty",
        "version|1.0\\r\\n|P-9|part of the Referer",
    })
    void appIdAndVersionAreRefererSegments(String field, String value, String rule, String message) {
        String other = field.equals("appId") ? "'version': '0'" : "'appId': 'wx1'";
        Path file = write(dir, "mpnet.json", "{" + other + ", '" + field + "': '" + value + "'}");
        assertThat(loadProblems(file)).singleElement().satisfies(x -> {
            assertThat(x.field()).isEqualTo(field);
            assertThat(x.rule()).isEqualTo(rule);
            assertThat(x.message()).contains(message);
        });
    }

    @Test
    @DisplayName("C-2 an unknown profile names the known ones")
    void unknownProfile() {
        Path file = mpnet(dir, "'profile': 'wechatt'");
        assertThat(loadProblems(file)).singleElement().satisfies(x -> {
            assertThat(x.field()).isEqualTo("profile");
            assertThat(x.value()).isEqualTo("wechatt");
            assertThat(x.message()).contains("did you mean 'wechat'?");
        });
    }

    @Test
    @DisplayName("C-2 the profile name ignores ASCII case")
    void profileCase() {
        assertThat(NetworkConfig.load(mpnet(dir, "'profile': 'AppService'")).profile()).isEqualTo(Profile.APPSERVICE);
    }

    @ParameterizedTest(name = "C-3 unknown field {1} hints {2}")
    @CsvSource(delimiter = '|', value = {
        "'domain': {}|domain|did you mean 'domains'?",
        "'appid': 'x'|appid|did you mean 'appId'?",
        "'urlcheck': true|urlcheck|did you mean 'urlCheck'?",
        "'prefechDns': []|prefechDns|did you mean 'prefetchDns'?",
        "'networkTimout': {}|networkTimout|did you mean 'networkTimeout'?",
        "'domains': {'requests': []}|domains.requests|did you mean 'request'?",
        "'domains': {'websocket': []}|domains.websocket|did you mean 'socket'?",
        "'domains': {'connectSocket': []}|domains.connectSocket|known: request, uploadFile, downloadFile, socket, tcp, udp",
        "'networkTimeout': {'requst': 5}|networkTimeout.requst|did you mean 'request'?",
        "'networkTimeout': {'tcp': 5}|networkTimeout.tcp|known: request, connectSocket, uploadFile, downloadFile",
        "'tls': {'trustStore': 'a.p12', 'pasword': 'x'}|tls.pasword|did you mean 'password'?",
        "'colour': 'red'|colour|known: appId, version",
    })
    void unknownFields(String members, String field, String hint) {
        Path file = mpnet(dir, members);
        assertThat(loadProblems(file)).filteredOn(x -> x.rule().equals("C-3")).singleElement().satisfies(x -> {
            assertThat(x.field()).isEqualTo(field);
            assertThat(x.message()).startsWith("unknown field").contains(hint);
        });
    }

    @Test
    @DisplayName("C-2 every problem is reported at once, each naming file, field, value and rule")
    void everyProblemAtOnce() {
        Path file = write(dir, "mpnet.json", """
                {'appId': '', 'profile': 'wx', 'urlCheck': 1, 'domian': {},
                 'networkTimeout': {'request': -1}, 'hosts': {'a.com': 'not-an-ip'}}
                """);
        List<ConfigProblem> p = loadProblems(file);
        assertThat(p).extracting(ConfigProblem::field).containsExactlyInAnyOrder(
                "appId", "profile", "urlCheck", "domian", "networkTimeout.request", "hosts[\"a.com\"]");
        assertThat(p).allSatisfy(x -> assertThat(x.source()).isEqualTo(file.toString()));
        assertThatThrownBy(() -> NetworkConfig.load(file))
                .hasMessageContaining("6 problems")
                .hasMessageContaining(file + ": domian: unknown field; did you mean 'domains'? (C-3)")
                .hasMessageContaining(file + ": networkTimeout.request: '-1' \u2014 a timeout is a positive number");
    }
}
