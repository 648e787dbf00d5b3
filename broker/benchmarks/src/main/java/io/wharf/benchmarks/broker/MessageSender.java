package io.wharf.benchmarks.broker;

/** One producer of a broker under test, shared by the load's threads: a synchronous send per call. */
interface MessageSender extends AutoCloseable {
    /** Sends and waits; throws when the broker did not store the message with an OK status. */
    void send(byte[] body) throws Exception;

    @Override
    void close();
}
