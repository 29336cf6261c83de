-- Each payment belongs to the customer of its order (sent by orders with the charge); a customer reads only its own.
-- Payments charged before this column existed have no customer, so no customer can read them.
alter table payments add column customer_id text;
create index payments_customer_order on payments (customer_id, order_id);
