package io.wharf.protocol.netty;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;
import io.wharf.protocol.Frame;
import io.wharf.protocol.FrameLayout;
import java.nio.ByteBuffer;

/** Writes a {@link Frame} as its header and body; stateless, so one instance serves every channel. */
@ChannelHandler.Sharable
public final class FrameEncoder extends MessageToByteEncoder<Frame> {
    public static final FrameEncoder INSTANCE = new FrameEncoder();

    private FrameEncoder() {
        super(Frame.class);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, Frame frame, ByteBuf out) {
        ByteBuffer body = frame.body().duplicate();
        ByteBuffer header = ByteBuffer.allocate(FrameLayout.HEADER_LENGTH);
        FrameLayout.writeHeader(header, frame, body.remaining());
        out.ensureWritable(FrameLayout.HEADER_LENGTH + body.remaining());
        out.writeBytes(header);
        out.writeBytes(body);
    }
}
