-- wrk script for bench/load.sh: which request to send, and a machine-readable summary.
--
-- Environment: BENCH_TOKEN (API token), BENCH_AS_OF (report date of the data set),
-- BENCH_KIND = "tasks" (the task list filtered by one unit and one status group, rotating over
-- BENCH_UNITS, comma-separated ids, and four groups) or "stats" (statistics per unit).

local token = os.getenv("BENCH_TOKEN") or ""
local as_of = os.getenv("BENCH_AS_OF") or "2025-06-30"
local kind = os.getenv("BENCH_KIND") or "tasks"
local units = {}
for id in string.gmatch(os.getenv("BENCH_UNITS") or "", "%d+") do
  units[#units + 1] = id
end
local groups = { "open_overdue", "open_in_time", "done_on_time", "due_soon" }
local headers = { ["Authorization"] = "Bearer " .. token }
i = 0 -- global: setup() sets it per thread

function setup(thread)
  -- threads start at different points of the rotation
  thread:set("i", math.random(0, 1000))
end

function request()
  i = i + 1
  if kind == "stats" then
    return wrk.format("GET", "/api/statistics?as_of=" .. as_of, headers)
  end
  local u = units[(i % #units) + 1]
  local g = groups[(math.floor(i / #units) % #groups) + 1]
  return wrk.format("GET", "/api/tasks?unit=" .. u .. "&status=" .. g .. "&as_of=" .. as_of, headers)
end

function done(summary, latency, requests)
  local e = summary.errors
  -- latencies in microseconds; duration in microseconds
  io.write(string.format("RESULT requests=%d seconds=%.3f p50_us=%d p90_us=%d p99_us=%d max_us=%d errors=%d non2xx=%d\n",
    summary.requests, summary.duration / 1e6,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
    e.connect + e.read + e.write + e.timeout, e.status))
end
