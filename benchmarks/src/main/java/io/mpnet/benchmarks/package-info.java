/** JMH benchmarks of mpnet; run from the shaded jar, see the README. */
package io.mpnet.benchmarks;
