package io.mpnet.runtime.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.mpnet.runtime.RuntimeFiles;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.multipart.FileUpload;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServer;

/**
 * D-6: the callback layer names files by virtual paths mapped into the runtime's storage directory,
 * and refuses, before any I/O, a path that leads out of it.
 */
class WxSandboxTest extends WxLoopbackTest {

    static final byte[] BODY = new byte[300_000];

    static {
        new Random(6).nextBytes(BODY);
    }

    @TempDir
    Path dir;

    Path storage;
    Path usr;
    Path outside;
    final AtomicInteger connections = new AtomicInteger();
    final List<String> requests = new CopyOnWriteArrayList<>();
    final List<String> parts = new CopyOnWriteArrayList<>();
    final BlockingQueue<Map<String, Object>> ended = new LinkedBlockingQueue<>();

    @Override
    Path storage() {
        return dir.resolve("storage");
    }

    @BeforeEach
    void start() throws IOException {
        storage = storage();
        usr = storage.resolve("usr");
        outside = Files.createDirectories(dir.resolve("outside"));
        Files.writeString(outside.resolve("secret.txt"), "not the mini program's");
    }

    @Override
    HttpServer peer(HttpServer server) {
        return server.doOnConnection(c -> connections.incrementAndGet())
                .route(r -> r
                        .post("/up", (req, res) -> {
                            requests.add("POST /up");
                            return req.receiveForm().doOnNext(d -> {
                                if (d instanceof FileUpload f) {
                                    parts.add(f.getName() + ":" + f.getFilename() + ":" + f.length());
                                }
                            }).then(res.sendString(Mono.just("ok")).then());
                        })
                        .get("/file.bin", (req, res) -> {
                            requests.add("GET /file.bin");
                            return res.header("content-length", String.valueOf(BODY.length))
                                    .send(Flux.just(Unpooled.wrappedBuffer(BODY)));
                        }));
    }

    /** Options with callbacks that put {@code kind + errMsg} results into {@link #ended}, plus the complete. */
    Map<String, Object> options(String path) {
        Map<String, Object> o = new HashMap<>();
        o.put("url", url(path));
        o.put("success", (Consumer<Map<String, Object>>) res -> ended.add(tag("success", res)));
        o.put("fail", (Consumer<Map<String, Object>>) err -> ended.add(tag("fail", err)));
        o.put("complete", (Consumer<Map<String, Object>>) res -> ended.add(Map.of("callback", "complete")));
        return o;
    }

    static Map<String, Object> tag(String callback, Map<String, Object> res) {
        Map<String, Object> m = new HashMap<>(res);
        m.put("callback", callback);
        return m;
    }

    /** The result of the call just made: success or fail, then complete. */
    Map<String, Object> result() throws InterruptedException {
        Map<String, Object> r = ended.poll(10, TimeUnit.SECONDS);
        assertThat(r).as("success or fail within 10 s").isNotNull();
        Map<String, Object> complete = ended.poll(10, TimeUnit.SECONDS);
        assertThat(complete).as("complete after " + r).containsEntry("callback", "complete");
        return r;
    }

    Map<String, Object> download(Map<String, Object> extra) throws InterruptedException {
        Map<String, Object> o = options("/file.bin");
        o.putAll(extra);
        wx.downloadFile(o);
        return result();
    }

    Map<String, Object> upload(String filePath) throws InterruptedException {
        Map<String, Object> o = options("/up");
        o.put("filePath", filePath);
        o.put("name", "f");
        wx.uploadFile(o);
        return result();
    }

    Map<String, Object> save(Map<String, Object> extra) throws InterruptedException {
        Map<String, Object> o = options("/");
        o.putAll(extra);
        wx.saveFile(o);
        return result();
    }

    String tempFile() throws InterruptedException {
        Map<String, Object> res = download(Map.of());
        assertThat(res).containsEntry("errMsg", "downloadFile:ok");
        return res.get("tempFilePath").toString();
    }

    /** Every entry under the test directory (links not followed) with its kind and size: "nothing on disk was touched". */
    Map<String, String> disk() throws IOException {
        Map<String, String> all = new TreeMap<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.toList()) {
                String kind = Files.isSymbolicLink(p) ? "link->" + Files.readSymbolicLink(p)
                        : Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) ? "dir" : "file " + Files.size(p);
                all.put(dir.relativize(p).toString(), kind);
            }
        }
        return all;
    }

    static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }

    static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
    }

    // ------------------------------------------------------------------ mapping

    @Test
    @DisplayName("D-6 virtual -> real: wxfile://usr/..., wxfile://tmp_..., wxfile://store_... map into the storage directory")
    void virtualToReal() throws Exception {
        RuntimeFiles files = net.files();
        VirtualPaths paths = new VirtualPaths(files);
        Files.createDirectories(usr.resolve("docs"));
        Files.writeString(usr.resolve("docs/a.txt"), "a");
        Files.createDirectories(files.tempDirectory());
        Files.writeString(files.tempDirectory().resolve("tmp_0a1b.png"), "t");
        Files.createDirectories(files.savedDirectory());
        Files.writeString(files.savedDirectory().resolve("store_0a1b.png"), "s");
        record Row(String virtual, Path real) {
        }
        for (Row row : List.of(
                new Row("wxfile://usr/docs/a.txt", usr.resolve("docs/a.txt")),
                new Row("wxfile://usr//docs/./a.txt", usr.resolve("docs/a.txt")),
                new Row("wxfile://tmp_0a1b.png", files.tempDirectory().resolve("tmp_0a1b.png")),
                new Row("wxfile://store_0a1b.png", files.savedDirectory().resolve("store_0a1b.png")))) {
            assertThat(paths.source("filePath", row.virtual())).as(row.virtual()).isEqualTo(row.real());
        }
        assertThat(paths.target("downloadFile", "filePath", "wxfile://usr/new.bin")).isEqualTo(usr.resolve("new.bin"));
        assertThat(paths.target("downloadFile", "filePath", "wxfile://usr/docs/b.bin")).isEqualTo(usr.resolve("docs/b.bin"));
        assertThat(paths.temp("tempFilePath", "wxfile://tmp_0a1b.png")).isEqualTo(files.tempDirectory().resolve("tmp_0a1b.png"));
    }

    @Test
    @DisplayName("D-6 real -> virtual: temp, saved and user-data files get the platform's wxfile:// names")
    void realToVirtual() {
        RuntimeFiles files = net.files();
        VirtualPaths paths = new VirtualPaths(files);
        assertThat(paths.virtual(files.tempDirectory().resolve("tmp_0a1b.png"))).isEqualTo("wxfile://tmp_0a1b.png");
        assertThat(paths.virtual(files.savedDirectory().resolve("store_0a1b"))).isEqualTo("wxfile://store_0a1b");
        assertThat(paths.virtual(usr.resolve("docs").resolve("a.txt"))).isEqualTo("wxfile://usr/docs/a.txt");
        assertThat(paths.virtual(usr)).isEqualTo(Wx.USER_DATA_PATH);
        assertThat(wx.env()).containsEntry("USER_DATA_PATH", "wxfile://usr");
    }

    @Test
    @DisplayName("D-6 a symbolic link inside wxfile://usr that stays inside it is followed")
    void linkInsideIsFine() throws Exception {
        Files.createDirectories(usr);
        Files.write(usr.resolve("real.bin"), BODY);
        try {
            Files.createSymbolicLink(usr.resolve("alias.bin"), usr.resolve("real.bin"));
        } catch (UnsupportedOperationException | IOException e) {
            assumeTrue(false, "this file system cannot make symbolic links: " + e);
        }
        assertThat(upload("wxfile://usr/alias.bin")).containsEntry("errMsg", "uploadFile:ok");
        assertThat(parts).containsExactly("f:alias.bin:" + BODY.length);
    }

    // ---------------------------------------------------------------- refusals

    enum Use {
        UPLOAD("uploadFile", "filePath"),
        DOWNLOAD("downloadFile", "filePath"),
        SAVE_FROM("saveFile", "tempFilePath"),
        SAVE_TO("saveFile", "filePath");

        final String api;
        final String field;

        Use(String api, String field) {
            this.api = api;
            this.field = field;
        }
    }

    static Stream<Arguments> refusals() {
        List<Arguments> rows = new ArrayList<>();
        // value "{outside}" is replaced by the real path of a file outside the sandbox
        String[][] paths = {
            {"'..' out of usr", "wxfile://usr/../outside.txt", "D-6"},
            {"'..' deeper", "wxfile://usr/a/../../../outside/secret.txt", "D-6"},
            {"an absolute path", "{outside}", "D-6"},
            {"file://", "file://{outside}", "D-6"},
            {"the devtools' http://usr", "http://usr/a.bin", "D-6"},
            {"a relative path", "usr/a.bin", "D-6"},
            {"a backslash", "wxfile://usr\\..\\a.bin", "D-6"},
            {"a place that is not one", "wxfile://etc/passwd", "D-6"},
            {"a symlinked directory inside usr leading outside", "wxfile://usr/link/secret.txt", "D-6"},
            {"a symlinked file inside usr leading outside", "wxfile://usr/leak.txt", "D-6"},
        };
        for (Use use : Use.values()) {
            for (String[] p : paths) {
                String rule = p[2];
                if (use == Use.SAVE_FROM && p[1].startsWith("wxfile://usr/") && !p[1].contains("..")) {
                    rule = "D-4"; // a user-data file is inside, but only a temp file can be saved
                }
                rows.add(Arguments.of(use, p[0], p[1], rule));
            }
        }
        rows.add(Arguments.of(Use.UPLOAD, "a missing file", "wxfile://usr/gone.jpg", "U-1"));
        rows.add(Arguments.of(Use.DOWNLOAD, "a directory that does not exist", "wxfile://usr/no/such/a.bin", "D-1"));
        rows.add(Arguments.of(Use.DOWNLOAD, "a temp file as a target", "wxfile://tmp_0a1b", "D-6"));
        rows.add(Arguments.of(Use.SAVE_FROM, "a saved file", "wxfile://store_0a1b", "D-4"));
        return rows.stream();
    }

    @ParameterizedTest(name = "D-6 {0} {2} ({1}) is refused by {3} before any I/O")
    @MethodSource("refusals")
    @DisplayName("D-6 refusals")
    void refused(Use use, String what, String template, String rule) throws Exception {
        Files.createDirectories(usr);
        boolean links = true;
        try {
            Files.createSymbolicLink(usr.resolve("link"), outside);
            Files.createSymbolicLink(usr.resolve("leak.txt"), outside.resolve("secret.txt"));
        } catch (UnsupportedOperationException | IOException e) {
            links = false;
        }
        assumeTrue(links || !what.contains("symlink"), "this file system cannot make symbolic links");
        String value = template.replace("{outside}", outside.resolve("secret.txt").toAbsolutePath().toString()
                .replace('\\', '/'));
        String temp = use == Use.SAVE_TO ? tempFile() : null; // the one download this test makes, before the count
        int connectionsBefore = connections.get();
        List<String> requestsBefore = List.copyOf(requests);
        Map<String, String> diskBefore = disk();

        Map<String, Object> res = switch (use) {
            case UPLOAD -> upload(value);
            case DOWNLOAD -> download(Map.of("filePath", value));
            case SAVE_FROM -> save(Map.of("tempFilePath", value));
            case SAVE_TO -> save(Map.of("tempFilePath", temp, "filePath", value));
        };

        assertThat(res).containsEntry("callback", "fail")
                .containsEntry("errMsg", use.api + ":fail parameter error")
                .containsEntry("rule", rule);
        assertThat(res.get("explanation").toString()).as("names the field, the value and the fix")
                .contains(use.field + " '" + value + "'").contains("give");
        if (rule.equals("D-6")) {
            assertThat(res.get("explanation").toString()).contains("(D-6)").contains("wxfile://usr");
        }
        assertThat(connections.get()).as("no connection").isEqualTo(connectionsBefore);
        assertThat(requests).as("no request").isEqualTo(requestsBefore);
        assertThat(net.availableSlots()).as("no slot").isEqualTo(10);
        assertThat(disk()).as("nothing on disk touched").isEqualTo(diskBefore);
        assertThat(Files.readString(outside.resolve("secret.txt"))).isEqualTo("not the mini program's");
    }

    @Test
    @DisplayName("D-6 a refused download creates not even wxfile://usr itself")
    void refusedDownloadCreatesNothing() throws Exception {
        Map<String, String> before = disk();
        assertThat(download(Map.of("filePath", "wxfile://usr/../a.bin"))).containsEntry("rule", "D-6");
        assertThat(disk()).isEqualTo(before);
        assertThat(storage).doesNotExist();
        assertThat(connections.get()).isZero();
    }

    // ------------------------------------------------------ permissions, round trip

    @Test
    @DisplayName("D-6 files are owner-only 0600 and directories 0700: temp, saved and user-data")
    void ownerOnly() throws Exception {
        assumeTrue(posix(), "the default file system has no POSIX permissions");
        RuntimeFiles files = net.files();
        String temp = tempFile();
        Path tempReal = files.tempDirectory().resolve(temp.substring("wxfile://".length()));
        assertThat(mode(tempReal)).isEqualTo("rw-------");
        assertThat(mode(files.tempDirectory())).isEqualTo("rwx------");
        assertThat(mode(storage)).as("the storage directory, made by the first download").isEqualTo("rwx------");

        String saved = save(Map.of("tempFilePath", temp)).get("savedFilePath").toString();
        assertThat(mode(files.savedDirectory().resolve(saved.substring("wxfile://".length())))).isEqualTo("rw-------");
        assertThat(mode(files.savedDirectory())).isEqualTo("rwx------");

        assertThat(download(Map.of("filePath", "wxfile://usr/doc.bin"))).containsEntry("errMsg", "downloadFile:ok");
        assertThat(mode(usr)).as("wxfile://usr, made by the download").isEqualTo("rwx------");
        assertThat(mode(usr.resolve("doc.bin"))).isEqualTo("rw-------");

        assertThat(save(Map.of("tempFilePath", tempFile(), "filePath", "wxfile://usr/kept.bin")))
                .containsEntry("savedFilePath", "wxfile://usr/kept.bin");
        assertThat(mode(usr.resolve("kept.bin"))).isEqualTo("rw-------");
    }

    @Test
    @DisplayName("D-6 round trip by virtual paths: downloadFile -> saveFile -> uploadFile, and downloadFile to wxfile://usr -> uploadFile")
    void roundTrip() throws Exception {
        Map<String, Object> down = download(Map.of());
        assertThat(down).containsEntry("errMsg", "downloadFile:ok").containsEntry("statusCode", 200);
        String temp = down.get("tempFilePath").toString();
        assertThat(temp).matches("wxfile://tmp_[0-9a-f]{24}\\.bin");

        Map<String, Object> saved = save(Map.of("tempFilePath", temp));
        assertThat(saved).containsEntry("errMsg", "saveFile:ok");
        String store = saved.get("savedFilePath").toString();
        assertThat(store).isEqualTo(temp.replace("wxfile://tmp_", "wxfile://store_"));
        assertThat(Files.readAllBytes(net.files().savedDirectory().resolve(store.substring(9)))).isEqualTo(BODY);
        assertThat(upload(temp)).as("moved away by saveFile").containsEntry("rule", "U-1");

        assertThat(upload(store)).containsEntry("errMsg", "uploadFile:ok").containsEntry("data", "ok");

        Files.createDirectories(usr.resolve("docs"));
        Map<String, Object> toUsr = download(Map.of("filePath", "wxfile://usr/docs/copy.bin"));
        assertThat(toUsr).containsEntry("errMsg", "downloadFile:ok").containsEntry("filePath", "wxfile://usr/docs/copy.bin")
                .doesNotContainKey("tempFilePath");
        assertThat(Files.readAllBytes(usr.resolve("docs/copy.bin"))).isEqualTo(BODY);
        assertThat(upload("wxfile://usr/docs/copy.bin")).containsEntry("errMsg", "uploadFile:ok");

        assertThat(parts).containsExactly("f:" + store.substring(9) + ":" + BODY.length, "f:copy.bin:" + BODY.length);
    }
}
