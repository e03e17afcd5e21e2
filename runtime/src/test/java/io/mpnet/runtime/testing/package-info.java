/**
 * Test fixtures shared through the runtime's test-jar with the lan, spring, examples and benchmarks
 * modules: the throwaway {@link io.mpnet.runtime.testing.TestPki}.
 */
@NullMarked
package io.mpnet.runtime.testing;

import org.jspecify.annotations.NullMarked;
