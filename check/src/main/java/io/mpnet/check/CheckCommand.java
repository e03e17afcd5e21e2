package io.mpnet.check;

import io.mpnet.policy.ApiKind;
import io.mpnet.policy.ConfigException;
import io.mpnet.policy.ConfigProblem;
import io.mpnet.policy.NetworkConfig;
import io.mpnet.policy.TlsConfig;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The command line: {@code java -jar check/target/mpnet-check.jar [--config mpnet.json|project-dir]
 * [--format text|json|junit] [URL...]}. Exit code 0 when nothing fails, 1 when a check fails (or warns,
 * with {@code --strict}), 2 for bad input.
 */
@Command(name = "mpnet-check", mixinStandardHelpOptions = true, version = "mpnet-check 0.1.0",
        sortOptions = false, usageHelpAutoWidth = true,
        description = {"Checks, before release, whether the phones will reach your servers: the mini-program platform's"
            + " domain, DNS, TLS, certificate, redirect and WebSocket rules, by rule id (docs/RULES.md).",
            "Exit code: 0 nothing failed, 1 a check failed (or warned, with --strict), 2 bad input."})
public final class CheckCommand implements Callable<Integer> {

    /** Exit code of a run where nothing failed. */
    public static final int OK = 0;
    /** Exit code of a run where a check failed. */
    public static final int FAILED = 1;
    /** Exit code of bad input: an unknown option, a missing file, a target that is no URL. */
    public static final int BAD_INPUT = 2;

    /** The output formats. */
    enum Format { text, json, junit }

    @Option(names = "--config", paramLabel = "mpnet.json|project-dir",
            description = "an mpnet.json, a folder holding one, or a mini-program project folder (project.config.json)")
    @Nullable Path config;

    @Option(names = "--format", defaultValue = "text", paramLabel = "text|json|junit",
            description = "the report's format (default ${DEFAULT-VALUE})")
    Format format = Format.text;

    @Option(names = "--strict", description = "warnings fail too (exit code 1)")
    boolean strict;

    @Option(names = "--trust-store", paramLabel = "file.p12",
            description = "the trust anchors (PKCS12) instead of the config's tls and the JDK's")
    @Nullable Path trustStore;

    @Option(names = "--trust-store-password", paramLabel = "password", defaultValue = "",
            description = "the password of --trust-store")
    String trustStorePassword = "";

    @Option(names = "--host", paramLabel = "name=address",
            description = "dial name at address (an IP literal), as the config's hosts map; for tests and staging")
    Map<String, String> hosts = new LinkedHashMap<>();

    @Option(names = "--probe-path", paramLabel = "kind=path",
            description = "the path requested per kind (request, uploadFile, downloadFile, socket), e.g. request=/health")
    Map<String, String> probePaths = new LinkedHashMap<>();

    @Option(names = "--ws-protocol", paramLabel = "protocol", description = "a WebSocket sub-protocol to offer")
    List<String> wsProtocols = new ArrayList<>();

    @Option(names = "--concurrency", defaultValue = "8", description = "targets probed at once (default ${DEFAULT-VALUE})")
    int concurrency = ComplianceCheck.DEFAULT_CONCURRENCY;

    @Option(names = "--timeout", defaultValue = "10s", paramLabel = "duration",
            description = "the time limit of each target: 10s, 500ms, PT1M (default ${DEFAULT-VALUE})")
    String timeout = "10s";

    @Parameters(paramLabel = "URL", arity = "0..*",
            description = "targets: https://api.example.com, wss://ws.example.com/chat, tcp.example.com:9000;"
                    + " without any, every domain of the config")
    List<String> urls = new ArrayList<>();

    private final PrintStream out;
    private final PrintStream err;
    private final boolean tty;

    CheckCommand(PrintStream out, PrintStream err, boolean tty) {
        this.out = out;
        this.err = err;
        this.tty = tty;
    }

    /** Runs the command and exits with its code. */
    public static void main(String[] args) {
        // The jar carries no logging backend on purpose: say nothing about its absence on a user's terminal.
        System.setProperty("slf4j.internal.verbosity", "ERROR");
        boolean tty = System.console() != null && System.getenv("NO_COLOR") == null;
        System.exit(run(args, System.out, System.err, tty));
    }

    /**
     * Runs the command with {@code args}, writing the report to {@code out} and problems (and, on a
     * terminal, the progress line) to {@code err}; returns the exit code. Colour and the progress line
     * only when {@code tty}.
     */
    public static int run(String[] args, PrintStream out, PrintStream err, boolean tty) {
        CommandLine cl = new CommandLine(new CheckCommand(out, err, tty))
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setOverwrittenOptionsAllowed(true) // a later option wins, so a script can override a default it passes
                .setOut(new java.io.PrintWriter(out, true))
                .setErr(new java.io.PrintWriter(err, true))
                .setExecutionExceptionHandler((e, line, parsed) -> {
                    err.println("mpnet-check: " + e.getMessage());
                    return BAD_INPUT;
                });
        cl.setParameterExceptionHandler((e, a) -> {
            err.println("mpnet-check: " + e.getMessage());
            e.getCommandLine().usage(err);
            return BAD_INPUT;
        });
        return cl.execute(args);
    }

    @Override
    public Integer call() {
        NetworkConfig cfg;
        try {
            cfg = withHosts(loadConfig());
        } catch (ConfigException e) {
            // The configuration itself breaks a rule (the validator's every problem): a failed check, not bad input.
            List<CheckResult> checks = new ArrayList<>();
            for (ConfigProblem p : e.problems()) {
                checks.add(TargetProbe.failure("configuration " + p.field(), p.rule(), p.message()));
            }
            ComplianceReport report = new ComplianceReport(List.of(new TargetReport(
                    config != null ? config.toString() : "configuration", "configuration", checks, Duration.ZERO)),
                    "none (the configuration was refused)", Duration.ZERO);
            print(report);
            return FAILED;
        } catch (BadInput e) {
            err.println("mpnet-check: " + e.getMessage());
            return BAD_INPUT;
        }
        Duration limit = parseTimeout();
        ComplianceCheck.Builder b = ComplianceCheck.builder(cfg).concurrency(concurrency).timeout(limit);
        if (trustStore != null) {
            if (!Files.isRegularFile(trustStore)) {
                throw new BadInput("--trust-store " + trustStore + " is not a file; give a PKCS12 trust store");
            }
            b.trustStore(new TlsConfig(trustStore.toAbsolutePath(), trustStorePassword).load());
        }
        probePaths.forEach((kind, path) -> b.probePath(kind(kind), path));
        b.socketProtocols(wsProtocols.toArray(String[]::new));
        AtomicInteger done = new AtomicInteger();
        AtomicInteger total = new AtomicInteger(); // known once built: the configured targets come from the check
        if (tty) {
            b.onTarget(r -> err.print("\r\u001b[2Kchecked " + done.incrementAndGet() + "/" + total.get() + ": "
                    + r.target() + " " + r.status()));
        }
        ComplianceCheck check = b.build(); // once: a build loads the config's trust store from disk
        List<String> targets = urls.isEmpty() ? check.configuredTargets() : urls;
        if (targets.isEmpty()) {
            throw new BadInput("nothing to check: give URLs, or a --config with domains");
        }
        total.set(targets.size());
        ComplianceReport report;
        try {
            report = check.run(targets).block(limit.multipliedBy(targets.size() + 1L));
        } catch (IllegalArgumentException e) {
            throw new BadInput(e.getMessage());
        }
        if (tty) {
            err.print("\r\u001b[2K");
            err.flush();
        }
        if (report == null) {
            throw new BadInput("the check produced no report");
        }
        print(report);
        return report.exitCode(strict);
    }

    private void print(ComplianceReport report) {
        out.print(switch (format) {
            case text -> ReportFormats.text(report, tty, strict);
            case json -> ReportFormats.json(report);
            case junit -> ReportFormats.junit(report, strict);
        });
        out.flush();
    }

    private NetworkConfig loadConfig() {
        if (config != null) {
            if (Files.isDirectory(config)) {
                return Files.isRegularFile(config.resolve("project.config.json"))
                        ? NetworkConfig.fromProject(config) : NetworkConfig.load(config);
            }
            if (!Files.isRegularFile(config)) {
                throw new BadInput("--config " + config + " is neither an mpnet.json nor a project folder");
            }
            return NetworkConfig.load(config);
        }
        if (urls.isEmpty()) {
            throw new BadInput("give --config mpnet.json (or a project folder), or the URLs to check");
        }
        // No config: each URL's own host counts as configured for its kind, so the other rules are judged.
        NetworkConfig.Builder b = NetworkConfig.builder().appId("wx0000000000000000").version("0");
        List<String> https = new ArrayList<>();
        List<String> wss = new ArrayList<>();
        List<String> tcp = new ArrayList<>();
        for (String u : urls) {
            String lower = u.toLowerCase(Locale.ROOT);
            int scheme = u.indexOf("://");
            String authority = scheme > 0 ? u.substring(scheme + 3).split("[/?#]", 2)[0] : u;
            if (lower.startsWith("https://")) {
                https.add("https://" + authority);
            } else if (lower.startsWith("wss://")) {
                wss.add("wss://" + authority.replaceFirst(":\\d+$", ""));
            } else if (scheme < 0 && u.matches("[^/\\s]+:\\d+")) {
                tcp.add(u.substring(0, u.lastIndexOf(':')));
            } else {
                throw new BadInput("target '" + u + "' is neither an https:// or wss:// URL nor host:port for tcp");
            }
        }
        return b.domains(ApiKind.REQUEST, https.toArray(String[]::new))
                .domains(ApiKind.CONNECT_SOCKET, wss.toArray(String[]::new))
                .domains(ApiKind.TCP, tcp.toArray(String[]::new)).source("the command line").build();
    }

    /** The config with {@code --host} entries added to its hosts map. */
    private NetworkConfig withHosts(NetworkConfig c) {
        if (hosts.isEmpty()) {
            return c;
        }
        Map<String, InetAddress> all = new LinkedHashMap<>(c.hosts());
        hosts.forEach((name, address) -> all.put(name.toLowerCase(Locale.ROOT), literal(name, address)));
        return new NetworkConfig(c.appId(), c.version(), c.profile(), c.urlCheck(), c.domains(), c.prefetchDns(),
                c.networkTimeout(), all, c.tls(), c.userAgent(), c.maxResponseBytes());
    }

    private static InetAddress literal(String name, String address) {
        if (!address.matches("[0-9.]+|[0-9a-fA-F:]*:[0-9a-fA-F:.]*")) {
            throw new BadInput("--host " + name + "=" + address + ": the address is not an IP literal; give one such as 127.0.0.1");
        }
        try {
            return InetAddress.getByName(address); // a literal only (checked above): no lookup
        } catch (UnknownHostException e) {
            throw new BadInput("--host " + name + "=" + address + ": " + e.getMessage());
        }
    }

    private static ApiKind kind(String name) {
        for (ApiKind k : List.of(ApiKind.REQUEST, ApiKind.UPLOAD_FILE, ApiKind.DOWNLOAD_FILE, ApiKind.CONNECT_SOCKET)) {
            if (k.configKey().equals(name) || k.apiName().equals(name)) {
                return k;
            }
        }
        throw new BadInput("--probe-path " + name + "=...: the kind is one of request, uploadFile, downloadFile, socket");
    }

    private Duration parseTimeout() {
        String t = timeout.trim().toLowerCase(Locale.ROOT);
        try {
            Duration d = t.endsWith("ms") ? Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)))
                    : t.endsWith("s") ? Duration.ofSeconds(Long.parseLong(t.substring(0, t.length() - 1)))
                    : Duration.parse(timeout.trim());
            if (d.isZero() || d.isNegative()) {
                throw new BadInput("--timeout " + timeout + " is not positive; give a time limit such as 10s");
            }
            return d;
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new BadInput("--timeout " + timeout + " is not a duration; give one such as 10s, 500ms or PT1M");
        }
    }

    /** Bad input: exit code 2 with the message. */
    static final class BadInput extends RuntimeException {

        private static final long serialVersionUID = 1L;

        BadInput(String message) {
            super(message);
        }
    }
}
