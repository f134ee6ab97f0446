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

  # A copy of the gem's lib/ in a temporary directory, with `header` bundled
  # when given, and the in-tree library.
  def with_copied_gem(header)
    Dir.mktmpdir do |dir|
      FileUtils.cp_r(File.expand_path("../lib", __dir__), dir)
      File.write(File.join(dir, "lib/engagespot_token/engagespot_token.h"), header) if header
      yield File.join(dir, "lib"), { "ENGAGESPOT_TOKEN_LIB" => EngagespotToken.library_path }
    end
  end

  def test_enum_values_come_from_the_bundled_header
    # Swapped in the header, the categories swap the exception classes.
    swapped = HEADER.sub("ES_CATEGORY_ARGUMENT = 1", "ES_CATEGORY_ARGUMENT = 3").sub("ES_CATEGORY_KEY = 3", "ES_CATEGORY_KEY = 1")
    refute_equal HEADER, swapped
    code = <<~RUBY
      require "engagespot_token"
      begin
        EngagespotToken::Client.new(api_key: "")
      rescue EngagespotToken::Error => e
        print e.class
      end
    RUBY
    with_copied_gem(swapped) do |lib, env|
      out, err, = ruby(code, env, lib: lib)
      assert_equal "EngagespotToken::InvalidSigningKeyError", out, err
    end
  end

  def test_an_options_struct_it_cannot_lay_out_is_refused
    grown = HEADER.sub("  uint8_t include_jti;\n", "  uint8_t include_jti;\n  size_t extra;\n")
    refute_equal HEADER, grown
    with_copied_gem(grown) do |lib, env|
      assert_load_error("cannot read es_token_options from the header", env, lib: lib)
    end
  end

  def test_a_missing_header_names_the_paths_tried
    with_copied_gem(nil) do |lib, env|
      assert_load_error("the header engagespot_token.h was not found; looked in: #{lib}/engagespot_token/", env, lib: lib)
    end
  end
end
