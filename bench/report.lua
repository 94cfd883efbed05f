-- wrk script: prints one parseable line at the end of a run, e.g.
--   RESULT rps=1234.5 p50_ms=3.21 p99_ms=12.40 requests=12345 non2xx=0 errors=0
-- Latencies are wrk's (per request, microseconds internally). "non2xx" counts 4xx/5xx answers (a 429 from the
-- rate limiter or a 401 would spoil the comparison, so bench/run.sh refuses results with any).
-- Optional: set BENCH_METHOD / BENCH_BODY / BENCH_CONTENT_TYPE in the environment to send a body (login).
local method = os.getenv("BENCH_METHOD")
if method and method ~= "" then
  wrk.method = method
  wrk.body = os.getenv("BENCH_BODY")
  wrk.headers["Content-Type"] = os.getenv("BENCH_CONTENT_TYPE") or "application/json"
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT rps=%.2f p50_ms=%.3f p99_ms=%.3f requests=%d non2xx=%d errors=%d\n",
    summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.requests, e.status, e.connect + e.read + e.write + e.timeout))
end
