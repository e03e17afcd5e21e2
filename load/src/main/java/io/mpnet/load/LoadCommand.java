package io.mpnet.load;

import io.mpnet.policy.ConfigException;
import io.mpnet.policy.NetworkConfig;
import io.mpnet.runtime.MpNetResources;
import io.mpnet.runtime.NetworkConditions;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The command line, {@code mpnet-load}:
 *
 * <pre>
 * mpnet-load run scenario.json (--programs N [--iterations K] | --rate R [--ramp D]) [--duration D]
 *            [--config mpnet.json] [--network "Slow 4G" | --network 100/1600/750] [--shard i/n]
 *            [--json] [--html report.html] [--hist-log run.hlog]
 * mpnet-load merge run-1.hlog run-2.hlog ... [--json] [--html report.html]
 * </pre>
 *
 * Exit status: 0 when the run ended (whatever its calls did), 2 for bad arguments or a bad scenario
 * or configuration, 1 when the run itself broke.
 */
@Command(name = "mpnet-load", mixinStandardHelpOptions = true, version = "mpnet-load 0.1.0",
        description = "Simulated mini programs, each a MiniProgramNetwork, against a backend.",
        subcommands = {LoadCommand.Run.class, LoadCommand.Merge.class})
public final class LoadCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.@Nullable CommandSpec spec;

    /** Runs the command line and exits with its status. */
    public static void main(String[] args) {
        if (System.getProperty("logback.configurationFile") == null) { // before any logger exists
            System.setProperty("logback.configurationFile", "mpnet-load-logback.xml");
        }
        System.exit(execute(args, System.out, System.err));
    }

    /** Runs the command line, printing to {@code out} and {@code err}; returns the exit status. */
    public static int execute(String[] args, PrintStream out, PrintStream err) {
        CommandLine cli = new CommandLine(new LoadCommand());
        cli.setOut(new java.io.PrintWriter(out, true));
        cli.setErr(new java.io.PrintWriter(err, true));
        cli.setExecutionExceptionHandler((e, line, parsed) -> {
            if (e instanceof ScenarioException || e instanceof ConfigException || e instanceof IllegalArgumentException) {
                err.println(e.getMessage());
                return 2;
            }
            err.println("mpnet-load: the run broke: " + e);
            return 1;
        });
        try {
            return cli.execute(args);
        } finally { // picocli prints help with print(), which an auto-flushing writer does not flush
            cli.getOut().flush();
            cli.getErr().flush();
        }
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(java.util.Objects.requireNonNull(spec).commandLine(),
                "give a command: run or merge");
    }

    /** Where the report goes: the summary (or JSON) to standard output, HTML to a file. */
    abstract static class Output {
        @Option(names = "--json", description = "print the report as JSON instead of the summary")
        boolean json;

        @Option(names = "--html", paramLabel = "FILE", description = "write the HTML report (one self-contained file)")
        @Nullable Path html;

        @CommandLine.Spec
        CommandLine.Model.@Nullable CommandSpec spec;

        void report(LoadReport report) {
            PrintStream out = printer();
            out.print(json ? report.toJson() + "\n" : report.summary());
            if (html != null) {
                try {
                    Files.writeString(html, report.toHtml(), StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot write the HTML report " + html, e);
                }
                if (!json) {
                    out.println("HTML report: " + html);
                }
            }
            out.flush();
        }

        PrintStream printer() {
            return new PrintStream(new WriterStream(java.util.Objects.requireNonNull(spec).commandLine().getOut()), true,
                    StandardCharsets.UTF_8);
        }

        PrintStream errors() {
            return new PrintStream(new WriterStream(java.util.Objects.requireNonNull(spec).commandLine().getErr()), true,
                    StandardCharsets.UTF_8);
        }
    }

    /** {@code run}: one run, or one shard of it. */
    @Command(name = "run", mixinStandardHelpOptions = true,
            description = "Run a scenario: closed (--programs) or open (--rate).")
    static final class Run extends Output implements Callable<Integer> {

        @Parameters(index = "0", paramLabel = "SCENARIO", description = "the scenario file (JSON)")
        Path scenario = Path.of("scenario.json");

        @Option(names = "--programs", paramLabel = "N", description = "closed model: N programs, each looping the scenario")
        @Nullable Integer programs;

        @Option(names = "--iterations", paramLabel = "K",
                description = "iterations per program (closed: default until --duration; open: default 1)")
        @Nullable Integer iterations;

        @Option(names = "--rate", paramLabel = "R", description = "open model: R programs arriving per second")
        @Nullable Double rate;

        @Option(names = "--ramp", paramLabel = "D", description = "open model: the rate grows from 0 over D (default 0s)")
        String ramp = "0s";

        @Option(names = "--duration", paramLabel = "D",
                description = "closed: how long programs start iterations; open: how long arrivals come at full rate")
        @Nullable String duration;

        @Option(names = "--config", paramLabel = "FILE", description = "the mpnet.json (default: the scenario's 'config')")
        @Nullable Path config;

        @Option(names = "--network", paramLabel = "NET", description = "every program's network conditions,"
                + " instead of the scenario's 'network': a preset (No throttling, Fast 4G, Slow 4G, 3G, Offline)"
                + " or latencyMs/downKbps/upKbps, e.g. 100/1600/750 (0: unlimited)")
        @Nullable String network;

        @Option(names = "--shard", paramLabel = "i/n", description = "run part i of n (from 1), e.g. 2/4")
        String shard = "1/1";

        @Option(names = "--hist-log", paramLabel = "FILE", description = "write the HdrHistogram interval log (for merge)")
        @Nullable Path histLog;

        @Option(names = "--max-connections", paramLabel = "N", description = "pooled connections per host (default 500)")
        int maxConnections = MpNetResources.DEFAULT_MAX_CONNECTIONS;

        @Override
        public Integer call() throws IOException {
            LoadShape shape = shape(); // the arguments first: a typo costs no file read
            int[] part = shard(shard);
            NetworkConditions conditions = network == null ? null : NetworkSetting.parseOption(network);
            Scenario s = Scenario.load(scenario);
            Path configFile = config != null ? config : s.config();
            if (configFile == null) {
                throw new IllegalArgumentException(scenario + ": no configuration; give --config mpnet.json, or"
                        + " \"config\": \"mpnet.json\" in the scenario");
            }
            NetworkConfig net = NetworkConfig.load(configFile);
            OutputStream log = histLog == null ? null : Files.newOutputStream(histLog);
            PrintStream err = errors();
            try (MpNetResources resources = MpNetResources.create("mpnet-load", maxConnections)) {
                LoadRun.Builder b = LoadRun.builder(s, net).resources(resources).shape(shape).shard(part[0], part[1])
                        .progress(progressPrinter(err, System.console() != null));
                if (log != null) {
                    b.histogramLog(log);
                }
                if (conditions != null) {
                    b.network(conditions);
                }
                LoadRun run = b.build();
                err.println("mpnet-load: " + run.describe());
                if (!net.urlCheck()) {
                    err.println("mpnet-load: " + configFile + " has urlCheck=false, so domain, TLS-version and certificate"
                            + " checks are OFF in every program (P-13)");
                }
                LoadReport report = run.run().block();
                if (System.console() != null) {
                    err.println();
                }
                report(java.util.Objects.requireNonNull(report));
                if (histLog != null && !json) {
                    printer().println("interval log: " + histLog);
                }
            } finally {
                if (log != null) {
                    log.close();
                }
            }
            return 0;
        }

        private LoadShape shape() {
            if ((programs == null) == (rate == null)) {
                throw new IllegalArgumentException("give either --programs N (closed model) or --rate R (open model)");
            }
            Duration d = duration == null ? null : duration("--duration", duration);
            if (programs != null) {
                if (d == null && iterations == null) {
                    throw new IllegalArgumentException("--programs needs --duration D or --iterations K");
                }
                return new LoadShape.Closed(programs, iterations == null ? 0 : iterations, d);
            }
            if (d == null) {
                throw new IllegalArgumentException("--rate needs --duration D (how long arrivals come at full rate)");
            }
            return new LoadShape.Open(rate, duration("--ramp", ramp), d, iterations == null ? 1 : iterations);
        }

        private static Duration duration(String option, String text) {
            Duration d = ScenarioReader.parseDuration(text);
            if (d == null) {
                throw new IllegalArgumentException(option + " '" + text + "': not a duration; write e.g. 30s, 500ms, 2m or 1h");
            }
            return d;
        }

        static int[] shard(String text) {
            String[] p = text.split("/", -1);
            try {
                if (p.length == 2) {
                    int i = Integer.parseInt(p[0].trim());
                    int n = Integer.parseInt(p[1].trim());
                    if (n >= 1 && i >= 1 && i <= n) {
                        return new int[] {i - 1, n};
                    }
                }
            } catch (NumberFormatException e) {
                // worded below
            }
            throw new IllegalArgumentException("--shard '" + text + "': write i/n with 1 <= i <= n, e.g. 2/4 for the"
                    + " second of four machines");
        }
    }

    /** {@code merge}: one report from the interval logs of any number of runs or shards. */
    @Command(name = "merge", mixinStandardHelpOptions = true,
            description = "Merge HdrHistogram interval logs of shards into one report.")
    static final class Merge extends Output implements Callable<Integer> {

        @Parameters(paramLabel = "LOG", arity = "1..*", description = "interval logs written by run --hist-log")
        List<Path> logs = List.of();

        @Override
        public Integer call() {
            for (Path log : logs) {
                if (!Files.isReadable(log)) {
                    throw new IllegalArgumentException(log + ": no readable interval log; name the files written by"
                            + " mpnet-load run --hist-log");
                }
            }
            report(LoadReport.of("merged from " + logs.size() + (logs.size() == 1 ? " interval log" : " interval logs")
                    + ": " + logs.stream().map(Path::toString).reduce((a, b) -> a + ", " + b).orElse(""),
                    Intervals.read(logs)));
            return 0;
        }
    }

    /**
     * The live progress: on a terminal one line rewritten in place every interval; otherwise a plain
     * line every fifth interval, as a log reader wants it.
     */
    static Consumer<Progress> progressPrinter(PrintStream err, boolean terminal) {
        int[] ticks = {0};
        return p -> {
            if (terminal) {
                String line = p.line();
                err.print("\r" + line + " ".repeat(Math.max(0, 100 - line.length())));
                err.flush();
            } else if (++ticks[0] % 5 == 0) {
                err.println(p.line());
            }
        };
    }

    /** A {@code PrintStream} over picocli's writer, so output goes where the caller set it. */
    private static final class WriterStream extends OutputStream {
        private final java.io.PrintWriter writer;

        WriterStream(java.io.PrintWriter writer) {
            this.writer = writer;
        }

        @Override
        public void write(int b) {
            writer.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            writer.write(new String(b, off, len, StandardCharsets.UTF_8));
        }

        @Override
        public void flush() {
            writer.flush();
        }
    }
}
