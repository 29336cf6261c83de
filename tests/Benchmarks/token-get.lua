-- wrk script for a GET with or without a bearer token (BENCH_TOKEN; empty: none). The catalogue is open to anyone, but
-- the gateway validates any token it is sent, so the difference between the two runs is the validation's cost.
local token = os.getenv("BENCH_TOKEN") or ""
if token ~= "" then
  wrk.headers["Authorization"] = "Bearer " .. token
end

dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "report.lua")
