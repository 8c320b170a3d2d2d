# The channel gateway (web chat, Slack, Teams). Build from the repository root:
#   docker build -f deploy/docker/gateway.Dockerfile -t ask/gateway .
FROM python:3.12.8-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /app
COPY requirements/bootstrap.lock requirements/main.lock requirements/
RUN pip install --no-cache-dir --require-hashes -r requirements/bootstrap.lock \
    && uv pip sync --system --no-cache requirements/main.lock
COPY integrations/ integrations/
RUN useradd --system --uid 10001 --no-create-home app
USER 10001
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --retries=3 \
    CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8080/health', timeout=2)"
CMD ["uvicorn", "--factory", "integrations.app:create_app", "--host", "0.0.0.0", "--port", "8080", "--no-access-log"]
