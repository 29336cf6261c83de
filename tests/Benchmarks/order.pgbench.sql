-- The SQL one order costs, statement for statement as services/Orders and services/Payments send it
-- (Storage/OrderStore.cs, Storage/Catalog.cs, Outbox/PaymentDispatch.cs; Payments Storage/CardVault.cs, PaymentStore.cs),
-- in the order they run. Both schemas live in one benchmark database; in the system they are two databases,
-- and the charge's statements run on the payments connection while the dispatch transaction is open.
\set k random(1, 9000000000000000)
\set cust random(0, 199)
-- orders: POST /api/orders, idempotency lookup (a miss)
select request_hash, status_code, response_body from idempotency_requests where key = 'bench-pg-' || :k::text;
-- (orders: the catalogue is held in memory for 30 s, so an order costs no catalogue query)
-- payments: POST /api/payments/cards (tokenize)
insert into cards (token, brand, last4, expiry, created_at) values ('tok_' || md5(:k::text), 'visa', '4242', '12/30', now());
-- orders: key, order, lines and outbox record in one statement (data-modifying CTEs, no explicit transaction)
with claimed as (
  insert into idempotency_requests (key, request_hash, order_id, status_code, response_body, created_at)
  values ('bench-pg-' || :k::text, md5('h' || :k::text), md5(:k::text)::uuid, 201,
    '{"id":  "0193a0c2-5d1e-7c3b-9a2f-1b2c3d4e5f60","customerId":  "bench-customer-42","status":  "Pending","currency":  "EUR","lines": [{"productId":  "espresso-machine","productName":  "Barista Pro Espresso Machine","unitPrice": 349.00,"quantity": 1,"lineTotal": 349.00},{"productId":  "coffee-beans-1kg","productName":  "Single-Origin Coffee Beans 1 kg","unitPrice": 24.90,"quantity": 2,"lineTotal": 49.80}],"subtotal": 398.80,"discount": 0.00,"total": 398.80,"pricedBy":  "v1","cardLast4":  "4242","paymentId": null,"failureReason": null,"createdAt":  "2026-11-26T14.05.00.123+00.00","updatedAt":  "2026-11-26T14.05.00.123+00.00"}',
    now())
  on conflict (key) do nothing
  returning order_id
), placed as (
  insert into orders (id, customer_id, status, currency, subtotal, discount, total, priced_by, card_token, card_last4, created_at, updated_at)
  select order_id, 'bench-customer-' || :cust::text, 'Pending', 'EUR', 398.80, 0.00, 398.80, 'v1', 'tok_' || md5(:k::text), '4242', now(), now()
  from claimed
  returning id
), lines as (
  insert into order_lines (order_id, line_no, product_id, product_name, unit_price, quantity, line_total)
  select placed.id, line.*
  from placed, unnest(array[1, 2], array['espresso-machine', 'coffee-beans-1kg'], array['Barista Pro Espresso Machine', 'Single-Origin Coffee Beans 1 kg'],
    array[349.00, 24.90], array[1, 2], array[349.00, 49.80]) as line
), queued as (
  insert into outbox (order_id, kind, payload, traceparent, tracestate, next_attempt_at, created_at)
  select id, 'charge',
    ('{"orderId": "' || id::text || '","amount": 398.80, "currency": "EUR", "cardToken": "tok_' || md5(:k::text) || '"}')::jsonb,
    '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01', null, now(), now()
  from placed
)
select count(*) from claimed;
-- orders: the outbox dispatcher takes the oldest due record (not necessarily this client's) ...
-- (wrapped in an aggregate so that "nothing due", possible under SKIP LOCKED, is one row pgbench can test)
begin;
select coalesce(max(id), 0) as ob_id, coalesce(max(order_id::text), '') as ob_order, coalesce(max(token), '') as ob_token from (
  select o.id, o.order_id, o.payload->>'cardToken' as token, o.attempts, ord.status
  from outbox o join orders ord on ord.id = o.order_id
  where o.processed_at is null and o.next_attempt_at <= now()
  order by o.next_attempt_at, o.id
  limit 1
  for update of o, ord skip locked) due \gset
\if :ob_id > 0
-- payments: POST /api/payments (idempotency lookup, card lookup, payment insert)
select p.id, p.order_id, p.amount, p.currency, p.status, p.decline_reason, c.last4, p.created_at, p.refunded_at, p.idempotency_key, p.request_hash, p.card_token
from payments p join cards c on c.token = p.card_token where p.idempotency_key = 'order-' || :ob_order::text;
select token, brand, last4, expiry from cards where token = :ob_token::text;
insert into payments (id, order_id, idempotency_key, request_hash, amount, currency, card_token, status, decline_reason, created_at)
values (md5('p' || :ob_order::text)::uuid, :ob_order::uuid, 'order-' || :ob_order::text, md5('r' || :ob_order::text), 398.80, 'EUR', :ob_token::text, 'Captured', null, now())
on conflict (idempotency_key) do nothing;
-- ... and records the outcome in one statement: the status update and the outbox record processed
with settled as (
  update orders set status = 'Paid', payment_id = md5('p' || :ob_order::text)::uuid, failure_reason = null, updated_at = now()
  where id = :ob_order::uuid and status = 'Pending'
)
update outbox set processed_at = now(), attempts = attempts + 1 where id = :ob_id::bigint;
\endif
commit;
