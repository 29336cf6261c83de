-- 'Pending' is the claim of an Idempotency-Key: the charge inserts its row as Pending in a transaction it holds open while
-- the provider answers, then sets the outcome and commits. So the row is never seen Pending outside that transaction;
-- a concurrent request with the same key waits on the unique key, and a claimant that dies is rolled back by PostgreSQL.
alter table payments drop constraint payments_status_check;
alter table payments add constraint payments_status_check check (status in ('Pending', 'Captured', 'Declined', 'Refunded'));
