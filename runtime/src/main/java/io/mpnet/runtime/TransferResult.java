package io.mpnet.runtime;

/** The result of an {@code uploadFile} ({@link UploadResult}) or a {@code downloadFile} ({@link DownloadResult}). */
public sealed interface TransferResult extends ReceivedHeaders permits UploadResult, DownloadResult {

    /** The HTTP status; every status is a success: the caller judges. */
    int statusCode();

    /** The call's timings and connection facts. */
    RequestProfile profile();
}
