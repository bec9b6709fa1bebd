# sahel-factbot: the bot in a small image. No secrets here: settings come from the environment
# (docker compose reads them from .env). Build: docker build -t sahel-factbot .
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app

# Dependencies first, in a layer of their own: the list comes from pyproject.toml, the versions
# from constraints.txt, so a code edit rebuilds only the layers below (docs.docker.com, "Build
# cache": a layer is reused while the files copied before it are unchanged).
COPY pyproject.toml constraints.txt ./
RUN python -c "import tomllib; print(*tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies'], sep='\n')" \
        > /tmp/requirements.txt \
    && pip install --constraint constraints.txt --requirement /tmp/requirements.txt \
    && rm /tmp/requirements.txt

# Then the bot itself, without touching the dependencies installed above.
COPY README.md ./
COPY bot ./bot
RUN pip install --no-deps . \
    && useradd --system --uid 10001 --no-create-home --shell /usr/sbin/nologin factbot \
    && mkdir /data \
    && chown factbot /data

# The shipped fact base; docker-compose.yml bind-mounts the live folders over these.
COPY facts ./facts
COPY seeds ./seeds

USER factbot
ENV FACTS_DIR=/app/facts \
    SEEDS_DIR=/app/seeds \
    DATA_DIR=/data
VOLUME ["/data"]

HEALTHCHECK --interval=30s --timeout=10s --start-period=60s --retries=3 \
    CMD ["factbot", "health"]
ENTRYPOINT ["factbot"]
CMD ["run"]
