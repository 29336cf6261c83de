-- wrk script for POST /api/orders: a unique Idempotency-Key per request (run id, thread, counter), 2 lines / 3 items
-- (so the v2 canary discount applies), the test card that is always captured.
-- Env: BENCH_RUN (unique per run), BENCH_TOKEN (the customer's access token, sent as a bearer token),
-- BENCH_DELAY_MS (optional: pause per connection before each request, for a rate-limited run).
local run = os.getenv("BENCH_RUN") or tostring(os.time())
local pause = tonumber(os.getenv("BENCH_DELAY_MS") or "0")
local auth = "Bearer " .. (os.getenv("BENCH_TOKEN") or "")
local threads = {}
local counter = 0

setup = function(thread)
  thread:set("tid", #threads + 1)
  table.insert(threads, thread)
end

request = function()
  counter = counter + 1
  local key = string.format("bench-%s-%d-%d", run, tid, counter)
  local body = string.format('{"customerId":"bench-customer-%d","items":[{"productId":"espresso-machine","quantity":1},' ..
    '{"productId":"coffee-beans-1kg","quantity":2}],"card":{"number":"4242424242424242","expiry":"12/30","cvc":"123"}}',
    counter % 200)
  return wrk.format("POST", "/api/orders", { ["Content-Type"] = "application/json", ["Idempotency-Key"] = key, ["Authorization"] = auth }, body)
end

if pause > 0 then
  delay = function() return pause end
end

-- The same RESULT line as the GET benchmarks: report.lua, beside this script.
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "report.lua")
