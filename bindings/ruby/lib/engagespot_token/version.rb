# frozen_string_literal: true

module EngagespotToken
  # The gem's version; the native library must report the same (es_version).
  VERSION = "0.1.0"
end
