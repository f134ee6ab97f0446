# frozen_string_literal: true

require_relative "boot"
require "rails"
require "action_controller/railtie"
# Under Rails, requiring the gem adds its railtie: config.engagespot and the client built at boot.
require "engagespot_token"

module EngagespotExample
  # The smallest Rails app that serves the token endpoint.
  class Application < Rails::Application
    config.load_defaults 6.1
    config.eager_load = false
    config.logger = ActiveSupport::Logger.new($stdout)
    config.log_level = :info
    # config.engagespot.api_key, .api_secret and .signing_key default to the environment
    # (ENGAGESPOT_API_KEY, ENGAGESPOT_API_SECRET, ENGAGESPOT_PRIVATE_SIGNING_KEY).
  end
end
