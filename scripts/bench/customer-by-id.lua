-- wrk script: GET /api/v1/customers/{id} for random ids in 1..MAX_ID with a bearer token.
-- Environment: PEYVAND_TOKEN, PEYVAND_MAX_ID.
local token = os.getenv("PEYVAND_TOKEN")
local max_id = tonumber(os.getenv("PEYVAND_MAX_ID") or "10000")
local counter = 0

function setup(thread)
  thread:set("seed", counter)
  counter = counter + 1
end

function init(args)
  math.randomseed(seed * 7919 + 17)
  wrk.headers["Authorization"] = "Bearer " .. token
end

function request()
  return wrk.format("GET", "/api/v1/customers/" .. math.random(1, max_id))
end

function done(summary, latency, requests)
  io.write(string.format("requests/s: %.0f\n", summary.requests / (summary.duration / 1e6)))
  for _, p in ipairs({50, 90, 99, 99.9}) do
    io.write(string.format("p%s: %.2f ms\n", p, latency:percentile(p) / 1000))
  end
  io.write(string.format("errors: connect %d, read %d, write %d, status %d, timeout %d\n",
    summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.status, summary.errors.timeout))
end
