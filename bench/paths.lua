-- wrk script: rotate through the request paths listed in a file (one per line)
-- and print the summary as one JSON line for bench/run.py.
local paths = {}
local counter = 0

function init(args)
  for line in io.lines(args[1]) do
    paths[#paths + 1] = line
  end
  counter = math.random(#paths)
end

function request()
  counter = counter + 1
  return wrk.format("GET", paths[(counter % #paths) + 1])
end

function done(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    'RESULT {"requests": %d, "duration_us": %d, "socket_errors": %d, "non_2xx": %d, "p50_us": %d, "p95_us": %d, "p99_us": %d}\n',
    summary.requests, summary.duration, errors.connect + errors.read + errors.write + errors.timeout, errors.status,
    latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end
