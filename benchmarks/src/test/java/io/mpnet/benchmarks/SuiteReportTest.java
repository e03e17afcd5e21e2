package io.mpnet.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.mpnet.benchmarks.SuiteReport.ClientRow;
import io.mpnet.benchmarks.SuiteReport.Footprint;
import io.mpnet.benchmarks.SuiteReport.PolicyRow;
import io.mpnet.benchmarks.SuiteReport.ScaleRow;
import io.mpnet.benchmarks.SuiteReport.Spread;
import io.mpnet.benchmarks.SuiteReport.Target;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SuiteReportTest {

    // 10 callers: raw 1000 µs mean -> 10 000 calls/s; mpnet 1100 µs -> 9 091 calls/s
    // spreads: okhttp far from raw (a clear result); mpnet's throughput range holds 1 (within noise)
    static final List<ClientRow> ROWS = List.of(
            new ClientRow("okhttp", "http", 10, 2000, 1800, 6000, 30_000,
                    new Spread(1900, 2100), new Spread(1700, 1900), new Spread(5800, 6200)),
            new ClientRow("mpnet", "http", 10, 1100, 1000, 4400, 20_000,
                    new Spread(900, 1300), new Spread(950, 1050), new Spread(4300, 4500)),
            new ClientRow("reactorNetty", "http", 10, 1000, 900, 4000, 10_000,
                    new Spread(950, 1050), new Spread(880, 920), new Spread(3900, 4100)),
            new ClientRow("mpnet", "https", 10, 1000, 1000, 1000, 1000));

    static SuiteReport report() {
        return new SuiteReport("2026-12-02 00:00 UTC", "2 cores", "short", ROWS,
                List.of(new ScaleRow(1000, 9000, 20_000), new ScaleRow(1, 10_000, 20_000)),
                List.of(new PolicyRow("REQUEST", 1, 100, 88), new PolicyRow("REQUEST", 20, 110, 88)),
                new Footprint(10_000, 5000),
                List.of(new PairedComparison.Result("https", 10, 9000, 10_000, 0.90, 1.0, 1.05, 1.1, 0.8, 1.0)));
    }

    @Test
    @DisplayName("ratios are taken against raw Reactor Netty at the same scheme and callers")
    void ratios() {
        SuiteReport r = report();
        ClientRow mpnet = r.find("mpnet", "http", 10).orElseThrow();
        SuiteReport.Ratios x = r.ratios(mpnet).orElseThrow();
        assertThat(mpnet.callsPerSecond()).isCloseTo(9090.9, within(0.1));
        assertThat(x.throughput()).isCloseTo(1000.0 / 1100, within(1e-9));
        assertThat(x.p50()).isCloseTo(1000.0 / 900, within(1e-9));
        assertThat(x.p99()).isCloseTo(1.1, within(1e-9));
        assertThat(x.allocation()).isCloseTo(2.0, within(1e-9));
        assertThat(r.ratios(r.find("mpnet", "https", 10).orElseThrow())).as("no https baseline").isEmpty();
    }

    @Test
    @DisplayName("targets carry the measured figure and whether it was met")
    void targets() {
        List<Target> t = report().targets();
        assertThat(t).extracting(Target::name, Target::measured, Target::met).contains(
                org.assertj.core.groups.Tuple.tuple("mpnet throughput >= 0.95 x Reactor Netty, http, 10 callers", "0.91 x", false),
                org.assertj.core.groups.Tuple.tuple("mpnet p99 <= 1.10 x Reactor Netty, http, 10 callers", "1.10 x", true),
                org.assertj.core.groups.Tuple.tuple("mpnet throughput ahead of okhttp, http, 10 callers", "9 091 vs 5 000 calls/s", true),
                org.assertj.core.groups.Tuple.tuple("mpnet throughput >= 0.95 x Reactor Netty, https, 10 callers, interleaved", "0.90 x", false),
                org.assertj.core.groups.Tuple.tuple("mpnet p99 <= 1.10 x Reactor Netty, https, 10 callers, interleaved", "1.05 x", true),
                org.assertj.core.groups.Tuple.tuple("throughput flat from 1 to 1000 runtimes (0.90 to 1.10 x)", "0.90 x", true),
                org.assertj.core.groups.Tuple.tuple("policy REQUEST flat from 1 to 20 domains (0.80 to 1.25 x)", "1.10 x", true),
                org.assertj.core.groups.Tuple.tuple("heap per idle runtime <= 4 KiB (10000 runtimes)", "5 000 B", false));
    }

    @Test
    @DisplayName("the Markdown leads with the interleaved table, then sequential rows with their spread, noise marked")
    void markdown() {
        String md = report().markdown();
        assertThat(md).contains("| http | 10 | mpnet | 9 091 (7 692–11 111) | 1 000 (950–1 050) | 4 400 (4 300–4 500)"
                        + " | 20 000 | 0.91 (0.73–1.17) within noise | 1.11 (1.03–1.19) | 1.10 (1.05–1.15) | 2.00 |")
                .contains("| http | 10 | reactorNetty | 10 000 (9 524–10 526) | 900 (880–920) | 4 000 (3 900–4 100)"
                        + " | 10 000 | 1.00 | 1.00 | 1.00 | 1.00 |")
                .contains("| http | 10 | okhttp | 5 000 (4 762–5 263) | 1 800 (1 700–1 900) | 6 000 (5 800–6 200)"
                        + " | 30 000 | 0.50 (0.45–0.55) | 2.00 (1.85–2.16) | 1.50 (1.41–1.59) | 3.00 |")
                .doesNotContain("| https | 10 | mpnet | 10 000 |")
                .contains("1 sequential JMH rows of this run were recorded without their spread")
                .contains("| 1000 | 9 000 | 0.90 | 20 000 |")
                .contains("| REQUEST | 100 ns | 110 ns | 88 |")
                .contains("| https | 10 | 9 000 | 10 000 | 0.90 | 0.80–1.00 | 1.00 | 1.05 | 1.10 |")
                .contains("| heap per idle runtime <= 4 KiB (10000 runtimes) | 5 000 B | **no** |");
        assertThat(md.indexOf("| https | 10 | 9 000 | 10 000 |")).as("the interleaved table leads")
                .isLessThan(md.indexOf("| http | 10 | mpnet |"));
        assertThat(md.indexOf("| http | 10 | mpnet |")).isLessThan(md.indexOf("| http | 10 | reactorNetty |"));
        assertThat(md.indexOf("| http | 10 | reactorNetty |")).isLessThan(md.indexOf("| http | 10 | okhttp |"));
    }

    @Test
    @DisplayName("the JSON holds every row, its ratios and the targets")
    void json() {
        String json = report().json();
        assertThat(json).contains("\"client\": \"mpnet\", \"scheme\": \"http\", \"callers\": 10, \"callsPerSecond\": 9090.9091")
                .contains("\"ratios\": {\"throughput\": 0.9091, \"p50\": 1.1111, \"p99\": 1.1000, \"allocation\": 2.0000}")
                .contains("\"spread\": {\"meanUs\": [900.0000, 1300.0000], \"p50Us\": [950.0000, 1050.0000]")
                .contains("\"footprint\": {\"runtimes\": 10000, \"bytesPerRuntime\": 5000.0000}")
                .contains("{\"scheme\": \"https\", \"callers\": 10, \"mpnetCallsPerSecond\": 9000.0000")
                .contains("\"met\": false");
        assertThat(SuiteReport.str("a\"b\\c\n")).isEqualTo("\"a\\\"b\\\\c\\n\"");
    }

    @Test
    @DisplayName("the table replaces what stands between the README's markers, and nothing without them")
    void splice() {
        String readme = "# x\n<!-- suite:begin -->\nold\n<!-- suite:end -->\ntail\n";
        assertThat(SuiteReport.spliceInto(readme, "| new |\n"))
                .contains("# x\n<!-- suite:begin -->\n| new |\n<!-- suite:end -->\ntail\n");
        assertThat(SuiteReport.spliceInto("# no markers\n", "| new |\n")).isEmpty();
    }

    @Test
    @DisplayName("the chart is a PNG")
    void chart(@TempDir Path dir) throws Exception {
        Path png = dir.resolve("latest.png");
        Chart.write(report(), "test", png);
        assertThat(ImageIO.read(png.toFile())).isNotNull();
        assertThat(Files.size(png)).isPositive();
    }
}
