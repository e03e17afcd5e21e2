package io.mpnet.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.mpnet.testing.Await;
import io.mpnet.testing.TestPki;
import io.mpnet.testing.TestPki.Leaf;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * connectSocket against an independent WebSocket implementation: Node's {@code ws} package over
 * TLS from the test PKI ({@code src/test/node/echo-server.js}). Skipped, saying why, when
 * {@code node} or the package is missing; {@code .ci/run} installs the package with
 * {@code npm ci --prefix runtime/src/test/node}.
 */
class NodeInteropTest extends LoopbackTest {

    static final Path NODE_DIR = Path.of("src", "test", "node");
    static final String HOST = SocketTest.HOST;

    static Process node;
    static int port;
    /** What the server printed after its port: one "CLOSED code reason" line per closed socket. */
    static final BlockingQueue<String> printed = new LinkedBlockingQueue<>();
    static TestPki pki;

    @BeforeAll
    static void startNode(@TempDir Path dir) throws Exception {
        assumeTrue(nodeWorks(), "node is not on the PATH; install Node.js to run the interop test");
        assumeTrue(Files.isDirectory(NODE_DIR.resolve("node_modules/ws")), "Node's ws package is not installed;"
                + " run: npm ci --prefix runtime/src/test/node");
        pki = TestPki.create();
        TestPki.ServerCert cert = pki.issue(Leaf.GOOD, HOST);
        StringBuilder chain = new StringBuilder();
        for (X509Certificate c : cert.chain()) {
            chain.append(pem("CERTIFICATE", der(c)));
        }
        Path certFile = Files.writeString(dir.resolve("chain.pem"), chain);
        Path keyFile = Files.writeString(dir.resolve("key.pem"), pem("PRIVATE KEY", cert.key().getEncoded()));
        node = new ProcessBuilder("node", "echo-server.js", certFile.toAbsolutePath().toString(),
                keyFile.toAbsolutePath().toString())
                .directory(NODE_DIR.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8));
        Thread reader = new Thread(() -> {
            try {
                for (String line; (line = out.readLine()) != null; ) {
                    printed.add(line);
                }
            } catch (IOException e) {
                // the process ended
            }
        }, "node-echo-server-stdout");
        reader.setDaemon(true);
        reader.start();
        String first = printed.poll(30, TimeUnit.SECONDS);
        assertThat(first).as("the Node server's first line").startsWith("PORT ");
        port = Integer.parseInt(first.substring(5).trim());
    }

    @AfterAll
    static void stopNode() throws Exception {
        if (node != null) {
            node.getOutputStream().close(); // the script exits when its stdin closes
            if (!node.waitFor(10, TimeUnit.SECONDS)) {
                node.destroyForcibly();
            }
        }
    }

    static boolean nodeWorks() {
        try {
            Process p = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    static byte[] der(X509Certificate c) {
        try {
            return c.getEncoded();
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    MiniProgramNetwork net() {
        return runtime(MiniProgramNetwork.builder(SocketTest.socketConfig().build()).trustStore(pki.trustStore()));
    }

    static String url(String path) {
        return "wss://" + HOST + ":" + port + path;
    }

    SocketTest.Open open(MiniProgramNetwork net, SocketOptions options) {
        SocketTask task = net.connectSocket(options).block(WAIT);
        BlockingQueue<SocketEvent> q = new LinkedBlockingQueue<>();
        task.events().subscribe(q::add);
        return new SocketTest.Open(task, q);
    }

    /** The next line Node printed that starts with {@code prefix}; earlier sockets' lines are skipped. */
    String closedAtNode(String prefix) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        for (String line; (line = printed.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS)) != null; ) {
            if (line.startsWith(prefix)) {
                return line;
            }
        }
        throw new AssertionError("Node printed no line starting with '" + prefix + "' within " + WAIT);
    }

    @Test
    @DisplayName("S-2 interop: text and binary messages round-trip through Node's ws over TLS")
    void echo() throws Exception {
        SocketTest.Open o = open(net(), SocketOptions.of(url("/echo")));
        o.opened();
        o.task().send("你好, ws").block(WAIT);
        assertThat(o.message().text()).isEqualTo("你好, ws");
        byte[] bytes = new byte[70_000]; // past 64 KiB: a 64-bit frame length
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) i;
        }
        o.task().send(bytes).block(WAIT);
        assertThat(o.message().bytes()).isEqualTo(bytes);
        o.task().close().block(WAIT);
        assertThat(closedAtNode("CLOSED 1000")).isEqualTo("CLOSED 1000 ");
    }

    @Test
    @DisplayName("S-1 interop: Node's ws sees the headers, the fixed Referer (P-9) and the URL's Host, picks the sub-protocol, deflates")
    void handshake() throws Exception {
        MiniProgramNetwork net = net();
        SocketTest.Open o = open(net, SocketOptions.builder(url("/echo")).header("X-Token", "t1")
                .header("Referer", "https://evil.example.com/").header("Host", "evil.example.org")
                .protocols("chat", "superchat").perMessageDeflate(true).build());
        SocketEvent.Open opened = o.opened();
        assertThat(opened.protocol()).isEqualTo("superchat");
        o.task().send("handshake?").block(WAIT);
        String seen = o.message().text();
        // as received: Node spells the header Sec-WebSocket-Extensions
        assertThat(opened.header().get("Sec-WebSocket-Extensions")).isEqualTo("permessage-deflate");
        assertThat(seen).contains("\"x-token\":\"t1\"")
                .contains("\"referer\":\"" + net.config().referer() + "\"")
                .contains("\"host\":\"" + HOST + ":" + port + "\"")
                .contains("\"protocol\":\"superchat\"")
                .contains("permessage-deflate");
        String big = "deflate me ".repeat(10_000);
        o.task().send(big).block(WAIT);
        assertThat(o.message().text()).isEqualTo(big);
        o.task().close(4000, "done").block(WAIT);
        assertThat(closedAtNode("CLOSED 4000")).isEqualTo("CLOSED 4000 done");
    }

    @Test
    @DisplayName("S-7 interop: a compressed message from Node's ws over maxMessageBytes ends the socket with 1009, and Node sees 1009")
    void messageTooBig() throws Exception {
        MiniProgramNetwork net = net();
        SocketTest.Open o = open(net, SocketOptions.builder(url("/echo")).perMessageDeflate(true)
                .maxMessageBytes(1 << 20).build());
        o.opened();
        o.task().send("a".repeat(2 << 20)).block(WAIT); // Node echoes it compressed: a few KiB on the wire
        SocketEvent.Error error = (SocketEvent.Error) o.next();
        assertThat(error.error().rule()).isEqualTo("S-7");
        assertThat(o.next()).isEqualTo(new SocketEvent.Close(1009, "message over maxMessageBytes (1048576 bytes)"));
        assertThat(closedAtNode("CLOSED 1009")).startsWith("CLOSED 1009 ");
        Await.until(WAIT, "the runtime's open sockets to be 0", net::openSockets, n -> n == 0);
        assertThat(net.openSockets()).isZero();
    }

    @Test
    @DisplayName("S-2 interop: Node's close code and reason reach the close event")
    void nodeCloses() throws Exception {
        MiniProgramNetwork net = net();
        SocketTest.Open o = open(net, SocketOptions.of(url("/close")));
        o.opened();
        assertThat(o.next()).isEqualTo(new SocketEvent.Close(4002, "node bye"));
        assertThat(closedAtNode("CLOSED 4002")).isEqualTo("CLOSED 4002 node bye");
    }

    @Test
    @DisplayName("S-5 interop: Node terminating the connection gives an error event, then close 1006")
    void nodeDrops() throws Exception {
        MiniProgramNetwork net = net();
        SocketTest.Open o = open(net, SocketOptions.of(url("/drop")));
        o.opened();
        o.task().send("bye").block(WAIT);
        assertThat(o.next()).isInstanceOf(SocketEvent.Error.class);
        assertThat(o.next()).isEqualTo(new SocketEvent.Close(1006, "abnormal closure"));
        closedAtNode("CLOSED 1006");
    }
}
