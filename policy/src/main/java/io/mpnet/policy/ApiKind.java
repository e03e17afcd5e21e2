package io.mpnet.policy;

/**
 * The network capabilities a mini program has; each has its own server-domain list and, for the
 * first three, a share of the same concurrency limit (L-1).
 */
public enum ApiKind {
    /** {@code wx.request}. */
    REQUEST("request", "request"),
    /** {@code wx.uploadFile}. */
    UPLOAD_FILE("uploadFile", "uploadFile"),
    /** {@code wx.downloadFile}. */
    DOWNLOAD_FILE("downloadFile", "downloadFile"),
    /** {@code wx.connectSocket}. */
    CONNECT_SOCKET("connectSocket", "socket"),
    /** {@code wx.createUDPSocket}. */
    UDP("udp", "udp"),
    /** {@code wx.createTCPSocket}. */
    TCP("tcp", "tcp");

    private final String apiName;
    private final String configKey;

    ApiKind(String apiName, String configKey) {
        this.apiName = apiName;
        this.configKey = configKey;
    }

    /** The platform's name for the API, the prefix of every {@code errMsg} ({@code request:fail ...}). */
    public String apiName() {
        return apiName;
    }

    /** The key of this kind's list under {@code domains} in {@code mpnet.json} ({@code socket} for sockets). */
    public String configKey() {
        return configKey;
    }

    /** Whether this kind takes a URL ({@code https://...}, {@code wss://...}) rather than a host and port. */
    public boolean takesUrl() {
        return this != UDP && this != TCP;
    }

    /** Whether calls of this kind share the limit of concurrent HTTP calls (L-1). */
    public boolean sharesHttpLimit() {
        return this == REQUEST || this == UPLOAD_FILE || this == DOWNLOAD_FILE;
    }
}
