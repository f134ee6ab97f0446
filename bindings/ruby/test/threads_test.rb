# frozen_string_literal: true

require_relative "test_helper"

class ThreadsTest < Minitest::Test
  include TokenHelpers

  # Signing releases the GVL, so these threads run in the library at once; each
  # also fails on purpose, to show that every thread reads its own error.
  def test_eight_threads_share_one_client
    shared = client
    results = Array.new(8) do |t|
      Thread.new do
        Array.new(40) do |i|
          error = assert_raises(EngagespotToken::InvalidArgumentError) { shared.generate_user_token("x" * (1025 + t)) }
          [shared.generate_user_token("thread#{t}-#{i}"), error.name]
        end
      end
    end.map(&:value)
    results.each_with_index do |tokens, t|
      tokens.each_with_index do |(token, error_name), i|
        assert_equal "user:thread#{t}-#{i}", verify(token)[1]["sub"]
        assert_equal "ES_IDENTIFIER_TOO_LONG", error_name
      end
    end
  end
end

class MemoryTest < Minitest::Test
  include TokenHelpers

  def rss_kib = File.read("/proc/self/status")[/^VmRSS:\s+(\d+)/, 1].to_i

  # `count` tokens on 2 threads: with and without options, a failure and a
  # new client (freed by the GC) every 10th.
  def mint(count)
    shared = client
    Array.new(2) do
      Thread.new do
        (count / 2).times do |i|
          shared.generate_user_token("user#{i}", **(i.odd? ? { expires_in: 60, jti: true } : {}))
          next unless (i % 10).zero?

          assert_raises(EngagespotToken::InvalidArgumentError) { shared.generate_user_token("") }
          client.generate_user_token(i)
        end
      end
    end.each(&:join)
    GC.start
  end

  def test_rss_stays_flat_over_100_000_tokens
    mint(10_000)
    before = rss_kib
    mint(100_000)
    growth = rss_kib - before
    assert_operator growth, :<, 8 * 1024, "RSS grew by #{growth} KiB over 100,000 tokens"
  end
end
