# frozen_string_literal: true

require_relative "test_helper"

# Every error kind Ruby can reach, with the core's code, name and category.
# (ES_NULL_ARGUMENT, ES_SIGNING_FAILED, ES_SYNC_UNAVAILABLE and ES_PANIC cannot be caused from Ruby.)
class ErrorsTest < Minitest::Test
  include TokenHelpers

  ArgumentErr = EngagespotToken::InvalidArgumentError
  KeyErr = EngagespotToken::InvalidSigningKeyError
  TypeErr = EngagespotToken::WrongTypeError

  def new_client(**config) = EngagespotToken::Client.new(api_key: "k", signing_key: private_pem, **config)

  def mint(identifier, **options) = client.generate_user_token(identifier, **options)

  def test_classes_follow_ruby_conventions
    assert_operator ArgumentErr, :<, ArgumentError
    assert_operator KeyErr, :<, ArgumentErr
    assert_operator TypeErr, :<, TypeError
    assert_operator EngagespotToken::LibraryError, :<, StandardError
    [ArgumentErr, KeyErr, TypeErr, EngagespotToken::LibraryError].each do |klass|
      assert_operator klass, :<, EngagespotToken::Error
    end
  end

  def test_invalid_utf8
    ["\xFF".b, (+"a\xFFb").force_encoding(Encoding::UTF_8), "\xC3".b].each do |bad|
      assert_core_error(ArgumentErr, "ES_INVALID_UTF8") { mint(bad) }
    end
    assert_core_error(ArgumentErr, "ES_INVALID_UTF8") { new_client(api_key: "\xFF".b) }
    assert_core_error(ArgumentErr, "ES_INVALID_UTF8") { new_client(api_secret: "\xFF".b) }
    assert_core_error(ArgumentErr, "ES_INVALID_UTF8") { new_client(signing_key: "\xFF".b) }
  end

  def test_api_key_missing
    [nil, ""].each do |missing|
      assert_core_error(ArgumentErr, "ES_API_KEY_MISSING") { new_client(api_key: missing) }
    end
    assert_core_error(ArgumentErr, "ES_API_KEY_MISSING") { EngagespotToken::Client.new(signing_key: private_pem) }
  end

  def test_api_key_with_a_nul_byte_is_rejected_not_cut_short
    assert_core_error(ArgumentErr, "ES_API_KEY_INVALID") { new_client(api_key: "key\0rest") }
  end

  def test_identifier_empty
    assert_core_error(ArgumentErr, "ES_IDENTIFIER_EMPTY") { mint("") }
  end

  def test_identifier_too_long_counts_bytes
    assert_core_error(ArgumentErr, "ES_IDENTIFIER_TOO_LONG") { mint("a" * 1025) }
    assert_core_error(ArgumentErr, "ES_IDENTIFIER_TOO_LONG") { mint("é" * 513) }
  end

  def test_identifier_with_a_nul_byte_is_rejected_not_cut_short
    assert_core_error(ArgumentErr, "ES_IDENTIFIER_INVALID") { mint("alice\0bob") }
    assert_core_error(ArgumentErr, "ES_IDENTIFIER_INVALID") { mint("\0") }
  end

  def test_invalid_expiry
    [0, -5, 2**62, 2**64, -(2**70)].each do |expires_in|
      assert_core_error(ArgumentErr, "ES_INVALID_EXPIRY") { mint("u", expires_in: expires_in) }
    end
  end

  def test_invalid_issued_at
    [-1, 2**63, 2**80].each do |issued_at|
      assert_core_error(ArgumentErr, "ES_INVALID_ISSUED_AT") { mint("u", issued_at: issued_at) }
    end
  end

  def test_unknown_option_lists_the_accepted_ones
    %i[expiresIn expires issuedAt].each do |name|
      error = assert_core_error(ArgumentErr, "ES_UNKNOWN_OPTION") { mint("u", name => 1) }
      assert_includes error.message, "expires_in, issued_at, jti"
    end
  end

  def test_wrong_types_of_arguments
    [nil, 1.5, :alice, ["a"], Object.new].each do |identifier|
      error = assert_core_error(TypeErr, "ES_WRONG_TYPE") { mint(identifier) }
      assert_match(/user identifier/, error.message)
    end
    { api_key: "API key", api_secret: "API secret", signing_key: "signing key" }.each do |argument, words|
      error = assert_core_error(TypeErr, "ES_WRONG_TYPE") { new_client(argument => 12) }
      assert_match(/#{words}/, error.message)
    end
  end

  def test_wrong_types_of_option_values
    { expires_in: ["600", 1.0, true], issued_at: ["1", 2.5, false], jti: [1, "yes", 0.0],
      include_iat: [0, "no"] }.each do |name, values|
      values.each do |value|
        error = assert_core_error(TypeErr, "ES_WRONG_TYPE") { mint("u", name => value) }
        assert_includes error.message, name.to_s
      end
    end
  end

  def test_key_missing
    ENV.delete("ENGAGESPOT_PRIVATE_SIGNING_KEY")
    [nil, "", "   \n "].each do |missing|
      assert_core_error(KeyErr, "ES_KEY_MISSING") { new_client(signing_key: missing) }
    end
  end

  def test_key_kinds
    {
      "ES_KEY_IS_PATH" => "/etc/engagespot/private.pem",
      "ES_KEY_IS_PUBLIC" => key("rsa2048.pub.pem"),
      "ES_KEY_ENCRYPTED" => key("rsa2048.encrypted-pkcs8.pem"),
      "ES_KEY_NOT_RSA" => key("ec-p256.pkcs8.pem"),
      "ES_KEY_TOO_SMALL" => key("rsa1024.pkcs8.pem"),
      "ES_KEY_TOO_LARGE" => key("rsa8200.pkcs8.pem"),
      "ES_KEY_MALFORMED" => "-----BEGIN PRIVATE KEY-----\nMIIBVQIBADAN\n-----END PRIVATE KEY-----\n",
      "ES_KEY_AMBIGUOUS" => private_pem + key("rsa3072.pkcs8.pem"),
      "ES_KEY_UNSUPPORTED" => key("rsa2048.3prime.pkcs8.pem"),
      "ES_KEY_FILE_UNREADABLE" => "file:///nonexistent/engagespot-token/key.pem"
    }.each do |name, pem|
      error = assert_core_error(KeyErr, name) { new_client(signing_key: pem) }
      refute_includes error.message, "MII", "no key material in the message"
    end
    assert_core_error(KeyErr, "ES_KEY_IS_PUBLIC") { new_client(signing_key: key("rsa2048.cert.pem")) }
    assert_core_error(KeyErr, "ES_KEY_NOT_RSA") { new_client(signing_key: key("ed25519.pkcs8.pem")) }
    assert_core_error(KeyErr, "ES_KEY_UNSUPPORTED") { new_client(signing_key: key("rsa2048.e65bit.pkcs8.pem")) }
  end

  def test_a_bare_rescue_and_rescue_error_catch_them
    caught = begin
      mint("")
    rescue => e # rubocop:disable Style/RescueStandardError
      e
    end
    assert_instance_of ArgumentErr, caught
    assert_raises(EngagespotToken::Error) { new_client(signing_key: "x") }
  end

  def test_a_failure_does_not_linger_into_the_next_call
    assert_raises(ArgumentErr) { mint("") }
    assert verify(mint("u"))
  end
end
