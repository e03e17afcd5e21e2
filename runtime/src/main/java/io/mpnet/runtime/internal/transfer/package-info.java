/**
 * uploadFile and downloadFile: their transports, the sandbox files they read and write, and the progress throttle. Public only so the runtime's other packages can wire them; not an API (see docs/ARCHITECTURE.md).
 */
@NullMarked
package io.mpnet.runtime.internal.transfer;

import org.jspecify.annotations.NullMarked;
