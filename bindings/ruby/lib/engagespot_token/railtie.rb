# frozen_string_literal: true

require "rails/railtie"
require_relative "token_endpoint"

module EngagespotToken
  # The Rails integration, loaded by `require "engagespot_token"` when Rails is.
  # `config.engagespot.api_key` and `.api_secret`, when not set, are read from
  # ENGAGESPOT_API_KEY and ENGAGESPOT_API_SECRET; `.signing_key` left nil makes the
  # client read ENGAGESPOT_PRIVATE_SIGNING_KEY itself. Set them in
  # config/application.rb, an environment file or an initializer.
  #
  # The one client for the app, `config.engagespot.client`, is built when the app
  # boots (after its initializers), so a missing or rejected key raises the
  # library's error then (a missing signing key's names the variable), before the
  # server listens, not at the first token request. Anything that boots the app
  # (server, console, runner, rake tasks that load the environment) needs the key.
  class Railtie < ::Rails::Railtie
    config.engagespot = ActiveSupport::OrderedOptions.new

    config.after_initialize do |app|
      options = app.config.engagespot
      # The environment is read now, not when the gem was required: dotenv-rails
      # and the like fill it in between.
      # The variables' names are the library's (es_api_key_variable, es_api_secret_variable).
      options.client ||= Client.new(api_key: options.fetch(:api_key) { ENV[Native.es_api_key_variable] },
                                    api_secret: options.fetch(:api_secret) { ENV[Native.es_api_secret_variable] },
                                    signing_key: options.signing_key)
    end
  end
end
