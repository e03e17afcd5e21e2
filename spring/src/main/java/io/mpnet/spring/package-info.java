/**
 * Spring Boot auto-configuration for mpnet: a {@code MiniProgramNetwork} bean configured from
 * {@code mpnet.*} properties or an {@code mpnet.json} file, and {@link io.mpnet.spring.MpNetExchangeFilterFunction},
 * which puts any {@code WebClient} under the platform's rules.
 */
@NullMarked
package io.mpnet.spring;

import org.jspecify.annotations.NullMarked;
