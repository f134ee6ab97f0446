# frozen_string_literal: true

require_relative "test_helper"

# Loading the library, each in a new Ruby process.
class LoaderTest < Minitest::Test
  include TokenHelpers

  REPORT = <<~RUBY
    begin
      require "engagespot_token"
      puts "loaded \#{EngagespotToken.library_path}"
    rescue EngagespotToken::Error => e
      puts [e.class, e.name, e.code.inspect, e.message].join("|")
    end
  RUBY

  def load_with(env, prelude = "", **options)
    out, err, status = ruby(prelude + REPORT, env, **options)
    assert status.success?, err
    out.chomp
  end

  # Loading fails with a LibraryError named ERR_ENGAGESPOT_TOKEN_LOAD, no code, and `text` in its message.
  def assert_load_error(text, env, prelude = "", **options)
    klass, name, code, message = load_with(env, prelude, **options).split("|")
    assert_equal ["EngagespotToken::LibraryError", "ERR_ENGAGESPOT_TOKEN_LOAD", "nil"], [klass, name, code]
    assert_includes message, text
  end

  def test_without_an_override_the_in_tree_build_is_used
    assert_equal "loaded #{ROOT}/target/release/libengagespot_token.so",
                 load_with({ "ENGAGESPOT_TOKEN_LIB" => nil })
  end

  def test_the_override_is_used
    Dir.mktmpdir do |dir|
      copy = File.join(dir, "libcopy.so")
      FileUtils.cp(EngagespotToken.library_path, copy)
      assert_equal "loaded #{copy}", load_with({ "ENGAGESPOT_TOKEN_LIB" => copy })
    end
  end

  def test_a_missing_library_names_the_path_tried
    assert_load_error("looked in: /nowhere/libengagespot_token.so",
                      { "ENGAGESPOT_TOKEN_LIB" => "/nowhere/libengagespot_token.so" })
  end

  def test_a_file_that_is_no_library_is_refused
    assert_load_error("cannot load #{ROOT}/Cargo.toml", { "ENGAGESPOT_TOKEN_LIB" => File.join(ROOT, "Cargo.toml") })
  end

  def test_a_library_of_another_version_is_refused
    # The gem's version file counts as loaded and says 9.9.9.
    prelude = <<~RUBY
      $LOADED_FEATURES << #{File.expand_path('../lib/engagespot_token/version.rb', __dir__).inspect}
      module EngagespotToken; VERSION = "9.9.9"; end
    RUBY
    assert_load_error("is version #{EngagespotToken::VERSION}, but the gem is version 9.9.9",
                      { "ENGAGESPOT_TOKEN_LIB" => nil }, prelude)
  end

  # The enum values and the options struct come from the library (es_constant,
  # es_token_options_size): a copy of the gem's lib/ with no header anywhere
  # beside it loads and mints, and raises by the library's categories.
  def test_no_header_is_read
    code = <<~RUBY
      require "engagespot_token"
      client = EngagespotToken::Client.new(api_key: "k", signing_key: File.read(#{File.join(ROOT, 'tests/keys/rsa2048.pkcs8.pem').inspect}))
      print client.generate_user_token("u", expires_in: 60, issued_at: 1000).count(".")
      begin
        EngagespotToken::Client.new(api_key: "")
      rescue EngagespotToken::Error => e
        print " ", e.class
      end
    RUBY
    Dir.mktmpdir do |dir|
      FileUtils.cp_r(File.expand_path("../lib", __dir__), dir)
      assert_empty Dir[File.join(dir, "**/*.h")]
      out, err, = ruby(code, { "ENGAGESPOT_TOKEN_LIB" => EngagespotToken.library_path }, lib: File.join(dir, "lib"))
      assert_equal "2 EngagespotToken::InvalidArgumentError", out, err
    end
  end
end
