# frozen_string_literal: true

require_relative "test_helper"

# The exception classes for the core's categories, and the messages.
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

  # Which input raises which error is the conformance table's (conformance_test.rb); here,
  # the classes by category and what the messages say.
  def test_each_category_raises_its_class
    assert_core_error(ArgumentErr, "ES_IDENTIFIER_EMPTY") { mint("") }
    assert_core_error(KeyErr, "ES_KEY_MALFORMED") { new_client(signing_key: "garbage") }
    assert_core_error(TypeErr, "ES_NULL_ARGUMENT") { mint(nil) }
    assert_core_error(TypeErr, "ES_WRONG_TYPE") { mint("u", expires_in: 600.0) }
  end

  def test_unknown_option_lists_the_accepted_ones
    %i[expiresIn expires issuedAt].each do |name|
      error = assert_core_error(ArgumentErr, "ES_UNKNOWN_OPTION") { mint("u", name => 1) }
      assert_includes error.message, "expires_in, issued_at, jti"
    end
  end

  def test_an_option_given_twice_is_named
    error = assert_core_error(ArgumentErr, "ES_UNKNOWN_OPTION") { mint("u", :jti => true, "jti" => false) }
    assert_includes error.message, '"jti" is given twice'
  end

  def test_wrong_types_name_the_argument
    error = assert_core_error(TypeErr, "ES_WRONG_TYPE") { mint(:alice) }
    assert_match(/user identifier/, error.message)
    { api_key: "API key", api_secret: "API secret", signing_key: "signing key" }.each do |argument, words|
      error = assert_core_error(TypeErr, "ES_WRONG_TYPE") { new_client(argument => 12) }
      assert_match(/#{words}/, error.message)
    end
    { expires_in: 1.0, jti: 1, include_iat: "no" }.each do |name, value|
      assert_includes assert_core_error(TypeErr, "ES_WRONG_TYPE") { mint("u", name => value) }.message, name.to_s
    end
  end

  def test_a_string_that_cannot_be_transcoded_names_its_argument
    bad = "\xFF".dup.force_encoding(Encoding::ISO_2022_JP)
    error = assert_core_error(ArgumentErr, "ES_INVALID_UTF8") { new_client(api_secret: bad) }
    assert_match(/API secret/, error.message)
  end

  def test_key_errors_quote_no_key_material
    %w[rsa2048.pub.pem rsa2048.encrypted-pkcs8.pem ec-p256.pkcs8.pem rsa1024.pkcs8.pem].each do |name|
      error = assert_raises(KeyErr) { new_client(signing_key: key(name)) }
      refute_includes error.message, "MII", "no key material in the message"
    end
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
