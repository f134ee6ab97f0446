# frozen_string_literal: true

# Ruby contenders, each for SECONDS: the gem with the client kept, with a new
# client per token, and ruby-jwt (Debian's ruby-jwt) the way Rails apps
# hand-roll the token: the PEM parsed on every call, and parsed once.
# Prints "RESULT name tokens/s" lines for scripts/bench.
#
# Usage: ruby -Ibindings/ruby/lib benches/ruby/bench.rb KEY_FILE SECONDS

require "engagespot_token"
require "jwt"
require "openssl"

key_file, seconds = ARGV[0], Float(ARGV[1] || 2)
pem = File.read(key_file)
api_key = "bench-api-key"

def clock = Process.clock_gettime(Process::CLOCK_MONOTONIC)

# Tokens/s of each contender, measured in interleaved slices of 0.1 s (all
# forward, then all backward, until each has run SECONDS), so that every
# contender sees the same machine.
def rates(contenders, seconds)
  contenders.each_value do |mint|
    end_at = clock + 0.1
    mint.call while clock < end_at
  end
  counts = Hash.new(0)
  times = Hash.new(0.0)
  order = contenders.keys
  (seconds / 0.1).ceil.times do
    order.each do |name|
      start = clock
      loop do
        contenders[name].call
        counts[name] += 1
        break if clock - start >= 0.1
      end
      times[name] += clock - start
    end
    order = order.reverse
  end
  contenders.keys.to_h { |name| [name, counts[name] / times[name]] }
end

claims = -> { now = Time.now.to_i; { sub: "user:user@example.com", apiKey: api_key, iat: now, exp: now + 3600 } }
kept = EngagespotToken::Client.new(api_key: api_key, api_secret: "s", signing_key: pem)
parsed = OpenSSL::PKey::RSA.new(pem)

contenders = {
  "ruby_binding_kept" => -> { kept.generate_user_token("user@example.com") },
  "ruby_binding_new_client" => lambda {
    EngagespotToken::Client.new(api_key: api_key, api_secret: "s", signing_key: pem).generate_user_token("user@example.com")
  },
  "ruby_jwt_pem_each_call" => -> { JWT.encode(claims.call, OpenSSL::PKey::RSA.new(pem), "RS256") },
  "ruby_jwt_key_parsed_once" => -> { JWT.encode(claims.call, parsed, "RS256") }
}
rates(contenders, seconds).each { |name, rate| printf("RESULT %s %.1f tokens/s\n", name, rate) }
