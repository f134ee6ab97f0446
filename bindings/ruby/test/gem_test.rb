# frozen_string_literal: true

require_relative "test_helper"

# The gem as users get it: built by scripts/build-gem with the library bundled,
# installed offline into an empty GEM_HOME, and used with no Rust toolchain on
# PATH, an empty HOME and no ENGAGESPOT_TOKEN_LIB.
class GemTest < Minitest::Test
  include TokenHelpers

  # The first ```ruby block of docs/ruby.md (its quickstart).
  def quickstart
    File.read(File.join(ROOT, "docs/ruby.md"))[/^```ruby\n(.*?)^```/m, 1]
  end

  def run!(env, *command, chdir:)
    out, err, status = Open3.capture3(env, *command, chdir:, unsetenv_others: true)
    assert status.success?, "#{command.join(' ')} failed:\n#{out}#{err}"
    out
  end

  def test_built_gem_installs_offline_and_runs_the_quickstart_without_rust
    require "open3"
    Dir.mktmpdir do |dir|
      platform = Gem::Platform.local
      library = File.join(ROOT, "target/release/libengagespot_token.so")
      gem_file = run!({ "PATH" => ENV["PATH"] }, File.join(ROOT, "scripts/build-gem"), "--out", "#{dir}/dist",
                      "#{platform.cpu}-#{platform.os}=#{library}", chdir: ROOT).lines.last.chomp
      home = FileUtils.mkdir_p("#{dir}/home").first
      # Ruby's own directory only: no cargo, no rustc.
      env = { "PATH" => "#{RbConfig::CONFIG['bindir']}:/usr/bin:/bin", "HOME" => home, "GEM_HOME" => "#{dir}/gems" }
      refute system(env, "sh", "-c", "command -v cargo || command -v rustc", out: File::NULL, unsetenv_others: true)
      run!(env, "gem", "install", "--local", "--no-document", gem_file, chdir: home)

      env = env.merge("ENGAGESPOT_API_KEY" => "gem-api-key", "ENGAGESPOT_PRIVATE_SIGNING_KEY" => private_pem)
      token = run!(env, RbConfig.ruby, "-e", quickstart, chdir: home).lines.last.chomp
      header, payload = verify(token)
      assert_equal '{"alg":"RS256","typ":"JWT"}', header
      assert_equal %w[user:alice@example.com gem-api-key], payload.values_at("sub", "apiKey")

      path = run!(env, RbConfig.ruby, "-rengagespot_token", "-e", "print EngagespotToken.library_path", chdir: home)
      assert_equal "#{dir}/gems/gems/engagespot-token-#{EngagespotToken::VERSION}/lib/engagespot_token/native/" \
                   "#{platform.cpu}-#{platform.os}/libengagespot_token.so", path
    end
  end
end
