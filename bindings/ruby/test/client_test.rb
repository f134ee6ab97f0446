# frozen_string_literal: true

require_relative "test_helper"

class ClientTest < Minitest::Test
  include TokenHelpers

  def test_documented_payload_in_order_verified_by_openssl
    before = Time.now.to_i
    token = client.generate_user_token("alice@example.com")
    after = Time.now.to_i
    header, payload = verify(token)
    assert_equal '{"alg":"RS256","typ":"JWT"}', header
    assert_equal %w[sub apiKey iat exp], payload.keys
    assert_equal "user:alice@example.com", payload["sub"]
    assert_equal "test-api-key", payload["apiKey"]
    assert_includes before..after, payload["iat"]
    assert_equal payload["iat"] + 3600, payload["exp"]
    assert_equal Encoding::UTF_8, token.encoding
  end

  def test_integer_identifier_is_its_decimal_digits
    assert_equal "user:42", verify(client.generate_user_token(42))[1]["sub"]
    assert_equal "user:-7", verify(client.generate_user_token(-7))[1]["sub"]
  end

  def test_api_secret_is_accepted_and_never_in_the_token
    token = client(api_secret: "s3cret-value").generate_user_token("u")
    refute_includes Base64.urlsafe_decode64(token.split(".")[1]), "s3cret-value"
  end

  def test_expires_in
    payload = verify(client.generate_user_token("u", expires_in: 600))[1]
    assert_equal payload["iat"] + 600, payload["exp"]
  end

  def test_expires_in_nil_leaves_exp_out
    assert_equal %w[sub apiKey iat], verify(client.generate_user_token("u", expires_in: nil))[1].keys
  end

  def test_issued_at
    payload = verify(client.generate_user_token("u", issued_at: 1_700_000_000))[1]
    assert_equal [1_700_000_000, 1_700_003_600], payload.values_at("iat", "exp")
  end

  def test_jti_true_adds_a_random_128_bit_id_and_false_or_nil_none
    ids = Array.new(2) { verify(client.generate_user_token("u", jti: true))[1]["jti"] }
    ids.each { |id| assert_equal 16, Base64.urlsafe_decode64(id + ("=" * (-id.size % 4))).bytesize }
    refute_equal ids[0], ids[1]
    refute_includes verify(client.generate_user_token("u", jti: false))[1], "jti"
    refute_includes verify(client.generate_user_token("u", jti: nil))[1], "jti"
  end

  def test_include_iat_false_leaves_iat_out_and_with_no_exp_gives_the_php_sdk_claims
    assert_equal %w[sub apiKey exp], verify(client.generate_user_token("u", include_iat: false))[1].keys
    payload = verify(client.generate_user_token("u", include_iat: false, expires_in: nil))[1]
    assert_equal({ "sub" => "user:u", "apiKey" => "test-api-key" }, payload)
    assert_includes verify(client.generate_user_token("u", include_iat: nil))[1], "iat"
  end

  def test_options_combine
    payload = verify(client.generate_user_token("u", issued_at: 1_700_000_000, expires_in: 60, jti: true))[1]
    assert_equal %w[sub apiKey iat exp jti], payload.keys
    assert_equal 1_700_000_060, payload["exp"]
  end

  def test_options_given_as_a_hash_with_symbol_keys
    options = { expires_in: 120 }
    payload = verify(client.generate_user_token("u", **options))[1]
    assert_equal 120, payload["exp"] - payload["iat"]
  end

  def test_utf8_and_binary_strings_pass_as_their_bytes
    assert_equal "user:é", verify(client.generate_user_token("é"))[1]["sub"]
    assert_equal "user:é", verify(client.generate_user_token("\xC3\xA9".b))[1]["sub"]
    assert_equal "user:#{'é' * 512}", verify(client.generate_user_token("é" * 512))[1]["sub"]
  end

  def test_key_forms_pkcs1_and_escaped_newlines
    assert verify(EngagespotToken::Client.new(api_key: "k", signing_key: key("rsa2048.pkcs1.pem")).generate_user_token("u"))
    escaped = private_pem.gsub("\n", "\\n")
    assert verify(EngagespotToken::Client.new(api_key: "k", signing_key: escaped).generate_user_token("u"))
  end

  def test_a_file_url_names_the_key_file
    path = File.join(ROOT, "tests/keys/rsa2048.pkcs8.pem")
    assert verify(EngagespotToken::Client.new(api_key: "k", signing_key: "file://#{path}").generate_user_token("u"))
  end

  def test_signing_key_defaults_to_the_environment_which_stays_intact
    ENV["ENGAGESPOT_PRIVATE_SIGNING_KEY"] = private_pem
    [nil, ""].each do |missing|
      token = EngagespotToken::Client.new(api_key: "k", signing_key: missing).generate_user_token("u")
      assert verify(token)
    end
    assert_equal private_pem, ENV["ENGAGESPOT_PRIVATE_SIGNING_KEY"], "the binding leaves the environment alone"
  ensure
    ENV.delete("ENGAGESPOT_PRIVATE_SIGNING_KEY")
  end

  def test_given_strings_are_not_changed
    pem = +private_pem
    secret = +"secret"
    EngagespotToken::Client.new(api_key: "k", api_secret: secret, signing_key: pem)
    assert_equal [private_pem, "secret"], [pem, secret]
  end

  def test_dup_and_clone_survive_the_original
    original = client
    copies = [original.dup, original.clone, original.clone(freeze: true)]
    original = nil # rubocop:disable Lint/UselessAssignment
    GC.start
    copies.each { |copy| assert verify(copy.generate_user_token("u")) }
  end

  def test_the_garbage_collector_frees_native_clients
    require "minitest/mock"
    native = EngagespotToken::Native
    original = native.method(:es_client_free)
    freed = 0
    count_and_free = lambda do |handle|
      freed += 1
      original.call(handle)
    end
    native.stub(:es_client_free, count_and_free) do
      200.times { client }
      3.times { GC.start(full_mark: true, immediate_sweep: true) }
    end
    # The GC scans the stack conservatively, so a few may survive.
    assert_operator freed, :>=, 150
    assert verify(client.generate_user_token("u"))
  end

  def test_gem_version_is_the_crate_version
    cargo = File.read(File.join(ROOT, "Cargo.toml"))[/^version = "(.+)"/, 1]
    assert_equal cargo, EngagespotToken::VERSION
  end

  def test_library_path_names_the_loaded_file
    assert File.file?(EngagespotToken.library_path)
  end
end
