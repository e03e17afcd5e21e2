package io.mpnet.testing;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.UnaryOperator;
import reactor.core.publisher.Flux;
import reactor.netty.DisposableServer;
import reactor.netty.tcp.TcpServer;

/**
 * Loopback TCP servers that act as an outdated TLS server just far enough to fail a modern client
 * they read the client's ClientHello and answer with a handcrafted ServerHello of an old version,
 * or with a {@code protocol_version} alert. The JDK disables TLS 1.0 and 1.1 for every engine it makes,
 * so a real old server cannot be run in the test JVM; the first record the client reads is all the
 * version negotiation needs.
 */
public final class OldTlsServer {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private OldTlsServer() {
    }

    /**
     * A server whose ServerHello selects {@code version} (e.g. {@code 0x0302} for TLS 1.1) and one of
     * the client's TLS 1.2-or-older cipher suites, with no extensions, as a server knowing nothing newer
     * answers. Dispose it after the test.
     */
    public static DisposableServer serverHello(int version) {
        return answering(hello -> serverHelloRecord(version, pickSuite(hello)));
    }

    /** A server that answers every ClientHello with a fatal {@code protocol_version} alert. */
    public static DisposableServer protocolVersionAlert() {
        return answering(hello -> new byte[] {0x15, 0x03, 0x01, 0x00, 0x02, 0x02, 0x46});
    }

    private static DisposableServer answering(UnaryOperator<byte[]> answer) {
        return TcpServer.create().host("127.0.0.1").port(0)
                .handle((in, out) -> {
                    ByteArrayOutputStream seen = new ByteArrayOutputStream();
                    boolean[] answered = {false};
                    // The answer is written once the whole first record has arrived; the outbound ends
                    // when the client closes, which it does as soon as it reads the answer.
                    Flux<byte[]> replies = in.receive().asByteArray().handle((bytes, sink) -> {
                        seen.write(bytes, 0, bytes.length);
                        byte[] all = seen.toByteArray();
                        if (!answered[0] && all.length >= 5 && all.length >= 5 + recordLength(all)) {
                            answered[0] = true;
                            sink.next(answer.apply(all));
                        }
                    });
                    return out.sendByteArray(replies);
                })
                .bindNow(WAIT);
    }

    private static int recordLength(byte[] record) {
        return ((record[3] & 0xff) << 8) | (record[4] & 0xff);
    }

    /**
     * A cipher suite from the ClientHello (record header 5 bytes, handshake header 4, version 2,
     * random 32, session id, then the suites) that an old server could pick: a CBC suite if offered,
     * else the first that is not a TLS 1.3 suite or a signalling value.
     */
    private static int pickSuite(byte[] hello) {
        ByteBuffer b = ByteBuffer.wrap(hello);
        b.position(5 + 4 + 2 + 32);
        int sessionIdLength = b.get() & 0xff;
        b.position(b.position() + sessionIdLength);
        int suitesLength = b.getShort() & 0xffff;
        int fallback = -1;
        for (int i = 0; i < suitesLength / 2; i++) {
            int suite = b.getShort() & 0xffff;
            if (suite == 0xc009 || suite == 0xc013 || suite == 0x002f) {
                return suite;
            }
            boolean tls13 = (suite & 0xff00) == 0x1300;
            boolean signalling = suite == 0x00ff || suite == 0x5600;
            if (fallback < 0 && !tls13 && !signalling) {
                fallback = suite;
            }
        }
        return fallback >= 0 ? fallback : 0x002f;
    }

    private static byte[] serverHelloRecord(int version, int suite) {
        byte[] random = new byte[32];
        ThreadLocalRandom.current().nextBytes(random);
        int bodyLength = 2 + 32 + 1 + 2 + 1; // version, random, empty session id, suite, compression
        ByteBuffer b = ByteBuffer.allocate(5 + 4 + bodyLength);
        b.put((byte) 0x16).putShort((short) version).putShort((short) (4 + bodyLength)); // handshake record
        b.put((byte) 0x02).put((byte) 0).putShort((short) bodyLength);                  // server_hello
        b.putShort((short) version).put(random).put((byte) 0).putShort((short) suite).put((byte) 0);
        return b.array();
    }
}
