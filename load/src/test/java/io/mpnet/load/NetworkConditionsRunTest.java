package io.mpnet.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.mpnet.runtime.NetworkConditions;
import io.mpnet.testing.SteppedTime;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/**
 * Phone-shaped load (N-6): programs on throttled networks, against a loopback server that answers at
 * once, in virtual time ({@link SteppedTime}: the latency is held on the runtime's scheduler, between
 * real I/O). What the report records is the virtual time each call took.
 */
class NetworkConditionsRunTest extends LoadLoopback {

    /** Short of T-2's 60 s, whose timer is pending for every call too. */
    static final Duration HORIZON = Duration.ofSeconds(30);

    final SteppedTime time = new SteppedTime();

    @BeforeEach
    void answeringServer() {
        start(r -> r.get("/api", (req, res) -> res.sendString(counted("api", req, Mono.just("ok"))))
                .get("/offline", (req, res) -> res.sendString(counted("offline", req, Mono.just("ok")))));
    }

    @AfterEach
    void stopTime() {
        time.dispose();
    }

    Scenario scenario(String network, String steps) {
        return Scenario.parse("{" + network + "\"steps\": [" + steps.replace("BASE", base()) + "]}", "phone.json",
                Path.of("."));
    }

    static final String ONE_CALL = "{\"request\": {\"name\": \"api\", \"url\": \"BASE/api?p=${program}\", \"expectStatus\": 200}}";

    /**
     * Runs {@code programs} programs of 3 iterations each. Timing tests run one: time moves as soon as one
     * program waits, so a second program's hold could start only after the clock had moved on.
     */
    LoadReport run(int programs, LoadRun.Builder b) {
        LoadRun run = b.resources(resources).device(DEVICE).scheduler(time)
                .shape(new LoadShape.Closed(programs, 3, null)).build();
        CompletableFuture<LoadReport> report = run.run().toFuture();
        time.runUntil(report::isDone, HORIZON);
        return report.join();
    }

    @Test
    @DisplayName("N-6 a scenario's network latency of 500 ms: every recorded call takes at least 500 ms; without it none takes time")
    void latencyShowsInEveryCall() {
        LoadReport fast = run(1, LoadRun.builder(scenario("", ONE_CALL), config()));
        LoadReport phone = run(1, LoadRun.builder(scenario("\"network\": {\"latencyMs\": 500},", ONE_CALL), config()));

        assertThat(fast.step("api").calls()).isEqualTo(3);
        assertThat(fast.step("api").latency().max()).as("no throttling: no virtual time passes").isLessThan(1);
        assertThat(fast.run()).endsWith("network No throttling");

        assertThat(count("api")).isEqualTo(6);
        assertThat(phone.step("api").calls()).isEqualTo(3);
        assertThat(phone.step("api").failed()).isZero();
        // the lowest point of the distribution is the fastest call: held 500 ms before it went, as far as
        // HdrHistogram's 3 digits tell (500 ms shares its bucket with 499.968 ms)
        assertThat(phone.distribution().get(0).percentile()).isZero();
        double fiveHundred = new Histogram(Recorders.DIGITS).lowestEquivalentValue(500_000) / 1000.0;
        assertThat(phone.distribution().get(0).millis()).as("fastest call, ms").isGreaterThanOrEqualTo(fiveHundred);
        assertThat(phone.step("api").latency().max()).as("once per request, not per byte").isLessThan(600);
        assertThat(phone.run()).endsWith("network Custom (latency 500ms, down unlimited, up unlimited)");
        assertThat(phone.summary()).contains("network Custom (latency 500ms");
        assertThat(phone.toJson()).contains("network Custom (latency 500ms");
    }

    @Test
    @DisplayName("N-6 the builder's conditions (the command line's --network) replace the scenario's")
    void builderOverridesTheScenario() {
        LoadReport r = run(1, LoadRun.builder(scenario("\"network\": {\"latencyMs\": 500},", ONE_CALL), config())
                .network(NetworkConditions.NONE));
        assertThat(r.step("api").latency().max()).isLessThan(1);
        assertThat(r.run()).endsWith("network No throttling");
    }

    @Test
    @DisplayName("N-6 N-5 a network step to Offline makes the program's next call fail with N-5's network error, counted in the report")
    void offlineStepFailsTheNextCall() {
        LoadReport r = run(2, LoadRun.builder(scenario("", ONE_CALL + ", {\"network\": \"offline\"},"
                + " {\"request\": {\"name\": \"offline\", \"url\": \"BASE/offline?p=${program}\"}}"), config()));

        // the first call of each iteration goes online; once offline the next fails and ends the iteration,
        // so the programs' later iterations start offline and their first call fails too
        assertThat(r.step("api").calls()).isEqualTo(6);
        assertThat(r.step("api").failed()).isEqualTo(4);
        assertThat(r.step("offline").calls()).isEqualTo(2);
        assertThat(r.step("offline").failed()).isEqualTo(2);
        assertThat(count("api")).isEqualTo(2);
        assertThat(count("offline")).as("no offline call reached the server").isZero();
        assertThat(r.errors()).extracting(e -> e.step() + " " + e.errMsg() + " " + e.rule() + " " + e.errno() + " " + e.count())
                .containsExactlyInAnyOrder(
                        "offline request:fail network error N-5 " + OptionalInt.empty() + " 2",
                        "api request:fail network error N-5 " + OptionalInt.empty() + " 4");
        assertThat(r.summary()).contains("request:fail network error [N-5]");
    }
}
