package io.wharf.coupon.messaging;

import io.wharf.contracts.Groups;
import io.wharf.contracts.Tags;
import io.wharf.contracts.Topics;
import io.wharf.contracts.order.OrderPaid;
import io.wharf.coupon.app.CouponIssuer;
import io.wharf.coupon.app.IssueOutcome;
import io.wharf.micronaut.MessageMetadata;
import io.wharf.micronaut.WharfListener;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes OrderPaid (group {@code coupon-service}): returns after the coupon's transaction committed, so the
 * broker's offset moves only past issued coupons. A database failure throws: the delivery goes through the group's
 * retry ladder and, after its budget, to {@code %DLQ%coupon-service}. An undecodable body goes there at once.
 */
@Singleton
public class PaidOrderListener {
    private static final Logger LOG = LoggerFactory.getLogger(PaidOrderListener.class);

    private final CouponIssuer issuer;

    public PaidOrderListener(CouponIssuer issuer) {
        this.issuer = issuer;
    }

    @WharfListener(topic = Topics.ORDER_EVENTS, group = Groups.COUPON_SERVICE, tags = Tags.ORDER_PAID,
        startFrom = WharfListener.StartFrom.FIRST_OFFSET)
    public void onPaid(OrderPaid paid, MessageMetadata meta) {
        IssueOutcome outcome = issuer.issue(paid, meta.messageId());
        issuer.count(outcome);
        if (outcome == IssueOutcome.DUPLICATE) {
            LOG.info("order {} has its coupon already (delivery {} of {}): nothing issued", paid.orderId(),
                meta.reconsumeTimes() + 1, meta.messageId());
        }
    }
}
