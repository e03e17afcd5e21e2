package io.mpnet.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class TimeoutsTest {

    private static final NetworkConfig CONFIG = NetworkConfig.builder()
            .networkTimeout(ApiKind.REQUEST, Duration.ofSeconds(10))
            .networkTimeout(ApiKind.DOWNLOAD_FILE, Duration.ofSeconds(90))
            .build();

    private static Duration ms(Long v) {
        return v == null ? null : Duration.ofMillis(v);
    }

    @ParameterizedTest(name = "T-1 {0}: call timeout {1} ms, config -> {2} ms")
    @CsvSource({
        "REQUEST,      ,       10000",
        "REQUEST,      3000,   3000",
        "REQUEST,      30000,  30000",
        "REQUEST,      60000,  60000",
        "REQUEST,      60001,  60000",
        "UPLOAD_FILE,  ,       60000",
        "CONNECT_SOCKET, ,     60000",
        "DOWNLOAD_FILE, ,      60000",
        "DOWNLOAD_FILE, 5000,  5000",
        "TCP,          ,       60000",
        "REQUEST,      1,      1",
    })
    void resolve(ApiKind api, Long requested, long expected) {
        assertThat(Timeouts.resolve(api, ms(requested), CONFIG)).isEqualTo(Duration.ofMillis(expected));
    }

    @Test
    @DisplayName("T-1 with no networkTimeout the default is the profile maximum, 60 s")
    void defaultIsMax() {
        assertThat(Timeouts.resolve(ApiKind.REQUEST, null, NetworkConfig.builder().build())).isEqualTo(Duration.ofSeconds(60));
    }

    @ParameterizedTest(name = "T-1 a call timeout of {0} ms fails with a parameter error")
    @CsvSource({"0", "-1", "-60000"})
    void nonPositive(long value) {
        assertThatThrownBy(() -> Timeouts.resolve(ApiKind.UPLOAD_FILE, Duration.ofMillis(value), CONFIG))
                .isInstanceOfSatisfying(MpNetException.class, e -> {
                    assertThat(e.rule()).isEqualTo("T-1");
                    assertThat(e.api()).isEqualTo(ApiKind.UPLOAD_FILE);
                    assertThat(e.errMsg()).isEqualTo("uploadFile:fail parameter error");
                    assertThat(e.explanation()).contains(value + " ms").contains("60000");
                });
    }

    @ParameterizedTest(name = "T-1 a call timeout of {0} is clamped to the maximum, not overflowed")
    @MethodSource("huge")
    void hugeIsClamped(Duration requested) {
        assertThat(Timeouts.resolve(ApiKind.REQUEST, requested, CONFIG)).isEqualTo(Duration.ofMillis(60_000));
    }

    static Stream<Duration> huge() {
        return Stream.of(Duration.ofMillis(Long.MAX_VALUE), Duration.ofSeconds(Long.MAX_VALUE),
                Duration.ofSeconds(Long.MAX_VALUE, 999_999_999), Duration.ofNanos(Long.MAX_VALUE),
                Duration.ofDays(Long.MAX_VALUE / 86_400));
    }

    @Test
    @DisplayName("T-1 the most negative timeout is a parameter error naming it, not an overflow")
    void hugeNegative() {
        assertThatThrownBy(() -> Timeouts.resolve(ApiKind.REQUEST, Duration.ofSeconds(Long.MIN_VALUE), CONFIG))
                .isInstanceOfSatisfying(MpNetException.class, e -> {
                    assertThat(e.rule()).isEqualTo("T-1");
                    assertThat(e.getMessage()).contains("PT-2562047788015215H-30M-8S", "up to 60000 ms");
                });
    }
}
