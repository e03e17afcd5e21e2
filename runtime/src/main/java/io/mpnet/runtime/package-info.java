/**
 * The reactive runtime: {@code MiniProgramNetwork} runs request, uploadFile, downloadFile and
 * connectSocket on Reactor Netty under the policy of {@code io.mpnet.policy}.
 */
@NullMarked
package io.mpnet.runtime;

import org.jspecify.annotations.NullMarked;
