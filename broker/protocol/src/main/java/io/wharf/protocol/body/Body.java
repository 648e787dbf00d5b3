package io.wharf.protocol.body;

import io.wharf.protocol.WireWriter;
import java.nio.ByteBuffer;

/** A frame body: each implementation owns its encoding and has a static {@code decode(WireReader)}. */
public interface Body {
    void encode(WireWriter w);

    default ByteBuffer toBuffer() {
        WireWriter w = new WireWriter();
        encode(w);
        return w.toBuffer();
    }
}
