package io.wharf.contracts;

/**
 * The message key convention: every message about an order, on every topic, has the order id as its key.
 *
 * <p>Why: the broker indexes message keys, so a query by key ({@code /admin} and the message trace) finds every
 * message of one order across topics — placed, paid, closed, its timeout checks and its row changes — which is
 * how a lost or duplicated message is looked for. The transactional check-back also finds the order from the half
 * message's key. And ordered sends choose the queue by hashing the order id, so all messages of one order land in
 * one queue and an orderly consumer sees them in the order they were sent.
 *
 * <p>The broker separates several keys of one message by a space, so a key must not contain whitespace.
 */
public final class Keys {

    private Keys() {
    }

    /**
     * The key of a message about an order.
     *
     * @param orderId the order id as order-service generated it (e.g. {@code "o-..."})
     * @return the message key, the order id itself
     * @throws IllegalArgumentException if the id is null, empty or contains whitespace
     */
    public static String forOrder(String orderId) {
        if (orderId == null || orderId.isEmpty()) {
            throw new IllegalArgumentException("order id is missing");
        }
        for (int i = 0; i < orderId.length(); i++) {
            if (Character.isWhitespace(orderId.charAt(i))) {
                throw new IllegalArgumentException("order id must not contain whitespace: '" + orderId + "'");
            }
        }
        return orderId;
    }
}
