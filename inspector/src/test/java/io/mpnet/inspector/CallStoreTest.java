package io.mpnet.inspector;

import static org.assertj.core.api.Assertions.assertThat;

import io.mpnet.policy.ApiKind;
import io.mpnet.runtime.NetworkEvent.CallAdmitted;
import io.mpnet.runtime.NetworkEvent.CallCompleted;
import io.mpnet.runtime.NetworkEvent.CallStarted;
import io.mpnet.runtime.NetworkEvent.Direction;
import io.mpnet.runtime.NetworkEvent.EventsDropped;
import io.mpnet.runtime.NetworkEvent.LanTraffic;
import io.mpnet.runtime.NetworkEvent.ResponseHeaders;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The store on its own: what it keeps of each event, in which order, and what it hides. */
class CallStoreTest {

    static CallStarted started(long id, Map<String, String> header) {
        return new CallStarted(id, 1000 + id, ApiKind.REQUEST, "GET", "https://api.example.com/" + id, header, null);
    }

    @Test
    @DisplayName("credential headers are masked whatever their case; other headers are kept as sent")
    void masksAnyCase() {
        CallStore store = new CallStore(10, true);
        store.accept("a", started(1, Map.of("authorization", "Bearer x", "COOKIE", "a=b; c=d", "X-Trace", "t1")));
        store.accept("a", new ResponseHeaders(1, 1001, 200, Map.of("set-cookie", "s=1; Path=/"),
                List.of("s=1; Path=/", "t=2; HttpOnly")));
        CallRecord c = store.map(r -> r).get(0);
        assertThat(c.requestHeaders).containsEntry("authorization", "(masked)").containsEntry("COOKIE", "(masked)")
                .containsEntry("X-Trace", "t1");
        assertThat(c.responseHeaders).containsEntry("set-cookie", "(masked)");
        assertThat(c.requestCookies).extracting(CallRecord.Cookie::name).containsExactly("a", "c");
        assertThat(c.requestCookies).extracting(CallRecord.Cookie::value).containsOnly("(masked)");
        assertThat(c.responseCookies).as("every Set-Cookie, masked")
                .containsExactly(new CallRecord.Cookie("s", "(masked)"), new CallRecord.Cookie("t", "(masked)"));
    }

    @Test
    @DisplayName("the oldest call goes first when the store is full, and its late events make no row without a start")
    void evictsOldest() {
        CallStore store = new CallStore(2, true);
        for (long id = 1; id <= 3; id++) {
            store.accept("a", started(id, Map.of()));
        }
        store.accept("a", new CallAdmitted(1, 1010, 0));
        store.accept("a", new CallCompleted(1, 1020, 200, null, 1, null));
        assertThat(store.map(c -> c.callId)).containsExactly(2L, 3L);
    }

    @Test
    @DisplayName("dropped events are counted from each EventsDropped report")
    void countsDropped() {
        CallStore store = new CallStore(2, true);
        store.accept("a", new EventsDropped(0, 5, 7));
        store.accept("b", new EventsDropped(0, 6, 3));
        assertThat(store.dropped()).isEqualTo(10);
        assertThat(store.map(c -> c)).isEmpty();
    }

    @Test
    @DisplayName("N-1 LAN traffic makes a row per socket, with its datagrams as frames")
    void lanTraffic() {
        CallStore store = new CallStore(2, true);
        store.accept("a", new LanTraffic(4, 10, "udp", Direction.SENT, "192.168.50.20:9000", 12));
        store.accept("a", new LanTraffic(4, 11, "udp", Direction.RECEIVED, "192.168.50.20:9000", 30));
        CallRecord c = store.map(r -> r).get(0);
        assertThat(c.api).isEqualTo("udp");
        assertThat(c.url).isEqualTo("udp://192.168.50.20:9000");
        assertThat(c.frames).extracting(CallRecord.Frame::size).containsExactly(12, 30);
    }

    @Test
    @DisplayName("N-2 a LAN socket reported bound is a row named by its own address, open until it is reported closed")
    void lanLifecycle() {
        CallStore store = new CallStore(2, true);
        store.accept("a", new io.mpnet.runtime.NetworkEvent.LanSocketOpened(5, 10, "udp", "0.0.0.0:40000"));
        CallRecord c = store.map(r -> r).get(0);
        assertThat(c.state).isEqualTo("open");
        store.accept("a", new LanTraffic(5, 11, "udp", Direction.SENT, "192.168.50.20:9000", 12));
        assertThat(c.url).as("named by its address, not by a peer").isEqualTo("udp://0.0.0.0:40000");
        assertThat(c.peer).isEqualTo("192.168.50.20:9000");
        store.accept("a", new io.mpnet.runtime.NetworkEvent.LanSocketClosed(5, 20, "udp"));
        assertThat(c.state).isEqualTo("closed");
        assertThat(c.endAt).isEqualTo(20);
    }

    @Test
    @DisplayName("a page listening gets the kept calls first, then each change, and nothing after it stops")
    void replayThenChanges() {
        CallStore store = new CallStore(10, true);
        store.accept("a", started(1, Map.of()));
        List<Long> seen = new ArrayList<>();
        Runnable stop = store.listen(c -> seen.add(c.callId));
        store.accept("a", started(2, Map.of()));
        stop.run();
        store.accept("a", started(3, Map.of()));
        assertThat(seen).containsExactly(1L, 2L);
    }

    @Test
    @DisplayName("a page that stops while it is told of a change (a take(n) downstream) leaves the others listening")
    void stopWhileTold() {
        CallStore store = new CallStore(10, true);
        List<Long> first = new ArrayList<>();
        List<Long> second = new ArrayList<>();
        Runnable[] stop = new Runnable[1];
        stop[0] = store.listen(c -> {
            first.add(c.callId);
            stop[0].run(); // on the telling thread, under the store's lock, as a cancelled page stream does
        });
        store.listen(c -> second.add(c.callId));
        store.accept("a", started(1, Map.of()));
        store.accept("a", started(2, Map.of()));
        assertThat(first).containsExactly(1L);
        assertThat(second).containsExactly(1L, 2L);
    }
}
