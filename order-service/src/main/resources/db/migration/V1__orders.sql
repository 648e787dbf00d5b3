-- order-service schema, version 1.

-- The order aggregate. half_token is the OrderPaid half message (transaction id : half offset) stored when the
-- order was placed; announced = false while that half could not be stored (broker unreachable), until the
-- compensator stores it.
CREATE TABLE orders (
    id           text PRIMARY KEY,
    user_id      text        NOT NULL,
    status       text        NOT NULL CHECK (status IN ('PENDING_PAYMENT', 'PAID', 'CLOSED')),
    total        numeric(14, 2) NOT NULL CHECK (total >= 0),
    half_token   text,
    announced    boolean     NOT NULL,
    close_reason text,
    created_at   timestamptz NOT NULL,
    updated_at   timestamptz NOT NULL,
    version      bigint      NOT NULL DEFAULT 0
);
CREATE INDEX orders_user_id ON orders (user_id, id);
CREATE INDEX orders_unannounced ON orders (created_at) WHERE NOT announced;

CREATE TABLE order_items (
    id         bigserial PRIMARY KEY,
    order_id   text    NOT NULL REFERENCES orders (id),
    line_no    integer NOT NULL,
    sku        text    NOT NULL,
    qty        integer NOT NULL CHECK (qty > 0),
    unit_price numeric(14, 2) NOT NULL CHECK (unit_price >= 0),
    UNIQUE (order_id, line_no)
);

-- One row per payment id: a repeated payment callback finds its row and changes nothing.
CREATE TABLE payments (
    payment_id text PRIMARY KEY,
    order_id   text        NOT NULL UNIQUE REFERENCES orders (id),
    amount     numeric(14, 2) NOT NULL,
    paid_at    timestamptz NOT NULL
);

-- Payments that arrived after their order was closed: to be refunded.
CREATE TABLE late_payments (
    id          bigserial PRIMARY KEY,
    payment_id  text        NOT NULL UNIQUE,
    order_id    text        NOT NULL REFERENCES orders (id),
    amount      numeric(14, 2) NOT NULL,
    received_at timestamptz NOT NULL,
    refunded    boolean     NOT NULL DEFAULT false
);

CREATE TABLE idempotency_keys (
    idempotency_key text PRIMARY KEY,
    order_id        text        NOT NULL,
    created_at      timestamptz NOT NULL
);

-- Messages that could not be published (broker group unreachable), re-sent in id order by the spool relay and
-- deleted once acknowledged. Written in the transaction of the change they announce.
CREATE TABLE spool (
    id          bigserial PRIMARY KEY,
    topic       text        NOT NULL,
    tag         text,
    msg_key     text,
    payload     text        NOT NULL,
    properties  text,
    order_key   text,
    delay_level integer     NOT NULL DEFAULT 0,
    created_at  timestamptz NOT NULL
);
