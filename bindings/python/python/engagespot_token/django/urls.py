"""``path("engagespot/", include("engagespot_token.django.urls"))`` serves
``GET /engagespot/token``."""

from django.urls import path

from .views import engagespot_token

app_name = "engagespot_token"
urlpatterns = [path("token", engagespot_token, name="token")]
