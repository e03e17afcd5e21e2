package io.mpnet.benchmarks;

import io.mpnet.testing.TestPki;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * The loopback server every client of a benchmark talks to: Reactor Netty on 127.0.0.1, port 0,
 * keep-alive, {@code GET /json} answering {@link RequestBenchmark#BODY}; over TLS when made with
 * {@link #https()}, presenting a throwaway certificate for {@value #HOST} and for {@code 127.0.0.1}, so
 * mpnet reaches it by name (mapped by the config's {@code hosts}) and the other clients by IP, and no
 * client ever asks DNS.
 */
final class JsonServer implements AutoCloseable {

    /** The name mpnet uses for the TLS server; the config maps it to 127.0.0.1. */
    static final String HOST = "api.example.com";

    private final DisposableServer server;
    private final @Nullable TestPki pki;

    private JsonServer(@Nullable TestPki pki) {
        this.pki = pki;
        HttpServer s = HttpServer.create().host("127.0.0.1").port(0)
                .route(r -> r.get("/json", (req, res) -> res.header("content-type", "application/json")
                        .sendString(Mono.just(RequestBenchmark.BODY))));
        if (pki != null) {
            io.netty.handler.ssl.SslContext context = pki.issue(TestPki.Leaf.GOOD, HOST, "127.0.0.1").sslContext(false);
            s = s.secure(spec -> spec.sslContext(context));
        }
        this.server = s.bindNow(Duration.ofSeconds(10));
    }

    static JsonServer http() {
        return new JsonServer(null);
    }

    static JsonServer https() {
        return new JsonServer(TestPki.create());
    }

    boolean secure() {
        return pki != null;
    }

    int port() {
        return server.port();
    }

    /** {@code http://127.0.0.1:port} or {@code https://127.0.0.1:port}. */
    String ipBase() {
        return (secure() ? "https" : "http") + "://127.0.0.1:" + port();
    }

    TestPki pki() {
        if (pki == null) {
            throw new IllegalStateException("a plain server has no PKI");
        }
        return pki;
    }

    /** A trust manager trusting the throwaway root only. */
    X509TrustManager trustManager() {
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(pki().trustStore());
            return (X509TrustManager) tmf.getTrustManagers()[0];
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A JDK TLS context trusting the throwaway root only. */
    SSLContext sslContext() {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new X509TrustManager[] {trustManager()}, null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    KeyStore trustStore() {
        return pki().trustStore();
    }

    @Override
    public void close() {
        server.disposeNow(Duration.ofSeconds(10));
    }
}
