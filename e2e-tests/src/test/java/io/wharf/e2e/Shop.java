package io.wharf.e2e;

import java.time.Duration;

/**
 * A shop's and a payment provider's calls to order-service, as the scenarios make them: place an order, and
 * deliver a payment callback the way a provider does — again, with the same payment id, until it gets a final
 * answer (200 paid, 409 refused because the order was closed first).
 */
final class Shop {
    private Shop() {
    }

    /** A placement's answer: 201 (stored), 202 (accepted while the database is down), or a refusal. */
    record Placed(String orderId, int status, String body) {
        boolean acknowledged() {
            return status == 201 || status == 202;
        }
    }

    static Placed place(String userId, String price) {
        try {
            WholeStack.Reply r = WholeStack.post(WholeStack.ORDERS + "/orders", "{\"userId\":\"" + userId
                + "\",\"items\":[{\"sku\":\"sku-1\",\"qty\":1,\"unitPrice\":" + price + "}]}");
            String id = r.json() == null ? null : r.json().path("orderId").asText(null);
            return new Placed(id, r.status(), r.text());
        } catch (RuntimeException e) {
            return new Placed(null, 0, e.toString());
        }
    }

    /** One payment callback: its HTTP status, or 0 when order-service did not answer. */
    static int payOnce(String orderId, String price) {
        try {
            return WholeStack.post(WholeStack.ORDERS + "/orders/" + orderId + "/payment", "{\"paymentId\":\"pm-"
                + orderId + "\",\"amount\":" + price + "}").status();
        } catch (RuntimeException e) {
            return 0;
        }
    }

    /**
     * Delivers the payment until the answer is final (200 or 409; 404 while a parked order is not written yet and
     * 5xx or no answer are retried every 500 ms), for at most {@code patience}; returns the last status.
     */
    static int pay(String orderId, String price, Duration patience) {
        long deadline = System.nanoTime() + patience.toNanos();
        int status;
        do {
            status = payOnce(orderId, price);
            if (status == 200 || status == 409 || status == 422) {
                return status;
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return status;
            }
        } while (System.nanoTime() < deadline);
        return status;
    }

    /** Places and pays one order, recording in the ledger what the system acknowledged. */
    static String placeAndPay(LossLedger ledger, String userId, String price) {
        Placed p = place(userId, price);
        if (!p.acknowledged()) {
            ledger.refused("place " + userId + ": " + p.status() + " " + p.body());
            return null;
        }
        ledger.placed(p.orderId(), userId, LossLedger.Expect.PAID);
        int paid = pay(p.orderId(), price, Duration.ofSeconds(60));
        if (paid == 409) {
            ledger.closedBeforePayment(p.orderId());
        } else if (paid != 200) {
            // Unanswered for a minute: the order's timeout closes it; the ledger expects that.
            ledger.refused("pay " + p.orderId() + ": " + paid);
            ledger.closedBeforePayment(p.orderId());
        }
        return p.orderId();
    }
}
