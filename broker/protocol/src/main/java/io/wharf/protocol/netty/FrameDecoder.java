package io.wharf.protocol.netty;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.wharf.protocol.FrameLayout;
import java.nio.ByteBuffer;

/**
 * Cuts the byte stream into frames by their length field and decodes each with {@link FrameLayout}. A frame
 * longer than the maximum raises Netty's TooLongFrameException and a malformed header a
 * {@link io.wharf.protocol.ProtocolException}; the channel's handler closes the connection on either.
 */
public final class FrameDecoder extends LengthFieldBasedFrameDecoder {
    public FrameDecoder(int maxFrameLength) {
        super(maxFrameLength, FrameLayout.LENGTH_OFFSET, FrameLayout.LENGTH_FIELD_LENGTH, 0, 0, true);
    }

    @Override
    protected Object decode(ChannelHandlerContext ctx, ByteBuf in) throws Exception {
        ByteBuf frame = (ByteBuf) super.decode(ctx, in);
        if (frame == null) {
            return null;
        }
        try {
            ByteBuffer copy = ByteBuffer.allocate(frame.readableBytes());
            frame.readBytes(copy);
            return FrameLayout.decode(copy.flip());
        } finally {
            frame.release();
        }
    }
}
