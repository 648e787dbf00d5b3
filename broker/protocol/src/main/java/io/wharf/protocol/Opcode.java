package io.wharf.protocol;

/** What a request asks for. The response to a request carries the same opcode. */
public enum Opcode {
    /** Asks for a fresh server nonce: the first step of authenticating a connection. */
    AUTH_CHALLENGE(1),
    /** Proves the account's secret with an HMAC of the server's and the client's nonce. */
    AUTH(2),
    SEND(10),
    SEND_BATCH(11),
    PULL(20),
    HEARTBEAT(30),
    UNREGISTER(31),
    CONSUMER_LIST(32),
    OFFSET_COMMIT(40),
    OFFSET_QUERY(41),
    TOPIC_ROUTE(50),
    LOCK_QUEUES(60),
    UNLOCK_QUEUES(61),
    /** A consumer hands back a message it could not consume: it goes to the group's retry topic or DLQ. */
    CONSUMER_SEND_BACK(70),
    /** A producer ends a transaction (commit, rollback, or still unknown). */
    END_TRANSACTION(80),
    /** Broker to producer: what became of this half message's local transaction? */
    CHECK_TRANSACTION(81),
    /** Broker to broker, one way: a Raft message (vote, append, their answers); no response frame. */
    RAFT_MESSAGE(90),
    /** Who leads the broker group: answered by every node, leader or not. */
    CLUSTER_LEADER(91),
    /** Member to leader: the copy point of the leader's store, for rebuilding a member past retention. */
    SNAPSHOT_MANIFEST(92),
    /** Member to leader: bytes of one commit-log segment of the copy. */
    SNAPSHOT_READ(93);

    private static final Opcode[] BY_CODE = new Opcode[256];

    static {
        for (Opcode o : values()) {
            BY_CODE[o.code] = o;
        }
    }

    private final int code;

    Opcode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The opcode with this code, or null when this version does not know it. */
    public static Opcode ofOrNull(int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }
}
