package io.mpnet.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class MpNetExceptionTest {

    static Stream<Arguments> everyApiAndReason() {
        return Arrays.stream(ApiKind.values())
                .flatMap(api -> Arrays.stream(FailReason.values()).map(r -> Arguments.of(api, r)));
    }

    @ParameterizedTest(name = "E-1 {0} / {1}: errMsg is <api>:fail <reason>")
    @MethodSource("everyApiAndReason")
    void errMsgForm(ApiKind api, FailReason reason) {
        MpNetException e = new MpNetException(api, reason, "P-2", "the fix");
        assertThat(e.errMsg()).isEqualTo(api.apiName() + ":fail " + reason.text());
        assertThat(e.api()).isEqualTo(api);
        assertThat(e.reason()).isEqualTo(reason);
        assertThat(e.errno()).isEqualTo(reason.errno());
    }

    @ParameterizedTest(name = "E-1 errMsg {0}")
    @CsvSource({
        "request:fail url not in domain list, REQUEST, URL_NOT_IN_DOMAIN_LIST",
        "request:fail timeout,                REQUEST, TIMEOUT",
        "request:fail abort,                  REQUEST, ABORT",
        "request:fail interrupted,            REQUEST, INTERRUPTED",
        "downloadFile:fail interrupted,       DOWNLOAD_FILE, INTERRUPTED",
        "connectSocket:fail url not in domain list, CONNECT_SOCKET, URL_NOT_IN_DOMAIN_LIST",
        "uploadFile:fail timeout,             UPLOAD_FILE, TIMEOUT",
    })
    void platformTexts(String errMsg, ApiKind api, FailReason reason) {
        assertThat(new MpNetException(api, reason, "X", "y").errMsg()).isEqualTo(errMsg);
    }

    @ParameterizedTest(name = "E-1 {0}: errMsg ''<api>:fail {1}'', errno {2} (the catalogue''s {3})")
    @CsvSource(delimiter = '|', textBlock = """
        URL_NOT_IN_DOMAIN_LIST | url not in domain list | 600002 | url not in domain list
        TIMEOUT                | timeout                | 5      | time out
        ABORT                  | abort                  | 1      | cancel
        INTERRUPTED            | interrupted            | 600003 | network interrupted error
        INVALID_PARAMETER      | parameter error        | 600005 | network argv error
        INVALID_DATA           | parameter error        | 600010 | invalid request data
        LIMIT_EXCEEDED         | exceed max task count  | 600007 | network exceed max task count
        LOGIC                  | network logic error    | 600004 | network logic error
        SSL_HANDSHAKE          | ssl hand shake error   | 600000 | unknown network error
        REDIRECT_LIMIT         | network error          | 600008 | network reach the max redirect count
        DOWNLOAD_SAVE          | network error          | 603300 | download save file error
        NETWORK                | network error          | 600000 | unknown network error
        """)
    void errnoOfEachReason(FailReason reason, String text, int errno, String catalogue) {
        assertThat(reason.text()).isEqualTo(text);
        assertThat(reason.errno()).hasValue(errno);
    }

    @Test
    @DisplayName("N-5 no network has no errno: the catalogue has no code that means it")
    void noNetworkHasNoErrno() {
        assertThat(FailReason.NO_NETWORK.text()).isEqualTo("network error");
        assertThat(FailReason.NO_NETWORK.errno()).isEmpty();
    }

    @Test
    @DisplayName("E-1 the table above and NO_NETWORK name every reason")
    void everyReasonInTheTable() {
        assertThat(FailReason.values()).hasSize(13);
    }

    @Test
    @DisplayName("E-1 rule and explanation are kept; the message holds errMsg, rule and explanation")
    void ruleAndExplanation() {
        MpNetException e = new MpNetException(ApiKind.REQUEST, FailReason.URL_NOT_IN_DOMAIN_LIST, "P-5",
                "https://a.com:443/ carries a port (x): remove it");
        assertThat(e.rule()).isEqualTo("P-5");
        assertThat(e.explanation()).isEqualTo("https://a.com:443/ carries a port (x): remove it");
        assertThat(e.getMessage()).isEqualTo("request:fail url not in domain list (P-5): https://a.com:443/ carries a port (x): remove it");
        assertThat(e.getCause()).isNull();
    }

    @Test
    @DisplayName("E-2 the cause is kept as getCause()")
    void causeKept() {
        IOException cause = new IOException("connection reset");
        MpNetException e = new MpNetException(ApiKind.DOWNLOAD_FILE, FailReason.NETWORK, "E-2", "the server reset", cause);
        assertThat(e.getCause()).isSameAs(cause);
        assertThat(e.errMsg()).isEqualTo("downloadFile:fail network error");
    }

    @Test
    @DisplayName("E-1 every reason text is lower case platform wording without the api prefix")
    void reasonTexts() {
        for (FailReason r : FailReason.values()) {
            assertThat(r.text()).isNotBlank().doesNotContain(":fail").isEqualTo(r.text().toLowerCase(java.util.Locale.ROOT));
        }
    }
}
