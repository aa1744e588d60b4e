-- wrk script for bench/pages.sh: which page to ask for, with the session cookie, and a
-- machine-readable summary.
--
-- Environment: BENCH_COOKIE ("dondoc_session=<token>"), BENCH_AS_OF (report date of the data
-- set), BENCH_UNITS (comma-separated unit ids), BENCH_TASKS (comma-separated task ids),
-- BENCH_PAGE = "overview" (GET /?as_of=D), "tasks" (GET /tasks, first page, default filters),
-- "filtered" (GET /tasks?unit=U&status=S&as_of=D, rotating over the units and four groups),
-- "task" (GET /tasks/{id}, rotating over BENCH_TASKS), "reports" (GET /reports?as_of=D) or
-- "documents" (GET /documents).

local cookie = os.getenv("BENCH_COOKIE") or ""
local as_of = os.getenv("BENCH_AS_OF") or "2025-06-30"
local page = os.getenv("BENCH_PAGE") or "overview"
local function ids(var)
  local out = {}
  for id in string.gmatch(os.getenv(var) or "", "%d+") do
    out[#out + 1] = id
  end
  return out
end
local units = ids("BENCH_UNITS")
local tasks = ids("BENCH_TASKS")
local groups = { "open_overdue", "open_in_time", "done_on_time", "due_soon" }
local headers = { ["Cookie"] = cookie }
i = 0 -- global: setup() sets it per thread
not200 = 0 -- per thread: answers other than 200 (a redirect to /login is not an error to wrk)
local threads = {}

function setup(thread)
  -- threads start at different points of the rotation
  thread:set("i", math.random(0, 1000))
  threads[#threads + 1] = thread
end

function response(status, headers, body)
  if status ~= 200 then
    not200 = not200 + 1
  end
end

function request()
  i = i + 1
  local path
  if page == "overview" then
    path = "/?as_of=" .. as_of
  elseif page == "tasks" then
    path = "/tasks"
  elseif page == "filtered" then
    local u = units[(i % #units) + 1]
    local g = groups[(math.floor(i / #units) % #groups) + 1]
    path = "/tasks?unit=" .. u .. "&status=" .. g .. "&as_of=" .. as_of
  elseif page == "task" then
    path = "/tasks/" .. tasks[(i % #tasks) + 1]
  elseif page == "reports" then
    path = "/reports?as_of=" .. as_of
  else
    path = "/documents"
  end
  return wrk.format("GET", path, headers)
end

function done(summary, latency, requests)
  local e = summary.errors
  local bad = 0
  for _, t in ipairs(threads) do
    bad = bad + t:get("not200")
  end
  -- latencies in microseconds; duration in microseconds
  io.write(string.format("RESULT requests=%d seconds=%.3f p50_us=%d p90_us=%d p99_us=%d max_us=%d errors=%d not200=%d\n",
    summary.requests, summary.duration / 1e6,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
    e.connect + e.read + e.write + e.timeout, bad))
end
