# frozen_string_literal: true

# The differential test's player for Ruby: the gem in bindings/ruby (-Ilib) over
# the in-tree release build. Reads one input per line on stdin and writes one
# outcome per line (protocol: tests/differential/README.md). The inputs are read
# as the conformance runner reads them (bindings/ruby/test/conformance_values.rb);
# every rule is the gem's.

require "json"
require "engagespot_token"
require_relative "../../../bindings/ruby/test/conformance_values"

# The outcome of one input: token, or error and step, or why it is skipped.
def play(given)
  config, identifier, options, = ConformanceValues.inputs(given)
  at = "client"
  begin
    client = EngagespotToken::Client.new(**config)
    at = "token"
    { token: client.generate_user_token(identifier, **options) }
  rescue EngagespotToken::Error => e
    { error: e.name, at: at, message: e.message.to_s.scrub[0, 300] }
  rescue StandardError => e
    { error: "no code: #{e.class}", at: at, message: e.message.to_s.scrub[0, 300] }
  end
rescue ConformanceValues::Inexpressible => e
  { skip: e.message }
end

ENV.delete("ENGAGESPOT_PRIVATE_SIGNING_KEY")
$stdout.sync = true
puts JSON.generate({ ready: "ruby" })
$stdin.each_line do |line|
  input = JSON.parse(line)
  puts JSON.generate(play(input["case"]).merge(id: input["id"]))
end
