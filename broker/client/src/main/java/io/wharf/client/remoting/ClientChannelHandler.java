package io.wharf.client.remoting;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.wharf.protocol.Frame;
import io.wharf.protocol.FrameKind;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The inbound end of one broker connection: responses go to the request waiting for them, requests from the
 * broker to the {@link ServerRequestHandler}. A frame that cannot be decoded closes the connection (its waiting
 * requests fail and the next request reconnects).
 */
final class ClientChannelHandler extends SimpleChannelInboundHandler<Frame> {
    private static final Logger LOG = LoggerFactory.getLogger(ClientChannelHandler.class);

    private final BrokerConnection connection;
    private final ServerRequestHandler serverRequests;

    ClientChannelHandler(BrokerConnection connection, ServerRequestHandler serverRequests) {
        this.connection = connection;
        this.serverRequests = serverRequests;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Frame frame) {
        if (frame.kind() == FrameKind.RESPONSE) {
            if (!connection.complete(frame)) {
                LOG.debug("late response {} from {} dropped (its request timed out)", frame.requestId(),
                    connection.address());
            }
            return;
        }
        serverRequests.handle(frame).whenComplete((response, error) -> {
            if (frame.kind() != FrameKind.REQUEST) {
                return;
            }
            Frame answer = response != null ? response : ServerRequestHandler.unsupported(frame);
            if (error != null) {
                LOG.warn("handler for broker request opcode {} failed", frame.opcodeCode(), error);
            }
            ctx.writeAndFlush(answer);
        });
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof IOException) {
            // A reset connection is what a killed broker leaves behind; the requests move on to the next leader.
            LOG.info("closing connection to {}: {}", connection.address(), cause.toString());
        } else {
            LOG.warn("closing connection to {}: {}", connection.address(), cause.toString());
        }
        connection.closing(cause);
        ctx.close();
    }
}
