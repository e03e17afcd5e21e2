/**
 * mpnet-check: judges a backend with the runtime's own rules before release. {@link io.mpnet.check.ComplianceCheck}
 * is the Java API (reports as records), {@link io.mpnet.check.CheckCommand} the command line.
 */
@NullMarked
package io.mpnet.check;

import org.jspecify.annotations.NullMarked;
