# frozen_string_literal: true

require "active_support/concern"
require "base64"
require "json"

module EngagespotToken
  # A controller concern for the token endpoint: `show` renders the signed-in
  # user's token as `{"token": "...", "expiresAt": <the token's exp>}` with
  # `Cache-Control: no-store`, or 401 when no one is signed in.
  #
  #   class EngagespotTokensController < ApplicationController
  #     include EngagespotToken::TokenEndpoint
  #   end
  #   # config/routes.rb
  #   get "engagespot/token", to: "engagespot_tokens#show"
  #
  # The user is whoever #engagespot_user_id returns: by default `current_user&.id`
  # (Devise and most authentication code define `current_user`). Override it for
  # another way of signing in; nothing from params or headers is ever used.
  module TokenEndpoint
    extend ActiveSupport::Concern

    # GET: the signed-in user's token, never cached; 401 for no user.
    def show
      user_id = engagespot_user_id
      return head(:unauthorized) if user_id.nil?

      token = Rails.application.config.engagespot.client.generate_user_token(user_id)
      # The token is a credential: no browser or proxy may keep a copy.
      response.headers["Cache-Control"] = "no-store"
      render json: { token:, expiresAt: TokenEndpoint.expires_at(token) }
    end

    # The `exp` the library put in `token`, so that the page refreshes by the token's own clock.
    def self.expires_at(token) = JSON.parse(Base64.urlsafe_decode64(token.split(".")[1])).fetch("exp")

    private

    # The signed-in user's id (String or Integer), or nil when no one is signed in.
    def engagespot_user_id
      current_user&.id if respond_to?(:current_user, true)
    end
  end
end
