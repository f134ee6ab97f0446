# frozen_string_literal: true

require "minitest/autorun"
require "base64"
require "json"
require "openssl"
require "fileutils"
require "rbconfig"
require "tmpdir"
require "engagespot_token"

# Shared fixtures: the repository's test keys, and a verifier that uses only
# Ruby's own OpenSSL and JSON, never the library under test.
module TokenHelpers
  ROOT = File.expand_path("../../..", __dir__)
  HEADER = File.read(File.join(ROOT, "include/engagespot_token.h"))

  def key(name) = File.read(File.join(ROOT, "tests/keys", name))

  def private_pem = key("rsa2048.pkcs8.pem")

  def public_key = OpenSSL::PKey::RSA.new(key("rsa2048.pub.pem"))

  def client(**config) = EngagespotToken::Client.new(api_key: "test-api-key", signing_key: private_pem, **config)

  # The code the header gives the status `name`.
  def header_code(name) = Integer(HEADER[/^\s*#{name} = (\d+),/, 1])

  # [header JSON text, payload Hash with its keys in order] of a token whose
  # RS256 signature OpenSSL verifies.
  def verify(token, key = public_key)
    parts = token.split(".")
    assert_equal 3, parts.size, "a JWT has three parts"
    signature = Base64.urlsafe_decode64(parts[2])
    assert key.verify("SHA256", signature, "#{parts[0]}.#{parts[1]}"), "OpenSSL rejects the signature"
    [Base64.urlsafe_decode64(parts[0]), JSON.parse(Base64.urlsafe_decode64(parts[1]))]
  end

  # The error that the block raises, checked for its class, code and name.
  def assert_core_error(klass, name, &)
    error = assert_raises(klass, &)
    assert_equal name, error.name
    assert_equal header_code(name), error.code
    refute_empty error.message
    assert_kind_of EngagespotToken::Error, error
    assert_kind_of StandardError, error, "a bare rescue must catch it"
    error
  end

  # Runs Ruby in a child process with `env`, returning [stdout, stderr, status].
  def ruby(code, env = {}, lib: File.expand_path("../lib", __dir__))
    require "open3"
    Open3.capture3(env, RbConfig.ruby, "-I", lib, "-e", code)
  end
end
