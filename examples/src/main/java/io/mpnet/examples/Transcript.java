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
    private int step;

    Transcript(PrintStream out) {
        this.out = out;
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

    /** A blank line then a closing line. */
    synchronized void end(String text) {
        out.println();
        out.println(text);
        out.flush();
    }
}
