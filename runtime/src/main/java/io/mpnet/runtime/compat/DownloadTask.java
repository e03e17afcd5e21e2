package io.mpnet.runtime.compat;

/** The task {@code wx.downloadFile} returns: abort it, and listen for its progress (D-2) and response headers. */
public final class DownloadTask extends TransferTask {

    DownloadTask() {
    }
}
