"""GET /engagespot/token, from the engagespot_token.django app."""

from django.urls import include, path

urlpatterns = [path("engagespot/", include("engagespot_token.django.urls"))]
