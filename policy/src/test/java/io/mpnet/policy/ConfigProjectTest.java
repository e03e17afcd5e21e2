package io.mpnet.policy;

import static io.mpnet.policy.ConfigFiles.problems;
import static io.mpnet.policy.ConfigFiles.write;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real mini-program project (C-1): project.config.json, app.json / game.json, mpnet.json beside. */
class ConfigProjectTest {

    @TempDir
    Path dir;

    private void project(String members) {
        write(dir, "project.config.json", "{'compileType': 'miniprogram', 'libVersion': '3.4.0'" + members + "}");
    }

    @Test
    @DisplayName("C-1 appid and setting.urlCheck from project.config.json, networkTimeout from app.json")
    void readsProject() {
        project(", 'appid': 'wx0123456789abcdef', 'setting': {'urlCheck': false, 'es6': true}");
        write(dir, "app.json", "{'pages': ['pages/index/index'], 'window': {},"
                + " 'networkTimeout': {'request': 10000, 'downloadFile': 20000}}");
        NetworkConfig c = NetworkConfig.fromProject(dir);
        assertThat(c.appId()).isEqualTo("wx0123456789abcdef");
        assertThat(c.urlCheck()).isFalse();
        assertThat(c.networkTimeout()).containsExactlyInAnyOrderEntriesOf(Map.of(
                ApiKind.REQUEST, Duration.ofSeconds(10), ApiKind.DOWNLOAD_FILE, Duration.ofSeconds(20)));
        assertThat(c.version()).isEqualTo("0");
        assertThat(c.profile()).isEqualTo(Profile.WECHAT);
    }

    @Test
    @DisplayName("C-1 urlCheck defaults to true when the project does not set it")
    void urlCheckDefault() {
        project(", 'appid': 'wx1'");
        assertThat(NetworkConfig.fromProject(dir).urlCheck()).isTrue();
    }

    @Test
    @DisplayName("C-1 a mini game: networkTimeout from game.json")
    void game() {
        project(", 'appid': 'wx1'");
        write(dir, "game.json", "{'deviceOrientation': 'portrait', 'networkTimeout': {'connectSocket': 3000}}");
        assertThat(NetworkConfig.fromProject(dir).networkTimeout()).containsEntry(ApiKind.CONNECT_SOCKET, Duration.ofSeconds(3));
    }

    @Test
    @DisplayName("C-1 app.json is read from miniprogramRoot")
    void miniprogramRoot() {
        project(", 'appid': 'wx1', 'miniprogramRoot': 'miniprogram/'");
        write(dir, "miniprogram/app.json", "{'networkTimeout': {'uploadFile': 45000}}");
        assertThat(NetworkConfig.fromProject(dir).networkTimeout()).containsEntry(ApiKind.UPLOAD_FILE, Duration.ofSeconds(45));
    }

    @Test
    @DisplayName("C-1 project.private.config.json overrides setting.urlCheck, as in the developer tools")
    void privateConfigWins() {
        project(", 'appid': 'wx1', 'setting': {'urlCheck': true}");
        write(dir, "project.private.config.json", "{'setting': {'urlCheck': false}}");
        assertThat(NetworkConfig.fromProject(dir).urlCheck()).isFalse();
    }

    @Test
    @DisplayName("C-1 an mpnet.json beside the project wins field by field, networkTimeout key by key")
    void mpnetWins() {
        project(", 'appid': 'wxproject', 'setting': {'urlCheck': false}");
        write(dir, "app.json", "{'networkTimeout': {'request': 10000, 'downloadFile': 20000}}");
        write(dir, "mpnet.json", "{'urlCheck': true, 'version': 'devtools', 'networkTimeout': {'request': 5000},"
                + " 'domains': {'request': ['https://api.example.com']}}");
        NetworkConfig c = NetworkConfig.fromProject(dir);
        assertThat(c.appId()).isEqualTo("wxproject");
        assertThat(c.urlCheck()).isTrue();
        assertThat(c.version()).isEqualTo("devtools");
        assertThat(c.networkTimeout()).containsExactlyInAnyOrderEntriesOf(Map.of(
                ApiKind.REQUEST, Duration.ofSeconds(5), ApiKind.DOWNLOAD_FILE, Duration.ofSeconds(20)));
        assertThat(c.domains(ApiKind.REQUEST)).hasSize(1);
        assertThat(c.referer()).isEqualTo("https://servicewechat.com/wxproject/devtools/page-frame.html");
    }

    @Test
    @DisplayName("C-1 appId in mpnet.json wins over the project's appid")
    void mpnetAppIdWins() {
        project(", 'appid': 'wxproject'");
        write(dir, "mpnet.json", "{'appId': 'wxmpnet'}");
        assertThat(NetworkConfig.fromProject(dir).appId()).isEqualTo("wxmpnet");
    }

    @Test
    @DisplayName("C-1 no appid anywhere is a problem naming project.config.json")
    void appIdMissing() {
        project("");
        assertThat(problems(() -> NetworkConfig.fromProject(dir))).singleElement().satisfies(x -> {
            assertThat(x.source()).isEqualTo(dir.resolve("project.config.json").toString());
            assertThat(x.field()).isEqualTo("appid");
            assertThat(x.rule()).isEqualTo("C-1");
        });
    }

    @Test
    @DisplayName("C-1 a folder without project.config.json is a problem")
    void notAProject() {
        assertThat(problems(() -> NetworkConfig.fromProject(dir))).singleElement().satisfies(x -> {
            assertThat(x.source()).endsWith("project.config.json");
            assertThat(x.message()).contains("no such file");
        });
    }

    @Test
    @DisplayName("C-2 each problem names the file it is in: app.json, project.config.json, mpnet.json")
    void problemsNameTheirFiles() {
        project(", 'appid': 'wx1', 'setting': {'urlCheck': 'no'}");
        write(dir, "app.json", "{'networkTimeout': {'request': 0, 'socket': 1000}}");
        write(dir, "mpnet.json", "{'domians': {}}");
        assertThat(problems(() -> NetworkConfig.fromProject(dir)))
                .extracting(p -> Path.of(p.source()).getFileName().toString() + " " + p.field() + " " + p.rule())
                .containsExactlyInAnyOrder(
                        "project.config.json setting.urlCheck C-2",
                        "app.json networkTimeout.socket C-3",
                        "app.json networkTimeout.request T-1",
                        "mpnet.json domians C-3");
    }

    @Test
    @DisplayName("C-3 project files may hold fields mpnet does not read; only mpnet.json is strict")
    void projectFilesAreLenient() {
        project(", 'appid': 'wx1', 'condition': {}, 'packOptions': {'ignore': []}");
        write(dir, "app.json", "{'pages': [], 'permission': {}, 'lazyCodeLoading': 'requiredComponents'}");
        assertThat(NetworkConfig.fromProject(dir).appId()).isEqualTo("wx1");
    }
}
