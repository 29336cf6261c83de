-- The order a card was tokenized for (null for cards tokenized before this column), so orders can release the card of an
-- order it did not store: DELETE /api/payments/cards?orderId=... (docs/api.md).
alter table cards add column order_id uuid null;
create index cards_by_order on cards (order_id) where order_id is not null;
