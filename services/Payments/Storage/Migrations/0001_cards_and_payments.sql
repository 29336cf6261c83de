-- Tokenized cards: only what the simulated provider needs. The full number and the CVC are never stored.
create table cards (
    token       text primary key,
    brand       text not null,
    last4       text not null check (last4 ~ '^[0-9]{4}$'),
    expiry      text not null,
    created_at  timestamptz not null
);

create table payments (
    id               uuid primary key,
    order_id         uuid not null,
    idempotency_key  text not null,
    request_hash     text not null,
    amount           numeric(12, 2) not null check (amount > 0),
    currency         text not null,
    card_token       text not null references cards (token),
    status           text not null check (status in ('Captured', 'Declined', 'Refunded')),
    decline_reason   text null,
    created_at       timestamptz not null,
    refunded_at      timestamptz null,
    constraint payments_idempotency_key unique (idempotency_key)
);

-- At most one successful charge per order, whatever is retried or replayed: the database says no to a second one.
create unique index payments_one_charge_per_order on payments (order_id) where status in ('Captured', 'Refunded');
create index payments_by_order on payments (order_id, created_at);
