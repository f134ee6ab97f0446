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

  def load_with(env, prelude = "")
    out, err, status = ruby(prelude + REPORT, env)
    assert status.success?, err
    out.chomp
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
    klass, name, code, message = load_with({ "ENGAGESPOT_TOKEN_LIB" => "/nowhere/libengagespot_token.so" }).split("|")
    assert_equal ["EngagespotToken::LibraryError", "ERR_ENGAGESPOT_TOKEN_LOAD", "nil"], [klass, name, code]
    assert_includes message, "looked in: /nowhere/libengagespot_token.so"
  end

  def test_a_file_that_is_no_library_is_refused
    _, name, _, message = load_with({ "ENGAGESPOT_TOKEN_LIB" => File.join(ROOT, "Cargo.toml") }).split("|")
    assert_equal "ERR_ENGAGESPOT_TOKEN_LOAD", name
    assert_includes message, "cannot load #{ROOT}/Cargo.toml"
  end

  def test_a_library_of_another_version_is_refused
    # The gem's version file counts as loaded and says 9.9.9.
    prelude = <<~RUBY
      $LOADED_FEATURES << #{File.expand_path('../lib/engagespot_token/version.rb', __dir__).inspect}
      module EngagespotToken; VERSION = "9.9.9"; end
    RUBY
    _, name, _, message = load_with({ "ENGAGESPOT_TOKEN_LIB" => nil }, prelude).split("|")
    assert_equal "ERR_ENGAGESPOT_TOKEN_LOAD", name
    assert_includes message, "is version #{EngagespotToken::VERSION}, but the gem is version 9.9.9"
  end
end
