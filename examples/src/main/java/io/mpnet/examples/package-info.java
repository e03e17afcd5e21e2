/**
 * Runnable examples of mpnet against an embedded loopback backend: {@link io.mpnet.examples.Quickstart}
 * walks through the platform's rules, {@link io.mpnet.examples.CallbackStyle} shows the callback API
 * ({@code compat.Wx}) that hosts bridging JavaScript use.
 */
@NullMarked
package io.mpnet.examples;

import org.jspecify.annotations.NullMarked;
