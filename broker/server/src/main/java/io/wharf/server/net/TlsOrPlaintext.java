package io.wharf.server.net;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.wharf.protocol.Frame;
import io.wharf.protocol.FrameKind;
import io.wharf.protocol.Status;
import io.wharf.protocol.body.ErrorBody;
import io.wharf.protocol.netty.FrameDecoder;
import io.wharf.protocol.netty.FrameEncoder;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first handler of a connection to a TLS port: it looks at the first bytes. A TLS record gets the TLS
 * handler and then the protocol; plaintext (a client without TLS) gets one answer, TLS_REQUIRED to its first
 * request, and the connection closes: the client fails with a clear status instead of waiting for a reply that
 * would never come.
 */
final class TlsOrPlaintext extends ByteToMessageDecoder {
    private static final Logger LOG = LoggerFactory.getLogger(TlsOrPlaintext.class);
    /** A TLS record header: type, version, length. */
    private static final int SNIFF_BYTES = 5;

    private final SslContext ssl;
    private final int maxFrameBytes;
    private final ChannelHandler protocol;

    TlsOrPlaintext(SslContext ssl, int maxFrameBytes, ChannelHandler protocol) {
        this.ssl = ssl;
        this.maxFrameBytes = maxFrameBytes;
        this.protocol = protocol;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (in.readableBytes() < SNIFF_BYTES) {
            return;
        }
        if (SslHandler.isEncrypted(in, false)) {
            ctx.pipeline().addAfter(ctx.name(), "tls", ssl.newHandler(ctx.alloc()));
            ctx.pipeline().addAfter("tls", "frames", new FrameDecoder(maxFrameBytes));
            ctx.pipeline().addAfter("frames", "encoder", FrameEncoder.INSTANCE);
            ctx.pipeline().addAfter("encoder", "protocol", protocol);
        } else {
            LOG.warn("refusing {}: plaintext on a TLS port", ctx.channel().remoteAddress());
            ctx.pipeline().addAfter(ctx.name(), "frames", new FrameDecoder(maxFrameBytes));
            ctx.pipeline().addAfter("frames", "encoder", FrameEncoder.INSTANCE);
            ctx.pipeline().addAfter("encoder", "refuse", new RefusePlaintext());
        }
        // Removing a decoder hands the bytes it holds to the handlers that follow.
        ctx.pipeline().remove(this);
    }

    /** Answers the first request TLS_REQUIRED and closes. */
    private static final class RefusePlaintext extends SimpleChannelInboundHandler<Frame> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, Frame frame) {
            if (frame.kind() == FrameKind.REQUEST) {
                ctx.writeAndFlush(Frame.response(frame, Status.TLS_REQUIRED, new ErrorBody(
                    "this broker port requires TLS: configure the client's TLS settings").toBuffer()))
                    .addListener(ChannelFutureListener.CLOSE);
            } else {
                ctx.close();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
