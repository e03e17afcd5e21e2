/**
 * The network inspector: a live page of what mpnet runtimes do, served on loopback from their
 * {@code events()}, and the HTTP Archive (HAR 1.2) of the calls it has seen.
 */
@NullMarked
package io.mpnet.inspector;

import org.jspecify.annotations.NullMarked;
