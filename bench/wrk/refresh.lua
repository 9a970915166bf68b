-- wrk script: refresh_token grant with rotation. Every refresh token is single-use (presenting one twice
-- revokes its family), so each wrk thread keeps a pool of live ones: request() takes one, response() puts
-- back the new one from the answer. Seeded from a file of refresh tokens of different families (bench/run.sh
-- gets them by real sign-ins); at the end the unused ones are written back for the next run. Tokens in flight
-- when wrk stops are lost, so seed at least twice the connections (warm-up + measured run).
--   WRK_POOL      file with one refresh token per line       WRK_POOL_OUT  file the live ones are written to
--   WRK_THREADS   the -t given to wrk                         WRK_CLIENT_ID [demo-web] (a public client)
--   WRK_LABEL     label of the result line
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Accept"] = "application/json"
local prefix = "grant_type=refresh_token&client_id=" .. (os.getenv("WRK_CLIENT_ID") or "demo-web") .. "&refresh_token="

local threads = {}
function setup(thread)
  thread:set("index", #threads)
  table.insert(threads, thread)
end

function init(args)
  pool, n, non2xx, unexpected, starved = {}, 0, 0, 0, 0
  local nthreads = tonumber(os.getenv("WRK_THREADS") or "1")
  local i = 0
  for line in io.lines(os.getenv("WRK_POOL")) do
    if line ~= "" then
      if i % nthreads == index then
        n = n + 1
        pool[n] = line
      end
      i = i + 1
    end
  end
end

function request()
  local token = "pool-exhausted"
  if n > 0 then
    token = pool[n]
    pool[n] = nil
    n = n - 1
  else
    starved = starved + 1
  end
  return wrk.format(nil, nil, nil, prefix .. token)
end

function response(status, headers, body)
  if status ~= 200 then
    non2xx = non2xx + 1
    return
  end
  local token = string.match(body, '"refresh_token"%s*:%s*"([^"]+)"')
  if token then
    n = n + 1
    pool[n] = token
  else
    unexpected = unexpected + 1
  end
end

done = function(summary, latency, requests)
  local bad, odd, hungry, left = 0, 0, 0, 0
  local out = io.open(os.getenv("WRK_POOL_OUT"), "w")
  for _, thread in ipairs(threads) do
    bad = bad + (thread:get("non2xx") or 0)
    odd = odd + (thread:get("unexpected") or 0)
    hungry = hungry + (thread:get("starved") or 0)
    local tokens, count = thread:get("pool"), thread:get("n") or 0
    for i = 1, count do
      out:write(tokens[i], "\n")
    end
    left = left + count
  end
  out:close()
  local secs = summary.duration / 1e6
  local e = summary.errors
  io.write(string.format(
    "RESULT label=%s rps=%.1f p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f max_ms=%.2f requests=%d non2xx=%d sock_err=%d unexpected=%d starved=%d families_left=%d\n",
    os.getenv("WRK_LABEL") or "refresh", summary.requests / secs,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, summary.requests, math.max(bad, e.status), e.connect + e.read + e.write + e.timeout,
    odd, hungry, left))
end
