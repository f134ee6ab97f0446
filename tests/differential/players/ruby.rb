# frozen_string_literal: true

# The differential test's player for Ruby: the gem in bindings/ruby (-Ilib) over
# the in-tree release build. Reads one input per line on stdin and writes one
# outcome per line (protocol: tests/differential/README.md). It only adapts the
# inputs to Ruby's calling convention (camelCase names to snake_case symbols by
# the generic rule); every rule is the gem's.

require "json"
require "engagespot_token"

ROOT = File.expand_path("../../..", __dir__)
ABSENT = Object.new.freeze
SPECIAL_FLOATS = { "NaN" => Float::NAN, "Infinity" => Float::INFINITY, "-Infinity" => -Float::INFINITY }.freeze

# A value Ruby has no way to write.
class Inexpressible < StandardError; end

# expiresIn -> expires_in: the generic rule, no table of names.
def snake(name) = name.gsub(/([A-Z])/) { "_#{Regexp.last_match(1).downcase}" }

# A value of tests/conformance/README.md, "Values", as Ruby holds it.
def value(v)
  return v unless v.is_a?(Hash)

  case v["type"]
  when "absent" then ABSENT
  when "float" then SPECIAL_FLOATS.fetch(v["value"]) { Float(v["value"]) }
  when "bigint" then Integer(v["value"])
  when "repeat" then v["value"] * v["count"]
  when "file" then File.read(File.join(ROOT, v["path"]))
  when "file_uri" then "file://#{File.join(ROOT, v['path'])}"
  when "concat" then v["parts"].map { |part| value(part) }.join
  when "raw" then [v["hex"]].pack("H*")
  when "utf16" then v["units"].pack("v*").force_encoding(Encoding::UTF_16LE)
  when "encoded" then v["value"].encode(v["encoding"])
  when "object" then Object.new
  else raise Inexpressible, "#{v['type']} values exist only in other languages"
  end
end

# The outcome of one input: token, or error and step, or why it is skipped.
def play(c)
  config = %w[apiKey apiSecret signingKey].select { |f| c.key?(f) }.to_h { |f| [snake(f).to_sym, value(c[f])] }
  config.reject! { |_, v| v.equal?(ABSENT) }
  identifier = value(c["identifier"])
  raise Inexpressible, "the identifier is a required argument" if identifier.equal?(ABSENT)

  options = c.fetch("options", {})
  raise Inexpressible, "options are keyword arguments" unless options.is_a?(Hash) && !options.key?("type")

  options = options.to_h { |name, v| [snake(name).to_sym, value(v)] }
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
rescue Inexpressible => e
  { skip: e.message }
end

ENV.delete("ENGAGESPOT_PRIVATE_SIGNING_KEY")
$stdout.sync = true
puts JSON.generate({ ready: "ruby" })
$stdin.each_line do |line|
  input = JSON.parse(line)
  puts JSON.generate(play(input["case"]).merge(id: input["id"]))
end
