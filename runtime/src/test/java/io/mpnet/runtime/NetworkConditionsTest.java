package io.mpnet.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** N-6: the developer tools' presets and what conditions a host may set. */
class NetworkConditionsTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            // name, offline, latency ms (as DevTools: RTT × factor), down and up bytes/s (kbit/s / 8 × factor)
            "No throttling, false, 0,   0,       0",
            "Fast 4G,       false, 165, 1012500, 168750",
            "Slow 4G,       false, 562.5, 180000, 84375",
            "3G,            false, 2000, 50000,  50000",
            "Offline,       true,  0,   0,       0"})
    @DisplayName("N-6 the presets are DevTools' own numbers, found by their names in any case")
    void presets(String name, boolean offline, double latencyMs, long down, long up) {
        NetworkConditions c = NetworkConditions.preset(name.toUpperCase());
        assertThat(c.name()).isEqualTo(name);
        assertThat(c.offline()).isEqualTo(offline);
        assertThat(c.latency()).isEqualTo(Duration.ofNanos((long) (latencyMs * 1_000_000)));
        assertThat(c.downloadBytesPerSecond()).isEqualTo(down);
        assertThat(c.uploadBytesPerSecond()).isEqualTo(up);
        assertThat(c.throttles()).isEqualTo(latencyMs > 0);
    }

    @Test
    @DisplayName("N-6 the presets are listed in the developer tools' order, no throttling first")
    void order() {
        assertThat(NetworkConditions.presets()).extracting(NetworkConditions::name)
                .containsExactly("No throttling", "Fast 4G", "Slow 4G", "3G", "Offline");
    }

    @Test
    @DisplayName("N-6 bad conditions are refused naming the field, the value, the rule and the fix")
    void refused() {
        assertThatThrownBy(() -> NetworkConditions.custom(Duration.ofMillis(-1), 0, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContainingAll("latency", "-0.001S", "[N-6]", "0 for none");
        assertThatThrownBy(() -> NetworkConditions.custom(Duration.ofSeconds(61), 0, 0))
                .hasMessageContainingAll("latency", "PT1M1S", "[N-6]");
        assertThatThrownBy(() -> NetworkConditions.custom(Duration.ZERO, -5, 0))
                .hasMessageContainingAll("downloadBytesPerSecond -5", "[N-6]", "0 for unlimited");
        assertThatThrownBy(() -> NetworkConditions.custom(Duration.ZERO, 0, -5))
                .hasMessageContainingAll("uploadBytesPerSecond -5", "[N-6]");
        assertThatThrownBy(() -> NetworkConditions.preset("GPRS"))
                .hasMessageContainingAll("'GPRS'", "[N-6]", "Fast 4G", "custom");
    }

    @Test
    @DisplayName("N-6 custom conditions in DevTools' units: kbit/s are 125 bytes per second each; a bandwidth below 0 is refused")
    void kbps() {
        assertThat(NetworkConditions.customKbps(Duration.ofMillis(100), 1600, 750))
                .isEqualTo(NetworkConditions.custom(Duration.ofMillis(100), 200_000, 93_750));
        assertThat(NetworkConditions.customKbps(Duration.ZERO, 0.8, 0).downloadBytesPerSecond()).isEqualTo(100);
        assertThatThrownBy(() -> NetworkConditions.customKbps(Duration.ZERO, -1, 0))
                .hasMessageContainingAll("downloadKbps -1.0", "[N-6]", "0 (unlimited) or more");
        assertThatThrownBy(() -> NetworkConditions.customKbps(Duration.ZERO, 0, Double.NaN))
                .hasMessageContainingAll("uploadKbps NaN", "[N-6]");
    }
}
