package io.mpnet.benchmarks;

import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.util.Locale;

/**
 * CPU time and allocation of the JVM's threads summed by name prefix, so a comparison can say which
 * side pays for a call: the callers, the client's event loops or the server's. Process CPU alone
 * cannot tell a client that costs more from one that makes the server work more.
 */
final class ThreadShares {

    private static final ThreadMXBean THREADS = (ThreadMXBean) ManagementFactory.getThreadMXBean();

    private final String[] prefixes;

    /** Groups of the threads whose names start with each prefix, the first that matches; the rest count as "other". */
    ThreadShares(String... prefixes) {
        this.prefixes = prefixes;
    }

    /** CPU nanoseconds then allocated bytes per group (the last group is "other"), of the threads alive now. */
    long[] snapshot() {
        int groups = prefixes.length + 1;
        long[] sum = new long[groups * 2];
        for (ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
            if (info == null) {
                continue; // ended between the two calls
            }
            int g = group(info.getThreadName());
            sum[g] += Math.max(0, THREADS.getThreadCpuTime(info.getThreadId()));
            sum[groups + g] += Math.max(0, THREADS.getThreadAllocatedBytes(info.getThreadId()));
        }
        return sum;
    }

    /** Adds {@code after - before} into {@code total}. */
    static void accumulate(long[] total, long[] before, long[] after) {
        for (int i = 0; i < total.length; i++) {
            total[i] += after[i] - before[i];
        }
    }

    /** Each group's CPU and allocation per call, {@code a} against {@code b}: "callers 25.7/23.9 us 4286/3372 B ...". */
    String perCall(long[] a, long callsA, long[] b, long callsB) {
        int groups = prefixes.length + 1;
        StringBuilder out = new StringBuilder();
        for (int g = 0; g < groups; g++) {
            out.append(String.format(Locale.ROOT, "%s%s %.1f/%.1f us %.0f/%.0f B", g == 0 ? "" : ", ",
                    g < prefixes.length ? prefixes[g] : "other",
                    a[g] / 1e3 / callsA, b[g] / 1e3 / callsB,
                    (double) a[groups + g] / callsA, (double) b[groups + g] / callsB));
        }
        return out.toString();
    }

    private int group(String name) {
        for (int g = 0; g < prefixes.length; g++) {
            if (name.startsWith(prefixes[g])) {
                return g;
            }
        }
        return prefixes.length;
    }
}
