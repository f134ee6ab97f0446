# frozen_string_literal: true

require_relative "test_helper"

# The panic boundary from Ruby: against a library built with the core's
# test-only fault-injection feature, with one fault site armed, a panic in the
# core is a LibraryError with ES_PANIC, never a crash. scripts/test-faults runs
# this file once per site, with ENGAGESPOT_TOKEN_LIB naming the fault build
# and ENGAGESPOT_TOKEN_FAULT the site; without both it is skipped.
class FaultsTest < Minitest::Test
  include TokenHelpers

  def test_a_panic_in_the_core_is_a_library_error_with_es_panic
    site = ENV.fetch("ENGAGESPOT_TOKEN_FAULT", nil)
    library = ENV.fetch("ENGAGESPOT_TOKEN_LIB", nil)
    skip "needs a fault-injection build: run scripts/test-faults" unless site || library
    # Half a setup is an error, not a skip.
    assert site && library, "set both ENGAGESPOT_TOKEN_LIB and ENGAGESPOT_TOKEN_FAULT"
    # Creating the client, setting an option and minting each cross one site.
    error = assert_raises(EngagespotToken::LibraryError) { client.generate_user_token("alice", expires_in: 60) }
    assert_equal "ES_PANIC", error.name
    assert_equal header_code("ES_PANIC"), error.code
    assert_match(/panicked/, error.message)
  end
end
