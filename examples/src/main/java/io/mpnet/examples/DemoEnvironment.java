package io.mpnet.examples;

import io.mpnet.policy.ApiKind;
import io.mpnet.policy.NetworkConfig;
import io.mpnet.runtime.MiniProgramNetwork;
import io.mpnet.runtime.MpNetResources;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Everything an example runs against, started in order and closed in reverse: the throwaway CA,
 * the {@link Backend}, the shipped {@code mpnet.json} with the backend's port filled in, and a
 * runtime built from it. Nothing leaves the machine: {@code hosts} maps every example name to
 * 127.0.0.1, and the policy refuses other URLs before any I/O.
 */
final class DemoEnvironment implements AutoCloseable {

    /** The classpath resource the examples ship: {@code examples/src/main/resources/mpnet.json}. */
    static final String CONFIG_RESOURCE = "/mpnet.json";

    /** The port the shipped file names; the backend listens wherever the OS lets it. */
    static final String SHIPPED_PORT = "8443";

    final Transcript out;
    final Backend backend;
    final NetworkConfig config;
    final MpNetResources resources;
    /** The runtime the steps call through, built from {@link #config}. */
    final MiniProgramNetwork net;

    private final Path dir;
    /** What {@link #close()} closes, in reverse order; none of it throws a checked exception. */
    private final List<Runnable> toClose = new ArrayList<>();

    private DemoEnvironment(Transcript out) throws IOException {
        this.out = out;
        this.dir = Files.createTempDirectory("mpnet-demo");
        toClose.add(this::deleteDir);
        try {
            DemoPki pki = DemoPki.create(Backend.NAMES.toArray(String[]::new));
            this.backend = Backend.start(pki);
            toClose.add(backend::close);
            // The shipped file names port 8443, but the backend listens where the OS let it: the demo
            // loads a copy naming the real port, with the throwaway root where tls.trustStore points.
            Path file = dir.resolve(NetworkConfig.DEFAULT_FILE_NAME);
            Files.writeString(file, shippedConfig().replace(":" + SHIPPED_PORT + "\"", ":" + backend.port() + "\""));
            pki.writeTrustStore(dir.resolve("certs").resolve("demo-root.p12"));
            this.config = NetworkConfig.load(file);
            this.resources = MpNetResources.create("mpnet-demo", 50);
            toClose.add(resources::close);
            this.net = runtime();

            out.say("a throwaway CA was made for this run: %s", pki.root().getSubjectX500Principal().getName());
            out.say("backend: HTTPS on 127.0.0.1:%d for %s", backend.port(), String.join(", ", Backend.NAMES));
            out.say("config: NetworkConfig.load(mpnet.json), the file shipped in examples/src/main/resources,");
            out.say("        with port %s replaced by the backend's port %d (copy in %s)", SHIPPED_PORT, backend.port(), dir);
            out.say("hosts:  %s -> 127.0.0.1 (from mpnet.json: nothing leaves this machine)",
                    String.join(", ", config.hosts().keySet()));
            out.say("tls:    tls.trustStore = certs/demo-root.p12 beside the copy, holding only the throwaway root");
            out.say("domains.request: %s", config.domains(ApiKind.REQUEST));
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Starts the environment, printing how it was set up. */
    static DemoEnvironment start(Transcript out) throws IOException {
        return new DemoEnvironment(out);
    }

    /** A new runtime built from {@link #config} on the shared resources, closed with the environment. */
    MiniProgramNetwork runtime() {
        return runtime(builder());
    }

    /** A builder for a runtime from {@link #config} on the shared resources, for a step that needs its own. */
    MiniProgramNetwork.Builder builder() {
        return MiniProgramNetwork.builder(config).resources(resources);
    }

    /** Builds {@code builder}'s runtime and closes it with the environment. */
    MiniProgramNetwork runtime(MiniProgramNetwork.Builder builder) {
        MiniProgramNetwork n = builder.build();
        toClose.add(n::close);
        return n;
    }

    /** The https URL of {@code path} on the backend, known as {@code host} (one of {@link Backend#NAMES}). */
    String url(String host, String path) {
        return "https://" + host + ":" + backend.port() + path;
    }

    /** The https URL of {@code path} on {@code api.example.com}, the request domain. */
    String api(String path) {
        return url("api.example.com", path);
    }

    /** Closes the runtimes, the resources and the backend, and deletes the config copy. */
    @Override
    public void close() {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).run();
        }
        toClose.clear();
    }

    private void deleteDir() {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String shippedConfig() {
        try (InputStream in = DemoEnvironment.class.getResourceAsStream(CONFIG_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(CONFIG_RESOURCE + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
