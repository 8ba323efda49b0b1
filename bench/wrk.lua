-- wrk script of bench/measure.py: every response checked for its status and
-- size, one JSON line out.  wrk runs for a fixed duration (-d), not a fixed
-- number of requests: its main thread sleeps the whole duration even when a
-- script stops its worker early, so a count-based stop would skew req/s.
-- Environment: BODY_FILE (POST it as JSON; unset: GET),
-- IF_NONE_MATCH (a header to send), EXPECT_STATUS, EXPECT_SIZE (bytes; 0: any).
local expect_status = tonumber(os.getenv("EXPECT_STATUS") or "200")
local expect_size = tonumber(os.getenv("EXPECT_SIZE") or "0")
local body_file = os.getenv("BODY_FILE") or ""
local if_none_match = os.getenv("IF_NONE_MATCH") or ""

if body_file ~= "" then
  local f = assert(io.open(body_file, "rb"))
  wrk.method = "POST"
  wrk.body = f:read("*a")
  f:close()
  wrk.headers["Content-Type"] = "application/json"
end
if if_none_match ~= "" then
  wrk.headers["If-None-Match"] = if_none_match
end

local threads = {}
count = 0
bad = 0

function setup(thread)
  table.insert(threads, thread)
end

function response(status, headers, body)
  count = count + 1
  if status ~= expect_status or (expect_size > 0 and #body ~= expect_size) then
    bad = bad + 1
  end
end

function done(summary, latency, _)
  local bad_total, count_total = 0, 0
  for _, t in ipairs(threads) do
    bad_total = bad_total + t:get("bad")
    count_total = count_total + t:get("count")
  end
  local e = summary.errors
  io.write(string.format(
    '{"requests":%d,"duration_us":%d,"p50_us":%d,"p99_us":%d,"errors":%d,"bad":%d}\n',
    count_total, summary.duration, latency:percentile(50), latency:percentile(99),
    e.connect + e.read + e.write + e.status + e.timeout, bad_total))
end
