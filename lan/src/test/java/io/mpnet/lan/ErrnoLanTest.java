package io.mpnet.lan;

import static org.assertj.core.api.Assertions.assertThat;

import io.mpnet.policy.MpNetException;
import io.mpnet.runtime.MiniProgramNetwork;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import reactor.test.scheduler.VirtualTimeScheduler;

/**
 * E-1: the errno of each kind of failure of the LAN APIs, one row each, as a caller meets it; the
 * values are the platform's errno catalogue, listed in docs/RULES.md, "errno".
 */
class ErrnoLanTest extends LanTest {

    @ParameterizedTest(name = "{0} {1}: errMsg ''{3}'', errno {2}")
    @CsvSource(delimiter = '|', textBlock = """
        N-1 | a malformed service type        | 600005 | startLocalServiceDiscovery:fail invalid param
        N-1 | stopping a discovery not running | 600004 | stopLocalServiceDiscovery:fail task not found
        N-1 | stopping when none runs          | 600004 | stopLocalServiceDiscovery:fail task not found
        N-4 | the 21st TCP socket in 5 minutes | 600007 | tcp:fail exceed max task count
        P-12 | a TCP host off the LAN          | 600002 | tcp:fail url not in domain list
        """)
    void errnoOfEachFailure(String rule, String what, int errno, String errMsg) {
        MpNetException e = failure(what);
        assertThat(e.rule()).isEqualTo(rule);
        assertThat(e.errMsg()).isEqualTo(errMsg);
        assertThat(e.errno()).hasValue(errno);
    }

    MpNetException failure(String what) {
        try {
            switch (what) {
                case "a malformed service type" -> lan().discover("http").blockFirst(WAIT);
                case "stopping a discovery not running" -> lan().stopDiscovery("_http._tcp.").block(WAIT);
                case "stopping when none runs" -> lan().stopDiscoveries().block(WAIT);
                case "the 21st TCP socket in 5 minutes" -> {
                    VirtualTimeScheduler clock = VirtualTimeScheduler.create();
                    MiniProgramNetwork net = MiniProgramNetwork.builder(lanConfig().build()).resources(resources)
                            .device(DEVICE).scheduler(clock).build();
                    toClose.add(net);
                    LocalNetwork lan = LocalNetwork.builder(net).bindAddress(LOOPBACK).build();
                    toClose.add(lan);
                    for (int i = 0; i < 21; i++) {
                        lan.createTcpSocket().close();
                        clock.advanceTimeBy(Duration.ofSeconds(1));
                    }
                }
                case "a TCP host off the LAN" -> {
                    TcpSocket s = lan().createTcpSocket();
                    toClose.add(s::close);
                    s.connect("10.0.0.5", 4000).block(WAIT);
                }
                default -> throw new IllegalArgumentException(what);
            }
        } catch (MpNetException e) {
            return e;
        }
        throw new AssertionError("no failure: " + what);
    }
}
