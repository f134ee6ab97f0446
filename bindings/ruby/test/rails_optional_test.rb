# frozen_string_literal: true

require_relative "test_helper"
require "open3"

# The Rails integration is optional: without Rails, requiring the gem loads none of
# it. (Checked in a new process: minitest's Rails plugin, when Rails is installed,
# loads Rails into this one.) tests/frameworks/test_rails.py runs it under Rails.
class RailsOptionalTest < Minitest::Test
  LIB = File.expand_path("../lib", __dir__)

  def test_without_rails_the_gem_defines_no_railtie_and_loads_no_rails
    script = 'require "engagespot_token"; ' \
             "p [defined?(::Rails), EngagespotToken.const_defined?(:Railtie, false), $LOADED_FEATURES.grep(/rail/)]"
    output, status = Open3.capture2e(RbConfig.ruby, "-I", LIB, "-e", script)
    assert status.success?, output
    assert_equal "[nil, false, []]\n", output
  end
end
