-- wrk script for bench/loadtest.py: rotate through the request paths listed in a file (one per line),
-- each request from one of a thousand client addresses (X-Forwarded-For, as a proxy would send it),
-- and print the summary as one JSON line.
local paths = {}
local counter = 0
local clients = 1000

function init(args)
  for line in io.lines(args[1]) do
    paths[#paths + 1] = line
  end
  counter = math.random(#paths)
end

function request()
  counter = counter + 1
  local client = counter % clients
  local address = string.format("10.20.%d.%d", math.floor(client / 250), client % 250 + 1)
  return wrk.format("GET", paths[(counter % #paths) + 1], {["X-Forwarded-For"] = address})
end

function done(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    'RESULT {"requests": %d, "duration_us": %d, "bytes": %d, "connect_errors": %d, "read_errors": %d, ' ..
    '"write_errors": %d, "timeouts": %d, "non_2xx_3xx": %d, "p50_us": %d, "p90_us": %d, "p99_us": %d, ' ..
    '"max_us": %d}\n',
    summary.requests, summary.duration, summary.bytes, errors.connect, errors.read, errors.write, errors.timeout,
    errors.status, latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max))
end
