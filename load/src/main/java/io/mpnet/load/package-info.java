/**
 * Load mode: simulated mini programs, each a real {@code MiniProgramNetwork} on shared
 * {@code MpNetResources}, run a {@link io.mpnet.load.Scenario} against a backend in a closed or an
 * open {@link io.mpnet.load.LoadShape}; latencies go to HdrHistogram interval logs and reports.
 */
@NullMarked
package io.mpnet.load;

import org.jspecify.annotations.NullMarked;
