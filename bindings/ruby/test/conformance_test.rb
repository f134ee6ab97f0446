# frozen_string_literal: true

require_relative "test_helper"

# Plays tests/conformance/cases.json, one test per case, with tokens verified
# by Ruby's OpenSSL. Cases Ruby cannot express are skipped, with the reason.
class ConformanceTest < Minitest::Test
  include TokenHelpers

  TABLE = JSON.parse(File.read(File.join(ROOT, "tests/conformance/cases.json")))
  KEY_VARIABLE = "ENGAGESPOT_PRIVATE_SIGNING_KEY"
  ABSENT = Object.new.freeze
  SPECIAL_FLOATS = { "NaN" => Float::NAN, "Infinity" => Float::INFINITY, "-Infinity" => -Float::INFINITY }.freeze

  # A value Ruby has no way to write.
  class Inexpressible < StandardError; end

  # expiresIn -> expires_in: the generic rule, no table of names.
  def self.snake(name) = name.gsub(/([A-Z])/) { "_#{Regexp.last_match(1).downcase}" }

  # A value of the table (README.md, "Values") as Ruby holds it.
  def self.value(v)
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
    when "entries"
      v["entries"].to_h { |e| [e["key"] == "string" ? snake(e["name"]) : snake(e["name"]).to_sym, value(e["value"])] }
    else raise Inexpressible, "#{v['type']} values exist only in other languages"
    end
  end

  # [constructor keywords, identifier, options, environment] for a case.
  def self.inputs(c)
    config = %w[apiKey apiSecret signingKey].to_h { |field| [snake(field).to_sym, c.key?(field) ? value(c[field]) : ABSENT] }
    config.reject! { |_, v| v.equal?(ABSENT) }
    identifier = value(c["identifier"])
    raise Inexpressible, "the identifier is a required argument" if identifier.equal?(ABSENT)

    options = c.fetch("options", {})
    raise Inexpressible, "options are keyword arguments" unless options.is_a?(Hash) && [nil, "entries"].include?(options["type"])

    options = options["type"] ? value(options) : options.to_h { |name, v| [snake(name).to_sym, value(v)] }
    [config, identifier, options, c.key?("environment") ? value(c["environment"]) : nil]
  end

  TABLE["cases"].each do |c|
    c = TABLE["defaults"].merge(c)
    given = begin
      inputs(c)
    rescue Inexpressible => e
      e.message
    end
    define_method("test_#{c['name'].tr('-', '_')}") do
      skip "not expressible in Ruby: #{given}" if given.is_a?(String)
      play(c, *given)
    end
  end

  def play(c, config, identifier, options, environment)
    saved = ENV.fetch(KEY_VARIABLE, nil)
    ENV[KEY_VARIABLE] = environment
    at = "client"
    begin
      client = EngagespotToken::Client.new(**config)
      at = "token"
      token = client.generate_user_token(identifier, **options)
    rescue EngagespotToken::Error => e
      assert_equal [c["error"], c["at"]], [e.name, at], e.message
      assert_equal header_code(e.name), e.code
      return
    ensure
      ENV[KEY_VARIABLE] = saved
    end
    assert_nil c["error"], "minted a token, expected an error"
    # Hash#to_a keeps the claims' order.
    assert_equal c["claims"].to_a, verify(token, OpenSSL::PKey.read(File.read(File.join(ROOT, c["publicKey"]))))[1].to_a
  end
end
