# frozen_string_literal: true

# GET /engagespot/token: the signed-in user's token (EngagespotToken::TokenEndpoint#show).
class EngagespotTokensController < ActionController::Base
  include EngagespotToken::TokenEndpoint

  private

  # FOR THE EXAMPLE ONLY: whoever HTTP Basic names is signed in, with any password,
  # so that a test can play a signed-in user. A real app leaves this out: the
  # concern's default is `current_user&.id`, from Devise or the app's own login.
  def engagespot_user_id
    authenticate_with_http_basic { |user_id, _password| user_id.presence }
  end
end
