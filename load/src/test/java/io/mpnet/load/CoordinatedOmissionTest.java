package io.mpnet.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/**
 * The coordinated-omission correction, on a loopback server that answers in 10 ms but stalls for 1 s
 * every 10 s, all in virtual time: the open model, counting from when each call was due, shows the
 * stall at its 99th percentile; a closed loop, which stops sending while it waits, does not.
 */
@Tag("slow")
class CoordinatedOmissionTest extends LoadLoopback {

    long serverStart;

    @BeforeEach
    void stallingServer() {
        serverStart = clock.now(TimeUnit.MILLISECONDS);
        start(r -> r.get("/api", (req, res) -> {
            long phase = (clock.now(TimeUnit.MILLISECONDS) - serverStart) % 10_000;
            // from 9 s to 10 s of every 10 s nothing is answered: each waiting call is answered at the 10 s mark
            long stall = phase >= 9_000 ? 10_000 - phase : 0;
            return res.sendString(counted("api", req, heldFor(Duration.ofMillis(stall + 10), Mono.just("ok"))));
        }));
    }

    Scenario oneCall() {
        return Scenario.parse("{\"steps\": [{\"request\": {\"name\": \"api\", \"url\": \"" + base()
                + "/api?p=${program}\", \"expectStatus\": 200}}]}", "co.json", Path.of("."));
    }

    @Test
    @DisplayName("L-1 the open model's p99 shows a 1 s stall every 10 s; a closed loop's p99 hides it")
    void openShowsTheStallClosedHidesIt() {
        LoadReport open = pump(LoadRun.builder(oneCall(), config()).resources(resources).device(DEVICE).scheduler(clock)
                .shape(new LoadShape.Open(50, Duration.ZERO, Duration.ofSeconds(30), 1)).build(), Duration.ofMillis(10));
        serverStart = clock.now(TimeUnit.MILLISECONDS); // the closed run meets the same stalls from its own start
        LoadReport closed = pump(LoadRun.builder(oneCall(), config()).resources(resources).device(DEVICE).scheduler(clock)
                .shape(new LoadShape.Closed(1, 0, Duration.ofSeconds(30))).build(), Duration.ofMillis(10));

        LoadReport.StepStats o = open.step("api");
        LoadReport.StepStats c = closed.step("api");
        assertThat(o.calls()).isEqualTo(1_500); // 50 arrivals a second for 30 s, whatever the server did
        assertThat(o.failed()).isZero();
        // 10% of the arrivals come during a stall, waiting up to 1 s: the open model's p99 is the stall
        assertThat(o.latency().p99()).as("open p99 ms").isGreaterThan(800);
        assertThat(o.latency().p50()).as("open p50 ms").isLessThan(25);

        // the closed loop sent one call per stall and waited: about 2 700 fast calls and 3 slow ones
        assertThat(c.calls()).isGreaterThan(2_000);
        assertThat(c.latency().max()).as("closed max ms: it did meet the stall").isGreaterThan(800);
        assertThat(c.latency().p99()).as("closed p99 ms: the stall is hidden").isLessThan(25);
    }
}
