/**
 * The callback style of the wx API ({@code success}/{@code fail}/{@code complete}, task objects)
 * over a {@link io.mpnet.runtime.MiniProgramNetwork}, for hosts that bridge JavaScript calls.
 */
@NullMarked
package io.mpnet.runtime.compat;

import org.jspecify.annotations.NullMarked;
