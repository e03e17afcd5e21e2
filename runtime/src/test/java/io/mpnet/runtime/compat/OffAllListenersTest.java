package io.mpnet.runtime.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The platform's {@code off*()} without a listener removes every listener of that event. */
class OffAllListenersTest {

    final List<String> heard = new CopyOnWriteArrayList<>();

    @Test
    @DisplayName("R-9 RequestTask.offChunkReceived() and offHeadersReceived() without a listener remove every listener")
    void requestTask() {
        RequestTask task = new RequestTask();
        task.onChunkReceived(m -> heard.add("chunk 1"));
        task.onChunkReceived(m -> heard.add("chunk 2"));
        task.onHeadersReceived(m -> heard.add("headers"));
        task.offChunkReceived(null);
        task.offHeadersReceived(null);
        task.chunk(Map.of("data", new byte[1]));
        task.headers(Map.of("statusCode", 200));
        assertThat(heard).isEmpty();
    }

    @Test
    @DisplayName("U-2 D-2 TransferTask.offProgressUpdate() and offHeadersReceived() without a listener remove every listener")
    void transferTask() {
        DownloadTask task = new DownloadTask();
        task.onProgressUpdate(m -> heard.add("progress 1"));
        task.onProgressUpdate(m -> heard.add("progress 2"));
        task.onHeadersReceived(m -> heard.add("headers"));
        task.offProgressUpdate(null);
        task.offHeadersReceived(null);
        task.listeners.progress(Map.of("progress", 50));
        task.listeners.headers(Map.of("statusCode", 200));
        assertThat(heard).isEmpty();
    }

    @Test
    @DisplayName("R-9 off* with a listener removes that one only")
    void oneListener() {
        RequestTask task = new RequestTask();
        java.util.function.Consumer<Map<String, Object>> gone = m -> heard.add("gone");
        task.onChunkReceived(gone);
        task.onChunkReceived(m -> heard.add("kept"));
        task.offChunkReceived(gone);
        task.chunk(Map.of("data", new byte[1]));
        assertThat(heard).containsExactly("kept");
    }
}
