-- wrk's script for make bench (bench/run.py): headers, form posts, addresses in turn, and the
-- figures wrk cannot give itself (SQL queries, refusals, the page cache's answers).
local counter = 0
local threads = {}
local body = nil
local method = "GET"
local headers = {}
local posting = false

function setup(thread)
  table.insert(threads, thread)
  thread:set("id", #threads)
end

function init(args)
  -- A different submission key sequence on every run: a key seen before is a double submit.
  math.randomseed(os.time() * 100 + id)
  queries = 0
  answered = 0
  refused = 0
  posting = (os.getenv("BENCH_FORM") or "") ~= ""
  -- Addresses taken in turn (the publish case); none: wrk's own.
  paths = {}
  for line in string.gmatch(os.getenv("BENCH_PATHS") or "", "[^\n]+") do table.insert(paths, line) end
  stale = 0
  missed = 0
  for line in string.gmatch(os.getenv("BENCH_HEADERS") or "", "[^\n]+") do
    local name, value = string.match(line, "^([^:]+):%s*(.*)$")
    if name then headers[name] = value end
  end
  if posting then
    method = "POST"
    headers["Content-Type"] = "application/x-www-form-urlencoded"
  end
end

function request()
  counter = counter + 1
  if posting then
    local n = id * 1000000 + counter
    headers["X-Bench-Client"] = string.format("10.%d.%d.%d", id % 250, math.floor(n / 250) % 250, n % 250)
    local key = string.format("%08x-%04x-4%03x-8%03x-%012x", math.random(0, 0x7fffffff), id, counter % 4096,
      math.random(0, 4095), n)
    local form = string.gsub(os.getenv("BENCH_FORM"), "{n}", tostring(n))
    form = string.gsub(form, "{key}", key)
    return wrk.format(method, nil, headers, form)
  end
  return wrk.format(method, #paths > 0 and paths[counter % #paths + 1] or nil, headers, nil)
end

function response(status, headers, body)
  answered = answered + 1
  local count = headers["X-Query-Count"] or headers["x-query-count"]
  if count then queries = queries + tonumber(count) end
  if status >= 400 then refused = refused + 1 end
  local kept = headers["X-Page-Cache"] or headers["x-page-cache"]
  if kept == "stale" then stale = stale + 1 elseif kept == "miss" then missed = missed + 1 end
end

function done(summary, latency, requests)
  local queries, answered, refused, stale, missed = 0, 0, 0, 0, 0
  for _, thread in ipairs(threads) do
    queries = queries + thread:get("queries")
    answered = answered + thread:get("answered")
    refused = refused + thread:get("refused")
    stale = stale + thread:get("stale")
    missed = missed + thread:get("missed")
  end
  io.write(string.format(
    'BENCH {"requests": %d, "seconds": %f, "p50": %f, "p95": %f, "p99": %f, "queries": %d, ' ..
    '"answered": %d, "errors": %d, "socket_errors": %d, "stale": %d, "missed": %d}\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1e3, latency:percentile(95) / 1e3,
    latency:percentile(99) / 1e3, queries, answered, refused,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout, stale, missed))
end
