"""Pure leave rules: no FastAPI, no SQLAlchemy, no Rasa."""
