# The conversation-event recorder: RabbitMQ -> POST /v1/conversation-events. Build from the
# repository root:  docker build -f deploy/docker/recorder.Dockerfile -t ask/recorder .
FROM python:3.12.8-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /app
COPY requirements/bootstrap.lock requirements/main.lock requirements/
RUN pip install --no-cache-dir --require-hashes -r requirements/bootstrap.lock \
    && uv pip sync --system --no-cache requirements/main.lock
COPY integrations/ integrations/
RUN useradd --system --uid 10001 --no-create-home app
USER 10001
# No port: it only consumes. Liveness is the process itself (it retries, never exits on its own).
CMD ["python", "-m", "integrations.conversation_events"]
