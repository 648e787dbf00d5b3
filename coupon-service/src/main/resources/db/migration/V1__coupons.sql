-- One coupon per paid order: UNIQUE(order_id) is the business check that makes a repeated OrderPaid harmless
-- (the insert that checks it is one statement in the listener's transaction: INSERT ... ON CONFLICT DO NOTHING).
CREATE TABLE coupons (
    id            text PRIMARY KEY,
    order_id      text NOT NULL,
    user_id       text NOT NULL,
    order_total   numeric(12, 2) NOT NULL,
    value         numeric(12, 2) NOT NULL,
    rule_min_total numeric(12, 2) NOT NULL,
    message_id    text NOT NULL,
    issued_at     timestamptz NOT NULL,
    expires_at    timestamptz NOT NULL,
    CONSTRAINT coupons_one_per_order UNIQUE (order_id)
);

CREATE INDEX coupons_by_user ON coupons (user_id, issued_at);
