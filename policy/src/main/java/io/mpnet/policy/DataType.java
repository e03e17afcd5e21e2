package io.mpnet.policy;

/**
 * How a response's text becomes its {@code data}, the {@code dataType} of {@code wx.request}.
 * The platform's strings ({@code json}, anything else) are read by the callback layer
 * ({@code compat.Wx}), which maps every value but {@code json} to {@link #TEXT}, as the platform does.
 */
public enum DataType {
    /** Parse the text as JSON; a body that is not JSON stays text. The default. */
    JSON,
    /** Leave the text as it is. */
    TEXT
}
