-- Rasa's tracker store lives in its own database beside the API's (compose.yaml).
CREATE DATABASE rasa_tracker OWNER ask;
