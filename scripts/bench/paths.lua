-- wrk script: request a random line of the file PEYVAND_PATHS — a path to GET, or
-- "POST <path> <json body>" — with an optional Authorization bearer token (PEYVAND_TOKEN) or
-- Cookie header (PEYVAND_COOKIE).
local paths = {}
local file = assert(io.open(os.getenv("PEYVAND_PATHS"), "r"))
for line in file:lines() do if #line > 0 then paths[#paths + 1] = line end end
file:close()
local counter = 0

function setup(thread)
  thread:set("seed", counter)
  counter = counter + 1
end

function init(args)
  math.randomseed(seed * 7919 + 17)
  local token, cookie = os.getenv("PEYVAND_TOKEN"), os.getenv("PEYVAND_COOKIE")
  if token and #token > 0 then wrk.headers["Authorization"] = "Bearer " .. token end
  if cookie and #cookie > 0 then wrk.headers["Cookie"] = cookie end
end

function request()
  local line = paths[math.random(1, #paths)]
  if line:sub(1, 5) == "POST " then
    local path, body = line:match("^POST (%S+) (.*)$")
    local headers = {["Content-Type"] = "application/json"}
    for k, v in pairs(wrk.headers) do headers[k] = v end
    return wrk.format("POST", path, headers, body)
  end
  return wrk.format("GET", line)
end

function done(summary, latency, requests)
  io.write(string.format("requests/s: %.0f\n", summary.requests / (summary.duration / 1e6)))
  for _, p in ipairs({50, 90, 99, 99.9}) do
    io.write(string.format("p%s: %.2f ms\n", p, latency:percentile(p) / 1000))
  end
  io.write(string.format("errors: connect %d, read %d, write %d, status %d, timeout %d\n",
    summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.status, summary.errors.timeout))
end
