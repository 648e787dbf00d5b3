package io.wharf.micronaut.graceful;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.wharf.micronaut.MessageMetadata;
import io.wharf.micronaut.WharfListener;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Takes 20 ms per message, then records its body durably: what it recorded, it finished. */
@Singleton
@Requires(property = "test.record-file")
public class SlowRecorder {
    private final FileChannel out;

    public SlowRecorder(@Value("${test.record-file}") String file) throws IOException {
        this.out = FileChannel.open(Path.of(file), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
            StandardOpenOption.APPEND);
    }

    @WharfListener(topic = "graceful", group = "graceful", threads = 4,
        startFrom = WharfListener.StartFrom.FIRST_OFFSET)
    void on(String body, MessageMetadata meta) throws InterruptedException {
        Thread.sleep(20);
        record(body + " " + meta.reconsumeTimes() + "\n");
    }

    private synchronized void record(String line) {
        try {
            out.write(ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8)));
            out.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @PreDestroy
    void close() throws IOException {
        out.close();
    }
}
