# frozen_string_literal: true

require_relative "test_helper"

# Issue 20 (hardening, round 3) from Ruby: strings in other encodings, what
# #inspect shows, a NUL in a file:// path, and other threads running while a
# client is built.
class HardeningTest < Minitest::Test
  include TokenHelpers

  # Item 2: the same bytes in another encoding are another string to Ruby, so
  # they must not mint the same user: a String that is not UTF-8, binary or
  # ASCII-only is transcoded to UTF-8, so the token says what Ruby says it holds.
  def test_strings_in_other_encodings_mint_the_text_they_hold
    latin1 = "\xC3\xA9".dup.force_encoding(Encoding::ISO_8859_1) # the text "Ã©", not "é"
    assert_equal "user:Ã©", verify(client.generate_user_token(latin1))[1]["sub"]
    assert_equal "user:é", verify(client.generate_user_token("é".encode(Encoding::UTF_16LE)))[1]["sub"]
    api_key = "clé".encode(Encoding::ISO_8859_1)
    assert_equal "clé", verify(client(api_key:).generate_user_token("u"))[1]["apiKey"]
    pem = private_pem.encode(Encoding::UTF_16LE)
    assert verify(EngagespotToken::Client.new(api_key: "k", signing_key: pem).generate_user_token("u"))
  end

  def test_a_string_invalid_in_its_own_encoding_is_invalid_utf8
    broken = "\xFF".dup.force_encoding(Encoding::UTF_16LE) # half a code unit
    error = assert_core_error(EngagespotToken::InvalidArgumentError, "ES_INVALID_UTF8") do
      client.generate_user_token(broken)
    end
    assert_match(/^user identifier is not valid Unicode text/, error.message)
    assert_core_error(EngagespotToken::InvalidArgumentError, "ES_INVALID_UTF8") { client(api_key: broken) }
    assert_core_error(EngagespotToken::InvalidArgumentError, "ES_INVALID_UTF8") do
      client(api_secret: "\xFF".dup.force_encoding(Encoding::US_ASCII))
    end
  end

  # Item 12: no native heap address, the same facts as Python's repr.
  def test_inspect_shows_the_key_size_not_the_native_handle
    shown = client.inspect
    assert_equal "#<EngagespotToken::Client key=RSA-2048>", shown
    assert_equal shown, client.dup.inspect
  end

  # Item 9: the C ABI's messages cannot carry a NUL, so the core names the
  # path with the NUL escaped instead of a path that was never tried.
  def test_a_nul_in_a_file_url_path_is_named_escaped
    path = File.join(ROOT, "tests/keys/rsa2048.pkcs8.pem")
    error = assert_core_error(EngagespotToken::InvalidSigningKeyError, "ES_KEY_FILE_UNREADABLE") do
      client(signing_key: "file://#{path}\0/../../etc/passwd")
    end
    assert_includes error.message, "#{path}\\0/../../etc/passwd"
    assert_includes error.message, "contains a NUL byte"
  end

  # A child process's script: one thread builds a client, the main thread opens the gate.
  def blocking_script(key_path, gate)
    <<~RUBY
      require "engagespot_token"
      gate = #{gate.inspect}
      worker = Thread.new do
        EngagespotToken::Client.new(api_key: "k", signing_key: #{"file://#{key_path}".inspect})
        :built
      rescue StandardError => e
        e
      end
      # The core blocks reading the key file until the gate file appears; this
      # thread can only create it if creation released the GVL.
      2000.times do
        break if File.exist?(File.join(gate, "entered"))

        sleep 0.01
      end
      File.write(File.join(gate, "go"), "")
      p [worker.value, File.exist?(File.join(gate, "entered"))]
    RUBY
  end

  # Item 4: a key file on a hung mount blocks only the thread building the
  # client. Needs the core's fault-injection build, whose `block:key_file` fault
  # waits where the key file is read (scripts/test-faults names it in ENGAGESPOT_TOKEN_FAULT_LIB).
  def test_other_threads_run_while_a_client_is_built
    library = ENV.fetch("ENGAGESPOT_TOKEN_FAULT_LIB", nil)
    skip "needs a fault-injection build: run scripts/test-faults" unless library
    Dir.mktmpdir do |gate|
      env = { "ENGAGESPOT_TOKEN_LIB" => library, "ENGAGESPOT_TOKEN_FAULT" => "block:key_file:#{gate}" }
      out, err, status = ruby(blocking_script(File.join(ROOT, "tests/keys/rsa2048.pkcs8.pem"), gate), env)
      assert status.success?, err
      # Built, and only after the core had waited where the key file is read.
      assert_equal "[:built, true]", out.strip
    end
  end
end
