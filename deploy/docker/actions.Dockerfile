# The action server (rasa-sdk on Python 3.12). Build from the repository root:
#   docker build -f deploy/docker/actions.Dockerfile -t ask/actions .
FROM python:3.12.8-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /app
COPY requirements/bootstrap.lock requirements/main.lock requirements/
RUN pip install --no-cache-dir --require-hashes -r requirements/bootstrap.lock \
    && uv pip sync --system --no-cache requirements/main.lock
COPY actions/ actions/
RUN useradd --system --uid 10001 --no-create-home app
USER 10001
EXPOSE 5055
HEALTHCHECK --interval=10s --timeout=3s --retries=3 \
    CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:5055/health', timeout=2)"
CMD ["python", "-m", "rasa_sdk", "--actions", "actions", "--port", "5055"]
