-- wrk script: client_credentials token requests (RFC 6749 §4.4) from demo-admin, HTTP Basic client auth.
-- The client's Basic credentials (base64 of "demo-admin:<secret>") come from the environment (CLIENT_BASIC), as
-- bench/client-credentials.sh sets them.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Authorization"] = "Basic " .. os.getenv("CLIENT_BASIC")
wrk.body = "grant_type=client_credentials&scope=entitlements.read"

done = function(summary, latency, requests)
  io.write(string.format("requests %d, non-2xx/3xx %d, socket errors %d, median %.1f ms, p99 %.1f ms\n",
    summary.requests, summary.errors.status, summary.errors.connect + summary.errors.read + summary.errors.write
      + summary.errors.timeout, latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
