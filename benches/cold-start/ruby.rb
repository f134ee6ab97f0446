# frozen_string_literal: true

# Cold start in this new Ruby process: the time to require the gem (load),
# to build the first client (client), and to mint the first and the second
# token. Prints one line for benches/cold-start/run.py:
#   COLD {"load": ms, "client": ms, "first": ms, "second": ms, "cpu_load": ms, ...}
# (wall-clock time, and as cpu_* the process's CPU time)
#
# Usage: ruby -Ibindings/ruby/lib ruby.rb ours KEY_FILE
#        ruby ruby.rb ruby-jwt KEY_FILE   (ruby-jwt and openssl, the PEM parsed on every call)

require "json"

mode, key_file = ARGV
pem = File.read(key_file)
def clock = [Process.clock_gettime(Process::CLOCK_MONOTONIC), Process.clock_gettime(Process::CLOCK_PROCESS_CPUTIME_ID)]

start = clock
if mode == "ruby-jwt"
  require "jwt"
  require "openssl"
  loaded = created = clock
  mint = lambda do |user|
    now = Time.now.to_i
    JWT.encode({ sub: "user:#{user}", apiKey: "cold-start-api-key", iat: now, exp: now + 3600 }, OpenSSL::PKey::RSA.new(pem), "RS256")
  end
else
  require "engagespot_token"
  loaded = clock
  client = EngagespotToken::Client.new(api_key: "cold-start-api-key", api_secret: "cold-start-secret", signing_key: pem)
  created = clock
  mint = ->(user) { client.generate_user_token(user) }
end
token = mint.call("first@example.com")
first = clock
again = mint.call("second@example.com")
second = clock
raise "cold-start: no token from #{mode}" unless token.count(".") == 2 && again.count(".") == 2

phases = {}
{ load: [start, loaded], client: [loaded, created], first: [created, first], second: [first, second] }.each do |name, (from, to)|
  phases[name] = ((to[0] - from[0]) * 1e3).round(3)
  phases[:"cpu_#{name}"] = ((to[1] - from[1]) * 1e3).round(3)
end
puts "COLD #{JSON.generate(phases)}"
