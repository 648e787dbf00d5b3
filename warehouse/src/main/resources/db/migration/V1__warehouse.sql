-- The warehouse copy of the order database, kept from its change log. Every row remembers the LSN of the change
-- it was last written from: a change whose LSN is not newer is a replay or a duplicate and changes nothing.
-- A deleted row stays as a tombstone (deleted = true) so that a replayed older change cannot bring it back.
CREATE TABLE wh_orders (
    order_id     text PRIMARY KEY,
    user_id      text,
    status       text,
    total        numeric(14, 2),
    close_reason text,
    created_at   timestamptz,
    updated_at   timestamptz,
    deleted      boolean NOT NULL DEFAULT false,
    last_lsn     bigint  NOT NULL
);
CREATE INDEX wh_orders_by_day ON wh_orders (created_at);

CREATE TABLE wh_order_items (
    id         bigint PRIMARY KEY,
    order_id   text    NOT NULL,
    line_no    integer,
    sku        text,
    qty        integer,
    unit_price numeric(14, 2),
    deleted    boolean NOT NULL DEFAULT false,
    last_lsn   bigint  NOT NULL
);
CREATE INDEX wh_order_items_by_order ON wh_order_items (order_id);

CREATE TABLE wh_payments (
    payment_id text PRIMARY KEY,
    order_id   text    NOT NULL,
    amount     numeric(14, 2),
    paid_at    timestamptz,
    deleted    boolean NOT NULL DEFAULT false,
    last_lsn   bigint  NOT NULL
);
CREATE INDEX wh_payments_by_order ON wh_payments (order_id);

-- The SQL92-filtered subscriber (table = 'orders' AND op = 'u'): each status change of an order once.
CREATE TABLE wh_status_changes (
    order_id   text   NOT NULL,
    lsn        bigint NOT NULL,
    status     text,
    changed_at timestamptz,
    PRIMARY KEY (order_id, lsn)
);
