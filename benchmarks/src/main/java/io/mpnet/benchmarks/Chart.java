package io.mpnet.benchmarks;

import io.mpnet.benchmarks.SuiteReport.ClientRow;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.ToDoubleFunction;
import javax.imageio.ImageIO;

/**
 * The client comparison as a PNG, drawn with Java2D (headless): two panels, throughput and p99
 * latency, one group of bars per scheme and concurrency, one bar per client.
 */
final class Chart {

    private static final Color[] COLORS = {
        new Color(0xd62728), new Color(0xff9896), new Color(0x1f77b4), new Color(0x2ca02c),
        new Color(0x9467bd), new Color(0xff7f0e),
    };
    private static final int WIDTH = 1200;
    private static final int PANEL = 340;

    private Chart() {
    }

    static void write(SuiteReport report, String title, Path file) throws IOException {
        System.setProperty("java.awt.headless", "true");
        List<ClientRow> rows = report.clients();
        List<String> groups = new ArrayList<>();
        for (ClientRow r : rows) {
            String g = r.scheme() + " · " + r.callers();
            if (!groups.contains(g)) {
                groups.add(g);
            }
        }
        BufferedImage img = new BufferedImage(WIDTH, 60 + 2 * PANEL + 50, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        g.drawString(title, 20, 28);
        panel(g, report, groups, 50, "throughput, calls/s (higher is better)", ClientRow::callsPerSecond);
        panel(g, report, groups, 50 + PANEL, "p99 latency, µs (lower is better)", ClientRow::p99Us);
        // legend
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        int x = 80;
        int y = 60 + 2 * PANEL + 20;
        for (int i = 0; i < SuiteReport.CLIENTS.size(); i++) {
            g.setColor(COLORS[i % COLORS.length]);
            g.fillRect(x, y - 11, 14, 14);
            g.setColor(Color.BLACK);
            g.drawString(SuiteReport.CLIENTS.get(i), x + 20, y);
            x += 40 + g.getFontMetrics().stringWidth(SuiteReport.CLIENTS.get(i));
        }
        g.dispose();
        ImageIO.write(img, "png", file.toFile());
    }

    private static void panel(Graphics2D g, SuiteReport report, List<String> groups, int top, String label,
            ToDoubleFunction<ClientRow> value) {
        int left = 80;
        int right = WIDTH - 20;
        int plotTop = top + 30;
        int plotBottom = top + PANEL - 40;
        double max = report.clients().stream().mapToDouble(value).filter(v -> !Double.isNaN(v)).max().orElse(1);
        max = niceCeiling(max);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
        g.setColor(Color.BLACK);
        g.drawString(label, left, top + 18);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        for (int i = 0; i <= 4; i++) {
            int y = plotBottom - (plotBottom - plotTop) * i / 4;
            g.setColor(new Color(0xdddddd));
            g.drawLine(left, y, right, y);
            g.setColor(Color.DARK_GRAY);
            String tick = SuiteReport.fmt0(max * i / 4);
            g.drawString(tick, left - 8 - g.getFontMetrics().stringWidth(tick), y + 4);
        }
        int groupWidth = (right - left) / Math.max(1, groups.size());
        int bar = Math.max(4, (groupWidth - 20) / SuiteReport.CLIENTS.size());
        for (int gi = 0; gi < groups.size(); gi++) {
            int gx = left + gi * groupWidth + 10;
            String[] parts = groups.get(gi).split(" · ");
            for (int ci = 0; ci < SuiteReport.CLIENTS.size(); ci++) {
                Optional<ClientRow> row = report.find(SuiteReport.CLIENTS.get(ci), parts[0], Integer.parseInt(parts[1]));
                if (row.isEmpty()) {
                    continue;
                }
                double v = value.applyAsDouble(row.get());
                int h = (int) Math.round((plotBottom - plotTop) * Math.min(1, v / max));
                g.setColor(COLORS[ci % COLORS.length]);
                g.fillRect(gx + ci * bar, plotBottom - h, bar - 2, h);
            }
            g.setColor(Color.BLACK);
            String name = parts[0] + ", " + parts[1] + (parts[1].equals("1") ? " caller" : " callers");
            g.drawString(name, gx + (groupWidth - 20 - g.getFontMetrics().stringWidth(name)) / 2, plotBottom + 16);
        }
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke(1));
        g.drawLine(left, plotBottom, right, plotBottom);
    }

    /** 1, 2 or 5 times a power of ten, at least {@code v}. */
    static double niceCeiling(double v) {
        if (v <= 0) {
            return 1;
        }
        double p = Math.pow(10, Math.floor(Math.log10(v)));
        for (double m : new double[] {1, 2, 5, 10}) {
            if (m * p >= v) {
                return m * p;
            }
        }
        return 10 * p;
    }
}
