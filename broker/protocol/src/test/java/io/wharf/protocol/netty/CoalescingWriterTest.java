package io.wharf.protocol.netty;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.wharf.protocol.Frame;
import io.wharf.protocol.FrameLayout;
import io.wharf.protocol.Opcode;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class CoalescingWriterTest {
    @Test
    void framesWrittenTogetherLeaveInOrderWithOneFlush() {
        AtomicInteger flushes = new AtomicInteger();
        EmbeddedChannel channel = new EmbeddedChannel(new ChannelOutboundHandlerAdapter() {
            @Override
            public void flush(ChannelHandlerContext ctx) {
                flushes.incrementAndGet();
                ctx.flush();
            }
        }, FrameEncoder.INSTANCE);
        CoalescingWriter writer = CoalescingWriter.of(channel);

        for (long id = 1; id <= 3; id++) {
            writer.write(Frame.request(Opcode.SEND, id, ByteBuffer.allocate(0)));
        }
        assertThat((Object) channel.readOutbound()).as("nothing leaves before the loop runs the drain").isNull();
        channel.runPendingTasks();

        List<Long> ids = new ArrayList<>();
        for (ByteBuf out; (out = channel.readOutbound()) != null; ) {
            ByteBuffer bytes = ByteBuffer.allocate(out.readableBytes());
            out.readBytes(bytes);
            out.release();
            ids.add(FrameLayout.decode(bytes.flip()).requestId());
        }
        assertThat(ids).containsExactly(1L, 2L, 3L);
        assertThat(flushes.get()).isEqualTo(1);
        assertThat(CoalescingWriter.of(channel)).isSameAs(writer);
    }

    @Test
    void aFrameThatCannotBeWrittenIsReportedToItsWriter() {
        EmbeddedChannel channel = new EmbeddedChannel(FrameEncoder.INSTANCE);
        channel.close();
        AtomicReference<Throwable> failure = new AtomicReference<>();

        CoalescingWriter.of(channel).write(Frame.request(Opcode.SEND, 7, ByteBuffer.allocate(0)), failure::set);
        channel.runPendingTasks();

        assertThat(failure.get()).isNotNull();
    }
}
