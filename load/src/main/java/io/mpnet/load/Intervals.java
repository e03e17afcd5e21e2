package io.mpnet.load;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;
import org.HdrHistogram.HistogramLogWriter;

/**
 * The tagged interval histograms of one run, or of many merged: what every report is made from.
 * Written and read as HdrHistogram interval logs (the library's own format, with absolute
 * timestamps), so the logs of any number of machines merge by reading them all.
 */
final class Intervals {

    private final List<Histogram> all = new ArrayList<>();

    synchronized void add(Histogram h) {
        all.add(h);
    }

    synchronized List<Histogram> all() {
        return List.copyOf(all);
    }

    /** Reads interval logs; each histogram keeps its tag and absolute start and end. */
    static Intervals read(List<Path> logs) {
        Intervals out = new Intervals();
        for (Path log : logs) {
            try (InputStream in = Files.newInputStream(log)) {
                HistogramLogReader reader = new HistogramLogReader(in);
                EncodableHistogram e;
                while ((e = reader.nextIntervalHistogram()) != null) {
                    if (e instanceof Histogram h) {
                        out.add(h);
                    }
                }
            } catch (IOException ex) {
                throw new UncheckedIOException("cannot read the interval log " + log, ex);
            }
        }
        return out;
    }

    /** An interval log writer on {@code out}, with its header; times are absolute (epoch seconds). */
    static HistogramLogWriter writer(OutputStream out, long startMillis, String comment) {
        HistogramLogWriter w = new HistogramLogWriter(out);
        w.outputComment(comment);
        w.outputLogFormatVersion();
        w.outputStartTime(startMillis);
        w.setBaseTime(0); // absolute timestamps: logs of machines started apart merge on one time axis
        w.outputLegend();
        return w;
    }
}
