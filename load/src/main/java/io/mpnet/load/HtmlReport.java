package io.mpnet.load;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;

/**
 * The HTML report: one file, its charts inline SVG drawn here, no script, no font, nothing fetched.
 * Its Content-Security-Policy forbids every fetch, so a browser opening it from disk loads nothing
 * else. Hand-written on purpose: a chart library would be a script or a network fetch.
 */
final class HtmlReport {

    private static final int W = 720;
    private static final int H = 220;
    private static final int LEFT = 56;
    private static final int BOTTOM = 28;
    private static final int TOP = 26;
    private static final int RIGHT = 16;
    private static final String[] COLORS = {"#2563eb", "#d97706", "#dc2626", "#059669", "#7c3aed", "#db2777"};

    private HtmlReport() {
    }

    static String render(LoadReport r) {
        StringBuilder b = new StringBuilder(32 * 1024);
        b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src 'none'\">\n")
                .append("<title>mpnet-load report</title>\n<style>")
                .append("body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#111;max-width:980px}")
                .append("table{border-collapse:collapse;margin:8px 0 20px}td,th{padding:3px 10px;border-bottom:1px solid #ddd;text-align:right}")
                .append("td:first-child,th:first-child{text-align:left}h2{margin-top:28px;font-size:17px}")
                .append("svg{background:#fafafa;border:1px solid #e5e5e5}svg text{font:11px sans-serif;fill:#444}")
                .append(".legend span{display:inline-block;margin-right:14px}.legend i{display:inline-block;width:12px;height:3px;margin-right:4px;vertical-align:middle}")
                .append("</style></head><body>\n");
        b.append("<h1>mpnet-load report</h1>\n<p>").append(esc(r.run())).append("</p>\n");
        b.append(String.format(Locale.ROOT, "<p><b>%d</b> calls in %.1f s (%.0f calls/s), <b>%d</b> failed, %d programs ended.</p>%n",
                r.calls(), r.seconds(), r.seconds() > 0 ? r.calls() / r.seconds() : 0.0, r.failed(), r.programs()));

        b.append("<h2>Steps</h2>\n<table id=\"steps\"><tr><th>step</th><th>calls</th><th>failed</th><th>p50 ms</th>")
                .append("<th>p90 ms</th><th>p99 ms</th><th>p99.9 ms</th><th>max ms</th><th>gate queue p99 ms</th><th>wire p99 ms</th></tr>\n");
        for (LoadReport.StepStats s : r.steps()) {
            b.append("<tr><td>").append(esc(s.name())).append("</td><td>").append(s.calls()).append("</td><td>")
                    .append(s.failed()).append("</td>").append(td(s.latency().p50())).append(td(s.latency().p90()))
                    .append(td(s.latency().p99())).append(td(s.latency().p999())).append(td(s.latency().max()))
                    .append(s.queue() == null ? "<td>-</td>" : td(s.queue().p99())).append(td(s.wire().p99()))
                    .append("</tr>\n");
        }
        b.append("</table>\n");

        List<LoadReport.Second> t = r.timeline();
        b.append("<h2>Throughput</h2>\n");
        b.append(lines("throughput", "s", "calls/s", t, List.of(
                new Series("calls/s", LoadReport.Second::calls), new Series("failed/s", LoadReport.Second::failed))));
        b.append("<h2>Latency over time</h2>\n");
        b.append(lines("latency", "s", "ms", t, List.of(new Series("p50", LoadReport.Second::p50),
                new Series("p99", LoadReport.Second::p99), new Series("p99.9", LoadReport.Second::p999))));

        b.append("<h2>Failures by rule and errno</h2>\n");
        Map<String, Long> byRule = new TreeMap<>();
        r.errors().forEach(e -> byRule.merge(e.rule() + (e.errno().isPresent() ? " errno " + e.errno().getAsInt() : "")
                + " " + e.errMsg(), e.count(), Long::sum));
        b.append(bars("errors", byRule));
        if (!r.errors().isEmpty()) {
            b.append("<table id=\"failures\"><tr><th>step</th><th>errMsg</th><th>rule</th><th>errno</th><th>count</th></tr>\n");
            for (LoadReport.ErrorCount e : r.errors()) {
                b.append("<tr><td>").append(esc(e.step())).append("</td><td>").append(esc(e.errMsg())).append("</td><td>")
                        .append(esc(e.rule())).append("</td><td>")
                        .append(e.errno().isPresent() ? Integer.toString(e.errno().getAsInt()) : "-")
                        .append("</td><td>").append(e.count()).append("</td></tr>\n");
            }
            b.append("</table>\n");
        }

        b.append("<h2>Latency distribution</h2>\n");
        b.append(distribution(r.distribution()));
        b.append("<p>Rules are explained in docs/RULES.md of mpnet. Percentiles are HdrHistogram's (3 significant digits).</p>\n");
        b.append("</body></html>\n");
        return b.toString();
    }

    private record Series(String name, ToDoubleFunction<LoadReport.Second> value) {
    }

    private static String lines(String id, String xUnit, String yUnit, List<LoadReport.Second> t, List<Series> series) {
        double xMax = Math.max(1, t.size() - 1);
        double yMax = 0;
        for (Series s : series) {
            for (LoadReport.Second p : t) {
                yMax = Math.max(yMax, s.value().applyAsDouble(p));
            }
        }
        yMax = nice(yMax);
        StringBuilder b = new StringBuilder();
        b.append(svgOpen(id)).append(axes(xMax, yMax, xUnit, yUnit));
        for (int i = 0; i < series.size(); i++) {
            Series s = series.get(i);
            StringBuilder pts = new StringBuilder();
            for (int k = 0; k < t.size(); k++) {
                pts.append(fmt(x(k, xMax))).append(',').append(fmt(y(s.value().applyAsDouble(t.get(k)), yMax))).append(' ');
            }
            b.append("<polyline class=\"series\" fill=\"none\" stroke-width=\"2\" stroke=\"").append(COLORS[i % COLORS.length])
                    .append("\" points=\"").append(pts.toString().trim()).append("\"><title>").append(esc(s.name()))
                    .append("</title></polyline>\n");
        }
        b.append("</svg>\n").append(legend(series.stream().map(Series::name).toList()));
        return b.toString();
    }

    private static String bars(String id, Map<String, Long> counts) {
        if (counts.isEmpty()) {
            return "<p id=\"" + id + "\">No call failed.</p>\n";
        }
        int rowH = 24;
        int h = TOP + counts.size() * rowH + 8;
        long max = counts.values().stream().mapToLong(Long::longValue).max().orElse(1);
        StringBuilder b = new StringBuilder();
        b.append("<svg id=\"").append(id).append("\" role=\"img\" width=\"").append(W).append("\" height=\"").append(h)
                .append("\" viewBox=\"0 0 ").append(W).append(' ').append(h).append("\" xmlns=\"http://www.w3.org/2000/svg\">\n");
        int row = 0;
        int barLeft = 320;
        for (Map.Entry<String, Long> e : counts.entrySet()) {
            int y = TOP + row * rowH;
            double w = (W - barLeft - 60) * (double) e.getValue() / max;
            b.append("<text x=\"8\" y=\"").append(y + 15).append("\">").append(esc(clip(e.getKey(), 48))).append("</text>")
                    .append("<rect class=\"bar\" x=\"").append(barLeft).append("\" y=\"").append(y + 3).append("\" width=\"")
                    .append(fmt(Math.max(1, w))).append("\" height=\"16\" fill=\"#dc2626\"><title>").append(esc(e.getKey()))
                    .append("</title></rect><text x=\"").append(fmt(barLeft + w + 6)).append("\" y=\"").append(y + 15)
                    .append("\">").append(e.getValue()).append("</text>\n");
            row++;
        }
        return b.append("</svg>\n").toString();
    }

    /** The percentile spectrum, x spaced by the number of nines (as HdrHistogram's own plots are). */
    private static String distribution(List<LoadReport.Point> points) {
        if (points.isEmpty()) {
            return "<p id=\"distribution\">No successful call.</p>\n";
        }
        double xMax = 4; // up to 99.99%
        double yMax = nice(points.stream().mapToDouble(LoadReport.Point::millis).max().orElse(1));
        StringBuilder b = new StringBuilder();
        b.append(svgOpen("distribution"));
        b.append(frame());
        String[] labels = {"0%", "90%", "99%", "99.9%", "99.99%"};
        for (int i = 0; i <= 4; i++) {
            double x = x(i, xMax);
            b.append(line(x, TOP, x, H - BOTTOM, "#e5e5e5")).append(text(x, H - BOTTOM + 16, labels[i], "middle"));
        }
        yTicks(b, yMax, "ms");
        StringBuilder pts = new StringBuilder();
        for (LoadReport.Point p : points) {
            double nines = p.percentile() >= 100 ? xMax : Math.min(xMax, -Math.log10(1 - p.percentile() / 100));
            pts.append(fmt(x(nines, xMax))).append(',').append(fmt(y(p.millis(), yMax))).append(' ');
        }
        b.append("<polyline class=\"series\" fill=\"none\" stroke-width=\"2\" stroke=\"").append(COLORS[0])
                .append("\" points=\"").append(pts.toString().trim()).append("\"><title>latency by percentile</title></polyline>\n");
        return b.append("</svg>\n").toString();
    }

    private static String svgOpen(String id) {
        return "<svg id=\"" + id + "\" role=\"img\" width=\"" + W + "\" height=\"" + H + "\" viewBox=\"0 0 " + W + " " + H
                + "\" xmlns=\"http://www.w3.org/2000/svg\">\n";
    }

    private static String frame() {
        return line(LEFT, H - BOTTOM, W - RIGHT, H - BOTTOM, "#888") + line(LEFT, TOP, LEFT, H - BOTTOM, "#888");
    }

    private static String axes(double xMax, double yMax, String xUnit, String yUnit) {
        StringBuilder b = new StringBuilder(frame());
        double every = nice(xMax / 10); // whole, round ticks: 1, 2, 5, 10, 20... seconds
        for (double v = 0; v <= xMax + 1e-9; v += every) {
            b.append(text(x(v, xMax), H - BOTTOM + 16, fmt(Math.round(v)), "middle"));
        }
        b.append(text(W - RIGHT, H - 2, xUnit, "end"));
        yTicks(b, yMax, yUnit);
        return b.toString();
    }

    private static void yTicks(StringBuilder b, double yMax, String unit) {
        for (int i = 0; i <= 4; i++) {
            double v = yMax * i / 4;
            double y = y(v, yMax);
            b.append(line(LEFT, y, W - RIGHT, y, "#eee")).append(text(LEFT - 6, y + 4, fmt(v), "end"));
        }
        b.append(text(LEFT, TOP - 10, unit, "middle"));
    }

    private static String legend(List<String> names) {
        StringBuilder b = new StringBuilder("<p class=\"legend\">");
        for (int i = 0; i < names.size(); i++) {
            b.append("<span><i style=\"background:").append(COLORS[i % COLORS.length]).append("\"></i>")
                    .append(esc(names.get(i))).append("</span>");
        }
        return b.append("</p>\n").toString();
    }

    private static double x(double v, double xMax) {
        return LEFT + (W - LEFT - RIGHT) * v / xMax;
    }

    private static double y(double v, double yMax) {
        return H - BOTTOM - (H - BOTTOM - TOP) * v / yMax;
    }

    /** A round upper bound for an axis: 1, 2 or 5 times a power of ten. */
    private static double nice(double max) {
        if (!(max > 0)) {
            return 1;
        }
        double p = Math.pow(10, Math.floor(Math.log10(max)));
        for (double m : new double[] {1, 2, 5, 10}) {
            if (m * p >= max) {
                return m * p;
            }
        }
        return 10 * p;
    }

    private static String line(double x1, double y1, double x2, double y2, String color) {
        return "<line x1=\"" + fmt(x1) + "\" y1=\"" + fmt(y1) + "\" x2=\"" + fmt(x2) + "\" y2=\"" + fmt(y2)
                + "\" stroke=\"" + color + "\"/>";
    }

    private static String text(double x, double y, String s, String anchor) {
        return "<text x=\"" + fmt(x) + "\" y=\"" + fmt(y) + "\" text-anchor=\"" + anchor + "\">" + esc(s) + "</text>";
    }

    private static String td(double ms) {
        return String.format(Locale.ROOT, "<td>%.1f</td>", ms);
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.1f", v);
    }

    private static String clip(String s, int n) {
        return s.length() <= n ? s : s.substring(0, n - 1) + "\u2026";
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
