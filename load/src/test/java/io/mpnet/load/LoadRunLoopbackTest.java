package io.mpnet.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Mono;

/** A whole scenario against a loopback backend, in virtual time: what the server counted is what the report says. */
@Tag("slow")
class LoadRunLoopbackTest extends LoadLoopback {

    @TempDir
    Path dir;

    final AtomicInteger socketMessages = new AtomicInteger();

    void backend() {
        start(r -> r
                .post("/login", (req, res) -> res.header("content-type", "application/json")
                        .sendString(counted("login", req, body(req).map(b -> "{\"token\":\"t-" + program(req) + "\"}"))))
                .get("/work", (req, res) -> res.sendString(counted("work", req,
                        heldFor(Duration.ofMillis(20), Mono.just(req.requestHeaders().get("Authorization", "none"))))))
                .post("/upload", (req, res) -> res.sendString(counted("upload", req, body(req).map(b -> "ok"))))
                .get("/download", (req, res) -> res.sendByteArray(counted("download", req, Mono.just(new byte[64 * 1024]))))
                .get("/hold", (req, res) -> res.sendString(counted("hold", req, heldForever().then(Mono.just("late")))))
                .ws("/ws", (in, out) -> out.sendString(in.receive().asString()
                        .doOnNext(m -> socketMessages.incrementAndGet()).map(m -> "echo " + m))));
    }

    Scenario scenario() throws Exception {
        Files.write(dir.resolve("photo.bin"), new byte[100 * 1024]);
        String u = base();
        String json = """
                {
                  "seed": 7,
                  "variables": { "user": "mei" },
                  "steps": [
                    { "request": { "name": "login", "method": "POST", "url": "%1$s/login?p=${program}",
                                   "data": { "user": "${user}-${program}" }, "expectStatus": 200,
                                   "extract": { "token": "/token" } } },
                    { "parallel": { "times": 12, "steps": [
                        { "request": { "name": "work", "url": "%1$s/work?p=${program}",
                                       "header": { "Authorization": "Bearer ${token}" }, "expectStatus": 200 } } ] } },
                    { "think": { "uniform": ["100ms", "300ms"] } },
                    { "uploadFile": { "name": "upload", "url": "%1$s/upload?p=${program}", "file": "photo.bin",
                                      "formData": { "user": "${user}" }, "expectStatus": 200 } },
                    { "downloadFile": { "name": "download", "url": "%1$s/download?p=${program}", "expectStatus": 200 } },
                    { "connectSocket": { "name": "socket", "url": "%2$s/ws", "send": ["hello ${program}", "bye"], "await": 2 } },
                    { "parallel": { "times": 3, "wait": false, "steps": [
                        { "request": { "name": "hold", "url": "%1$s/hold?p=${program}" } } ] } },
                    { "think": "50ms" },
                    { "background": {} },
                    { "parallel": { "times": 1, "steps": [
                        { "request": { "name": "in background", "url": "%1$s/work?p=${program}" } } ] } },
                    { "think": "6s" },
                    { "foreground": {} }
                  ]
                }
                """.formatted(u, u.replace("http:", "ws:"));
        return Scenario.parse(json, "e2e.json", dir);
    }

    @Test
    @DisplayName("L-1 B-2 a closed run on loopback: counts per step match the server's, at most 10 calls per program on the server, background interrupts")
    void closedRunMatchesTheServer() throws Exception {
        backend();
        LoadRun run = LoadRun.builder(scenario(), config()).resources(resources).device(DEVICE).scheduler(clock)
                .shape(new LoadShape.Closed(3, 2, null)).build();

        LoadReport report = pump(run, Duration.ofMillis(10));

        // the server counted what the report says, step by step (3 programs x 2 iterations)
        assertThat(count("login")).isEqualTo(6);
        assertThat(report.step("login").calls()).isEqualTo(6);
        assertThat(report.step("login").failed()).isZero();
        assertThat(count("work")).isEqualTo(72);
        assertThat(report.step("work").calls()).isEqualTo(72);
        assertThat(report.step("work").failed()).isZero();
        assertThat(count("upload")).isEqualTo(6);
        assertThat(report.step("upload").calls()).isEqualTo(6);
        assertThat(count("download")).isEqualTo(6);
        assertThat(report.step("download").calls()).isEqualTo(6);
        assertThat(socketMessages.get()).isEqualTo(12);
        assertThat(report.step("socket").calls()).isEqualTo(6);
        assertThat(report.step("socket").failed()).isZero();
        assertThat(report.programs()).isEqualTo(3);

        // L-1: twelve at once, yet the server never held more than 10 of one program; two waited in its gate
        assertThat(maxInFlight).containsOnlyKeys("0", "1", "2");
        maxInFlight.values().forEach(max -> assertThat(max.get()).isEqualTo(10));
        assertThat(report.step("work").queue()).isNotNull();
        assertThat(report.step("work").queue().count()).isEqualTo(72);
        assertThat(report.step("work").queue().max()).isGreaterThanOrEqualTo(19.9); // 20 ms of virtual time in the gate
        assertThat(report.step("work").wire().p50()).isBetween(19.9, 21.0);

        // B-2: the three calls in flight fail 5 s after the move to the background; a call made there fails at once
        assertThat(count("hold")).isEqualTo(18);
        assertThat(report.step("hold").failed()).isEqualTo(18);
        assertThat(report.step("in background").failed()).isEqualTo(6);
        assertThat(count("work")).as("the call made in the background never reached the server").isEqualTo(72);
        assertThat(report.errors()).extracting(e -> e.step() + " " + e.errMsg() + " " + e.rule() + " " + e.errno())
                .containsExactlyInAnyOrder(
                        "hold request:fail interrupted B-2 " + OptionalInt.of(600003),
                        "in background request:fail interrupted B-2 " + OptionalInt.of(600003));
        assertThat(report.summary()).contains("login", "work", "request:fail interrupted [B-2] errno 600003");
    }
}
