"""A minimal Django project serving the Engagespot token endpoint."""
