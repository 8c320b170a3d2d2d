# Rasa 3.6 (Python 3.10) with the trained model baked in. Build from the repository root:
#   docker build -f deploy/docker/rasa.Dockerfile -t ask/rasa .
# The first stage builds the spaCy pipeline and trains the model (about 2 minutes on 2 cores);
# the second carries only what serving needs. To mount a model instead, replace
# /app/bot/models/assistant.tar.gz with a volume.
FROM python:3.10.16-slim-bookworm AS base
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONPATH=/app TF_CPP_MIN_LOG_LEVEL=2 RASA_TELEMETRY_ENABLED=false \
    SQLALCHEMY_SILENCE_UBER_WARNING=1 \
    TF_INTRA_OP_PARALLELISM_THREADS=1 TF_INTER_OP_PARALLELISM_THREADS=1
WORKDIR /app
COPY requirements/bootstrap.lock requirements/rasa.lock requirements/
RUN pip install --no-cache-dir --require-hashes -r requirements/bootstrap.lock \
    && uv pip sync --system --no-cache requirements/rasa.lock

FROM base AS train
COPY scripts/__init__.py scripts/build_spacy_pipeline.py scripts/
COPY config.yml ./
COPY bot/ bot/
COPY nlu_data/ nlu_data/
RUN python scripts/build_spacy_pipeline.py \
    && rasa train --config config.yml --domain bot/domain --data bot/data nlu_data \
       --out bot/models --fixed-model-name assistant

FROM base
COPY config.yml ./
COPY bot/__init__.py bot/tracker_store.py bot/event_broker.py bot/credentials.yml \
     bot/endpoints.yml bot/endpoints.scale-out.yml bot/
COPY bot/components/ bot/components/
COPY --from=train /app/bot/spacy_pipeline/ bot/spacy_pipeline/
COPY --from=train /app/bot/models/assistant.tar.gz bot/models/assistant.tar.gz
RUN useradd --system --uid 10001 --no-create-home app
USER 10001
EXPOSE 5005
HEALTHCHECK --interval=15s --timeout=3s --retries=3 --start-period=120s \
    CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:5005/', timeout=2)"
# A shell, so that RASA_TOKEN (a secret in the environment) reaches the command line.
CMD ["sh", "-c", "exec rasa run --enable-api --auth-token \"$RASA_TOKEN\" -p 5005 -m bot/models/assistant.tar.gz --endpoints bot/endpoints.scale-out.yml --credentials bot/credentials.yml"]
