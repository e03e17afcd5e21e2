package io.mpnet.policy;

/**
 * Whether a response body is decoded at all, the {@code responseType} of {@code wx.request}.
 * The platform's strings ({@code text}, {@code arraybuffer}) are read by the callback layer
 * ({@code compat.Wx}), which maps every value but {@code arraybuffer} to {@link #TEXT}.
 */
public enum ResponseType {
    /** Decode the body to text, then as {@link DataType} says. The default. */
    TEXT,
    /** The raw bytes, no decoding: {@code data} is a {@code byte[]}. */
    ARRAYBUFFER
}
