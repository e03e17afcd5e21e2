package io.mpnet.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Runs the callback-style example once, in-process, and checks its transcript step by step; how long
 * it takes is measured by the benchmarks' {@code ExamplesWallTime}.
 */
class CallbackStyleTest {

    static String transcript;

    @BeforeAll
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    static void runExample() throws Exception {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        CallbackStyle.run(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        transcript = buffer.toString(StandardCharsets.UTF_8);
    }

    @Test
    @DisplayName("the example ends by itself, everything closed")
    void endsInTime() {
        assertThat(transcript).contains("everything started was closed.");
    }

    @Test
    @DisplayName("R-9 onHeadersReceived, then success, then complete, in that order")
    void success() {
        assertThat(transcript).containsSubsequence(
                "onHeadersReceived: statusCode 200, content-type application/json",
                "success: errMsg request:ok, statusCode 200, data {id=42, name=Mei, city=Shenzhen}",
                "complete: errMsg request:ok");
    }

    @Test
    @DisplayName("R-2 a POST with a map as data reaches the backend as JSON with the Referer (P-9)")
    void post() {
        assertThat(transcript).contains("data {contentType=application/json, "
                + "referer=https://servicewechat.com/wx0123456789abcdef/0/page-frame.html, "
                + "body={\"code\":\"081Kq4Ga1\",\"nickName\":\"Mei\"}}");
    }

    @Test
    @DisplayName("E-1 a refused URL calls fail with errMsg, errno and rule, then complete")
    void fail() {
        assertThat(transcript).containsSubsequence(
                "fail: errMsg request:fail url not in domain list, errno 600002, rule P-2",
                "why/fix: 'evil.example.org' is not in domains.request",
                "complete: errMsg request:fail url not in domain list");
    }

    @Test
    @DisplayName("R-8 task.abort() fails the call with request:fail abort, then complete, and frees its slot")
    void abort() {
        assertThat(transcript).containsSubsequence(
                "the backend has the request and holds its answer; task.abort()",
                "fail: errMsg request:fail abort, errno 1, rule R-8",
                "complete: errMsg request:fail abort",
                "slots free again: 10 of 10");
    }

    @Test
    @DisplayName("D-6 download, saveFile and upload by wxfile:// paths; a path out of USER_DATA_PATH is refused before any I/O")
    void files() {
        assertThat(transcript).containsSubsequence(
                "wx.env.USER_DATA_PATH is wxfile://usr",
                "-> downloadFile:ok, tempFilePath wxfile://tmp_",
                "wx.saveFile({tempFilePath}) -> saveFile:ok, savedFilePath wxfile://store_",
                "-> uploadFile:ok, data {\"parts\":[\"file (file store_",
                "-> fail: errMsg uploadFile:fail parameter error, rule D-6",
                "why/fix: filePath 'wxfile://usr/../../../etc/passwd' is refused (D-6)",
                "requests the backend received for it: 0 (refused before any I/O)");
        assertThat(transcript).doesNotContain(System.getProperty("java.io.tmpdir") + "/mpnet-callback-files");
    }
}
