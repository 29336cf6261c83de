create table products (
    id        text primary key,
    name      text not null,
    price     numeric(12, 2) not null check (price > 0),
    currency  text not null
);

-- The card is never stored: only the payments service's token and the last four digits for display.
create table orders (
    id              uuid primary key,
    customer_id     text not null,
    status          text not null check (status in ('Pending', 'Paid', 'PaymentFailed', 'Cancelled', 'Refunded')),
    currency        text not null,
    subtotal        numeric(12, 2) not null,
    discount        numeric(12, 2) not null,
    total           numeric(12, 2) not null,
    priced_by       text not null,
    card_token      text not null,
    card_last4      text not null,
    payment_id      uuid null,
    failure_reason  text null,
    created_at      timestamptz not null,
    updated_at      timestamptz not null
);

-- Keyset pagination of a customer's orders, newest first.
create index orders_by_customer on orders (customer_id, created_at desc, id desc);

create table order_lines (
    order_id      uuid not null references orders (id),
    line_no       int not null,
    product_id    text not null,
    product_name  text not null,
    unit_price    numeric(12, 2) not null,
    quantity      int not null check (quantity > 0),
    line_total    numeric(12, 2) not null,
    primary key (order_id, line_no)
);

-- One row per accepted Idempotency-Key: the primary key is what makes 100 concurrent identical requests one order.
-- The order is inserted after its key in the same transaction, hence the deferred foreign key.
create table idempotency_requests (
    key            text primary key,
    request_hash   text not null,
    order_id       uuid not null references orders (id) deferrable initially deferred,
    status_code    int not null,
    response_body  text not null,
    created_at     timestamptz not null
);

-- Written in the order's transaction; delivered to payments by the OutboxDispatcher.
create table outbox (
    id               bigint generated always as identity primary key,
    order_id         uuid not null references orders (id),
    kind             text not null,
    payload          jsonb not null,
    traceparent      text null,
    tracestate       text null,
    attempts         int not null default 0,
    next_attempt_at  timestamptz not null,
    last_error       text null,
    created_at       timestamptz not null,
    processed_at     timestamptz null
);

create index outbox_due on outbox (next_attempt_at, id) where processed_at is null;
