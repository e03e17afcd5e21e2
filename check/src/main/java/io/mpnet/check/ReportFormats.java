package io.mpnet.check;

import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** The report as text (grouped by target, colour optional), JSON (Jackson) or JUnit XML. */
final class ReportFormats {

    private static final String RESET = "\u001b[0m";
    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private ReportFormats() {
    }

    /** The terminal report: one block per target, one line per check; ANSI colours only when {@code colour}. */
    static String text(ComplianceReport report, boolean colour, boolean strict) {
        StringBuilder sb = new StringBuilder();
        for (TargetReport t : report.targets()) {
            sb.append(paint(t.status(), "[" + t.status() + "]", colour)).append(' ').append(t.target())
                    .append("  (").append(t.kind()).append(", ").append(t.took().toMillis()).append(" ms)\n");
            for (CheckResult c : t.checks()) {
                sb.append("  ").append(paint(c.status(), String.format(Locale.ROOT, "%-4s", c.status()), colour))
                        .append(' ').append(String.format(Locale.ROOT, "%-5s", c.rule())).append(' ')
                        .append(c.name()).append(": ").append(c.seen()).append('\n');
                if (!c.fix().isEmpty()) {
                    sb.append("             fix: ").append(c.fix()).append('\n');
                }
            }
            sb.append('\n');
        }
        long failed = report.targets().stream().filter(t -> t.status() == Status.FAIL).count();
        long warned = report.targets().stream().filter(t -> t.status() == Status.WARN).count();
        sb.append("trust anchors: ").append(report.trustAnchors()).append('\n');
        sb.append(report.targets().size()).append(" targets: ").append(failed).append(" failed, ").append(warned)
                .append(" warned").append(strict ? " (warnings fail: --strict)" : "").append(", in ")
                .append(report.took().toMillis()).append(" ms\n");
        return sb.toString();
    }

    private static String paint(Status s, String text, boolean colour) {
        if (!colour) {
            return text;
        }
        String code = switch (s) {
            case PASS -> "\u001b[32m";
            case WARN -> "\u001b[33m";
            case FAIL -> "\u001b[31;1m";
        };
        return code + text + RESET;
    }

    /** The report as JSON: each check carries its rule id as a string ({@code "rule": "X-2"}). */
    static String json(ComplianceReport report) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("failed", report.failed());
        root.put("warned", report.warned());
        root.put("tookMillis", report.took().toMillis());
        root.put("trustAnchors", report.trustAnchors());
        List<Object> targets = new ArrayList<>();
        for (TargetReport t : report.targets()) {
            Map<String, Object> tm = new LinkedHashMap<>();
            tm.put("target", t.target());
            tm.put("kind", t.kind());
            tm.put("status", t.status().name());
            tm.put("tookMillis", t.took().toMillis());
            List<Object> checks = new ArrayList<>();
            for (CheckResult c : t.checks()) {
                Map<String, Object> cm = new LinkedHashMap<>();
                cm.put("name", c.name());
                cm.put("status", c.status().name());
                cm.put("rule", c.rule());
                cm.put("seen", c.seen());
                cm.put("fix", c.fix());
                checks.add(cm);
            }
            tm.put("checks", checks);
            targets.add(tm);
        }
        root.put("targets", targets);
        return JSON.writeValueAsString(root) + "\n";
    }

    /**
     * The report as JUnit XML, which CI systems show as test results: a suite per target, a test case per
     * check named by its rule and name; a failed check is a {@code <failure>}, a warning too when
     * {@code strict}, else its text is the case's {@code <system-out>}.
     */
    static String junit(ComplianceReport report, boolean strict) {
        StringWriter out = new StringWriter();
        try {
            XMLStreamWriter x = XMLOutputFactory.newInstance().createXMLStreamWriter(out);
            x.writeStartDocument("UTF-8", "1.0");
            x.writeCharacters("\n");
            x.writeStartElement("testsuites");
            x.writeAttribute("name", "mpnet-check");
            x.writeAttribute("tests", String.valueOf(report.targets().stream().mapToInt(t -> t.checks().size()).sum()));
            x.writeAttribute("failures", String.valueOf(count(report, strict)));
            x.writeAttribute("time", seconds(report.took().toMillis()));
            for (TargetReport t : report.targets()) {
                x.writeCharacters("\n  ");
                x.writeStartElement("testsuite");
                x.writeAttribute("name", t.target());
                x.writeAttribute("tests", String.valueOf(t.checks().size()));
                x.writeAttribute("failures", String.valueOf(t.checks().stream().filter(c -> fails(c, strict)).count()));
                x.writeAttribute("time", seconds(t.took().toMillis()));
                for (CheckResult c : t.checks()) {
                    x.writeCharacters("\n    ");
                    x.writeStartElement("testcase");
                    x.writeAttribute("classname", t.target());
                    x.writeAttribute("name", c.rule() + " " + c.name());
                    if (fails(c, strict)) {
                        x.writeStartElement("failure");
                        x.writeAttribute("type", c.rule());
                        x.writeAttribute("message", c.seen());
                        x.writeCharacters(c.status() + " " + c.rule() + " " + c.name() + ": " + c.seen() + "\nfix: " + c.fix());
                        x.writeEndElement();
                    } else if (c.status() == Status.WARN) {
                        x.writeStartElement("system-out");
                        x.writeCharacters("WARN " + c.rule() + " " + c.name() + ": " + c.seen() + "\nfix: " + c.fix());
                        x.writeEndElement();
                    }
                    x.writeEndElement();
                }
                x.writeCharacters("\n  ");
                x.writeEndElement();
            }
            x.writeCharacters("\n");
            x.writeEndElement();
            x.writeEndDocument();
            x.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("cannot write the JUnit XML: " + e.getMessage(), e);
        }
        return out + "\n";
    }

    private static boolean fails(CheckResult c, boolean strict) {
        return c.status() == Status.FAIL || (strict && c.status() == Status.WARN);
    }

    private static long count(ComplianceReport report, boolean strict) {
        return report.targets().stream().flatMap(t -> t.checks().stream()).filter(c -> fails(c, strict)).count();
    }

    private static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.3f", millis / 1000.0);
    }
}
