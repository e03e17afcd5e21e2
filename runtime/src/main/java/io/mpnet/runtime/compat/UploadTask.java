package io.mpnet.runtime.compat;

/** The task {@code wx.uploadFile} returns: abort it, and listen for its progress (U-2) and response headers. */
public final class UploadTask extends TransferTask {

    UploadTask() {
    }
}
