# frozen_string_literal: true

Rails.application.routes.draw do
  get "engagespot/token", to: "engagespot_tokens#show"
end
