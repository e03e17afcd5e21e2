/**
 * The wx LAN API in its callback style ({@code wx.startLocalServiceDiscovery},
 * {@code wx.createUDPSocket}, {@code wx.createTCPSocket}...) over a {@link io.mpnet.lan.LocalNetwork},
 * for hosts that bridge JavaScript calls: maps with the platform's field names, listeners.
 */
@NullMarked
package io.mpnet.lan.compat;

import org.jspecify.annotations.NullMarked;
