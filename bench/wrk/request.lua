-- wrk script for one endpoint: a fixed request (form POST or GET), every response checked, ONE result line at
-- the end in the format of the peers' scripts. bench/run.sh sets the environment:
--   WRK_METHOD  [POST]     WRK_BODY  request body (POST)
--   WRK_CONTENT_TYPE [application/x-www-form-urlencoded]
--   WRK_BASIC   base64("client_id:secret") for HTTP Basic client authentication (optional)
--   WRK_BEARER  an access token for "Authorization: Bearer" (optional)
--   WRK_EXPECT  a string every 2xx body must contain, e.g. "PERMIT" (optional; others count as unexpected)
--   WRK_LABEL   label of the result line
--   WRK_RATE    pace the load to this many requests per second in all (optional, the soak), with
--   WRK_THREADS the -t given to wrk (needed with WRK_RATE)
-- wrk itself counts only statuses >= 400 as errors; here every status outside 2xx (3xx too) is non2xx.
wrk.method = os.getenv("WRK_METHOD") or "POST"
if wrk.method ~= "GET" then
  wrk.body = os.getenv("WRK_BODY") or ""
  wrk.headers["Content-Type"] = os.getenv("WRK_CONTENT_TYPE") or "application/x-www-form-urlencoded"
end
wrk.headers["Accept"] = "application/json"
local basic = os.getenv("WRK_BASIC")
if basic and basic ~= "" then
  wrk.headers["Authorization"] = "Basic " .. basic
end
local bearer = os.getenv("WRK_BEARER")
if bearer and bearer ~= "" then
  wrk.headers["Authorization"] = "Bearer " .. bearer
end
local expect = os.getenv("WRK_EXPECT")
if expect == "" then expect = nil end

local threads = {}
function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  non2xx = 0
  unexpected = 0
end

function response(status, headers, body)
  if status < 200 or status > 299 then
    non2xx = non2xx + 1
  elseif expect and not string.find(body, expect, 1, true) then
    unexpected = unexpected + 1
  end
end

-- Pacing (WRK_RATE): each thread hands out send times on its own schedule, rate / threads per second, and
-- delay() makes the connection wait for its slot. Needs LuaJIT's ffi for a wall clock; without it each
-- connection waits connections / rate seconds after every response (slightly below the rate).
local rate = tonumber(os.getenv("WRK_RATE") or "")
if rate and rate > 0 then
  local nthreads = tonumber(os.getenv("WRK_THREADS") or "1")
  local interval_ms = 1000.0 * nthreads / rate
  local ok, ffi = pcall(require, "ffi")
  local now_ms
  if ok then
    ffi.cdef[[
      typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
      int clock_gettime(int clock_id, bench_timespec *tp);
    ]]
    local ts = ffi.new("bench_timespec")
    now_ms = function()
      ffi.C.clock_gettime(1, ts) -- CLOCK_MONOTONIC
      return tonumber(ts.tv_sec) * 1000.0 + tonumber(ts.tv_nsec) / 1e6
    end
  end
  local next_slot = nil
  delay = function()
    if not now_ms then
      return math.floor(interval_ms * (tonumber(os.getenv("WRK_CONNS") or "16") / nthreads))
    end
    local now = now_ms()
    -- after a stall, start the schedule again instead of catching up in a burst
    if next_slot == nil or next_slot < now - 1000 then
      next_slot = now
    end
    local wait = next_slot - now
    next_slot = next_slot + interval_ms
    if wait < 0 then return 0 end
    return math.floor(wait)
  end
end

done = function(summary, latency, requests)
  local bad, odd = 0, 0
  for _, thread in ipairs(threads) do
    bad = bad + (thread:get("non2xx") or 0)
    odd = odd + (thread:get("unexpected") or 0)
  end
  local secs = summary.duration / 1e6
  local e = summary.errors
  io.write(string.format(
    "RESULT label=%s rps=%.1f p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f max_ms=%.2f requests=%d non2xx=%d sock_err=%d unexpected=%d\n",
    os.getenv("WRK_LABEL") or "request", summary.requests / secs,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, summary.requests, math.max(bad, e.status), e.connect + e.read + e.write + e.timeout, odd))
end
