/**
 * What modules built beside the runtime (such as {@code lan}) may use to behave as the runtime does,
 * without reaching into its internal packages.
 */
@NullMarked
package io.mpnet.runtime.spi;

import org.jspecify.annotations.NullMarked;
