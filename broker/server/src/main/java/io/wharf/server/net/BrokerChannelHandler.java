package io.wharf.server.net;

import io.wharf.server.common.ChannelRequests;
import io.wharf.server.common.BrokerException;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import io.wharf.protocol.Frame;
import io.wharf.protocol.FrameKind;
import io.wharf.protocol.Opcode;
import io.wharf.protocol.ProtocolException;
import io.wharf.protocol.Status;
import io.wharf.protocol.body.ErrorBody;
import io.wharf.protocol.netty.CoalescingWriter;
import io.wharf.server.group.ClientRegistry;
import io.wharf.server.lock.QueueLocks;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves one connection's frames. A request that breaks the protocol (bad header, oversized frame, malformed
 * body) is answered with an error where it can be, and the connection is closed: only that client is affected.
 * A request the broker refuses (unknown topic, bad queue) is answered with its error and the connection stays.
 * Responses answer the broker's own requests ({@link ChannelRequests}).
 */
@ChannelHandler.Sharable
final class BrokerChannelHandler extends SimpleChannelInboundHandler<Frame> {
    private static final Logger LOG = LoggerFactory.getLogger(BrokerChannelHandler.class);

    private final RequestHandler handler;
    private final ClientRegistry clients;
    private final QueueLocks locks;

    BrokerChannelHandler(RequestHandler handler, ClientRegistry clients, QueueLocks locks) {
        this.handler = handler;
        this.clients = clients;
        this.locks = locks;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Frame frame) {
        if (frame.kind() == FrameKind.RESPONSE) {
            if (!ChannelRequests.complete(ctx.channel(), frame)) {
                LOG.debug("late response {} from {} dropped", frame.requestId(), ctx.channel().remoteAddress());
            }
            return;
        }
        Channel channel = ctx.channel();
        handler.startOfRead();
        boolean oneWay = frame.kind() == FrameKind.ONE_WAY;
        Consumer<RequestHandler.Reply> reply = r -> {
            if (!oneWay && channel.isActive()) {
                // Responses of a group commit complete together on the flusher thread: one flush for all of them.
                CoalescingWriter.of(channel).write(Frame.response(frame, r.status(), r.body()));
            }
        };
        Opcode opcode = frame.opcode();
        if (opcode == null) {
            reply.accept(new RequestHandler.Reply(Status.UNSUPPORTED_OPCODE,
                new ErrorBody("opcode " + frame.opcodeCode() + " is not known to this broker").toBuffer()));
            return;
        }
        try {
            handler.handle(channel, frame, opcode, reply);
        } catch (ProtocolException e) {
            if (e.status() != Status.AUTH_FAILED && e.status() != Status.NO_PERMISSION) {
                // (Refused authentication and strangers' Raft frames were logged where they were refused.)
                LOG.warn("closing {}: malformed {} request: {}", channel.remoteAddress(), opcode, e.getMessage());
            }
            if (!oneWay) {
                channel.writeAndFlush(Frame.response(frame, e.status(), new ErrorBody(e.getMessage()).toBuffer()))
                    .addListener(ChannelFutureListener.CLOSE);
            } else {
                channel.close();
            }
        } catch (RuntimeException e) {
            if (!(e instanceof BrokerException) && !(e instanceof IllegalArgumentException)) {
                LOG.error("{} request from {} failed", opcode, channel.remoteAddress(), e);
            }
            reply.accept(ErrorReplies.of(e));
        }
    }

    /** The read burst of the event loop ends: start the force of the sends it appended (see startOfRead). */
    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        handler.endOfRead();
        ctx.fireChannelReadComplete();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Throwable root = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
        if (root instanceof TooLongFrameException || root instanceof ProtocolException) {
            LOG.warn("closing {}: {}", ctx.channel().remoteAddress(), root.getMessage());
        } else {
            LOG.info("closing {} after an I/O error: {}", ctx.channel().remoteAddress(), root.toString());
        }
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        ChannelRequests.channelClosed(ctx.channel());
        for (String clientId : clients.channelClosed(ctx.channel())) {
            locks.releaseAll(clientId);
        }
        ctx.fireChannelInactive();
    }
}
