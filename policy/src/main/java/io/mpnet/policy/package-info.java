/**
 * The platform's network rules as pure code: no threads, no I/O beyond reading configuration
 * files, no clock reads. {@link io.mpnet.policy.NetworkConfig} holds what a mini program
 * configured, {@link io.mpnet.policy.NetworkPolicy} decides whether a call may leave the process,
 * and {@link io.mpnet.policy.MpNetException} is the one failure type callers see.
 */
@NullMarked
package io.mpnet.policy;

import org.jspecify.annotations.NullMarked;
