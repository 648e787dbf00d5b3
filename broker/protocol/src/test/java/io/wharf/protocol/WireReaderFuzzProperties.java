package io.wharf.protocol;

import io.wharf.protocol.body.HeartbeatRequest;
import io.wharf.protocol.body.LockQueuesRequest;
import io.wharf.protocol.body.PullRequest;
import io.wharf.protocol.body.PullResponse;
import io.wharf.protocol.body.SendBatchRequest;
import io.wharf.protocol.body.SendRequest;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.function.Consumer;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;

/** Arbitrary bytes never make a decoder fail with anything but a ProtocolException (or succeed). */
class WireReaderFuzzProperties {
    private static final List<Consumer<WireReader>> DECODERS = List.of(SendRequest::decode,
        SendBatchRequest::decode, PullRequest::decode, PullResponse::decode, HeartbeatRequest::decode,
        LockQueuesRequest::decode);

    @Property(tries = 500)
    void randomBodiesOnlyEverRaiseProtocolErrors(@ForAll @Size(max = 300) byte[] bytes) {
        for (Consumer<WireReader> decoder : DECODERS) {
            try {
                decoder.accept(new WireReader(ByteBuffer.wrap(bytes)));
            } catch (ProtocolException expected) {
                // refused cleanly
            }
        }
    }

    @Property(tries = 300)
    void randomFramesOnlyEverRaiseProtocolErrors(@ForAll @Size(max = 64) byte[] bytes) {
        try {
            FrameLayout.decode(ByteBuffer.wrap(bytes));
        } catch (ProtocolException expected) {
            // refused cleanly
        }
    }
}
