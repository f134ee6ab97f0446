-- wrk script for scripts/loadtest: a different user on every request
-- (w<thread>-<n>@example.com, '@' percent-encoded), answers that are not 200 or
-- not {"token":"..."} counted per thread, and one JSON summary line at the end.
--   wrk ... -s loadtest/wrk.lua http://127.0.0.1:PORT/token

local threads = {}

function setup(thread)
  thread:set("tid", #threads)
  table.insert(threads, thread)
end

function init(args)
  sent, non200, badbody = 0, 0, 0
end

function request()
  sent = sent + 1
  return wrk.format("GET", wrk.path .. "?user=w" .. tid .. "-" .. sent .. "%40example.com")
end

function response(status, headers, body)
  if status ~= 200 then
    non200 = non200 + 1
  elseif body:sub(1, 10) ~= '{"token":"' then
    badbody = badbody + 1
  end
end

function done(summary, latency, requests)
  local non, bad = 0, 0
  for _, thread in ipairs(threads) do
    non = non + thread:get("non200")
    bad = bad + thread:get("badbody")
  end
  local e = summary.errors
  io.write(string.format(
    'LOADTEST {"requests":%d,"duration_us":%d,"connect_errors":%d,"read_errors":%d,"write_errors":%d,' ..
    '"timeouts":%d,"status_errors":%d,"non200":%d,"bad_body":%d,"p50_us":%d,"p99_us":%d,"max_us":%d}\n',
    summary.requests, summary.duration, e.connect, e.read, e.write, e.timeout, e.status, non, bad,
    latency:percentile(50), latency:percentile(99), latency.max))
end
