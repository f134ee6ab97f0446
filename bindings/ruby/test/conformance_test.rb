# frozen_string_literal: true

require_relative "test_helper"
require_relative "conformance_values"

# Plays tests/conformance/cases.json, one test per case, with tokens verified
# by Ruby's OpenSSL. Cases Ruby cannot express are skipped, with the reason.
class ConformanceTest < Minitest::Test
  include TokenHelpers
  extend ConformanceValues

  TABLE = JSON.parse(File.read(File.join(ROOT, "tests/conformance/cases.json")))
  KEY_VARIABLE = "ENGAGESPOT_PRIVATE_SIGNING_KEY"

  TABLE["cases"].each do |c|
    c = TABLE["defaults"].merge(c)
    given = begin
      inputs(c)
    rescue ConformanceValues::Inexpressible => e
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
