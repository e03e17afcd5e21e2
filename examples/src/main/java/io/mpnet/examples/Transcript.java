package io.mpnet.examples;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * What the examples print for a person to read: numbered steps, each with indented lines.
 * Callbacks print from Reactor Netty's threads, so every line is written whole.
 */
final class Transcript {

    private final PrintStream out;
    private final boolean live;
    private int step;
    private int lastQuarter = -1;

    Transcript(PrintStream out) {
        this(out, false);
    }

    /** {@code live}: a terminal, where a progress bar is redrawn in place; otherwise it prints each quarter. */
    Transcript(PrintStream out, boolean live) {
        this.out = out;
        this.live = live;
    }

    /**
     * Standard output in UTF-8 whatever the platform's default: the transcript shows Chinese text,
     * which JDK 17 would print as {@code ?} under a POSIX locale.
     */
    static PrintStream utf8StandardOutput() {
        return new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
    }

    /** A title line, not numbered. */
    synchronized void title(String text) {
        out.println(text);
    }

    /** The next numbered step's heading, after a blank line. */
    synchronized void step(String title) {
        step++;
        out.println();
        out.println(step + ". " + title);
    }

    /** One indented line; {@code args} fill {@code format} as {@link String#format} does. */
    synchronized void say(String format, Object... args) {
        out.println("   " + String.format(Locale.ROOT, format, args));
    }

    /** A progress bar for {@code label} at {@code percent} (0..100) of {@code total} bytes. */
    synchronized void progress(String label, int percent, long bytes, long total) {
        int width = 30;
        int filled = percent * width / 100;
        String line = String.format(Locale.ROOT, "   %-8s [%s%s] %3d%%  %.1f of %.1f MiB", label, "#".repeat(filled),
                " ".repeat(width - filled), percent, bytes / 1048576.0, total / 1048576.0);
        if (live) {
            out.print("\r" + line);
            if (percent == 100) {
                out.println();
            }
            out.flush();
        } else if (percent / 25 != lastQuarter || percent == 100 && lastQuarter != 4) {
            lastQuarter = percent / 25;
            out.println(line);
        }
        if (percent == 100) {
            lastQuarter = -1;
        }
    }

    /** A blank line then a closing line. */
    synchronized void end(String text) {
        out.println();
        out.println(text);
        out.flush();
    }
}
