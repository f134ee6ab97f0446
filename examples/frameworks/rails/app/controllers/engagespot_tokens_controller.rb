# frozen_string_literal: true

# GET /engagespot/token: the signed-in user's token (EngagespotToken::TokenEndpoint#show).
class EngagespotTokensController < ActionController::Base
  include EngagespotToken::TokenEndpoint

  # Two accounts whose ids have the types Active Record gives them: a UUID
  # primary key (a String) and an integer one. Any other username is its own id.
  USER_IDS = { "uuid-keyed" => "3f2c8b1e-9a4d-4c6b-8e7f-0a1b2c3d4e5f", "integer-keyed" => 4711 }.freeze

  private

  # FOR THE EXAMPLE ONLY: whoever HTTP Basic names is signed in, with any password,
  # so that a test can play a signed-in user. A real app leaves this out: the
  # concern's default is `current_user&.id`, from Devise or the app's own login.
  def engagespot_user_id
    authenticate_with_http_basic { |username, _password| USER_IDS.fetch(username, username.presence) }
  end
end
