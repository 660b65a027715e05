# The application image: web (gunicorn), worker and beat all run from it.

# Front-end assets from npm, so nothing third-party is committed or fetched at run time.
FROM node:20-bookworm-slim AS assets
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error

FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1
# Pango for WeasyPrint (PDF documents) and a CJK font so Chinese renders in them.
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 fonts-noto-cjk \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY pyproject.toml README.md ./
RUN pip install --no-cache-dir .
COPY . .
COPY --from=assets /app/node_modules ./node_modules
RUN SECRET_KEY=collectstatic-only python manage.py collectstatic --noinput \
    && useradd --system --home /app xinfang \
    && mkdir -p /app/media && chown xinfang /app/media
USER xinfang
EXPOSE 8000
# Threaded workers with a 120 s stuck-worker timeout (deploy/gunicorn.conf.py): a long
# streamed export is not killed. WEB_CONCURRENCY sets the worker processes.
ENV WEB_CONCURRENCY=3
CMD ["gunicorn", "config.wsgi", "-c", "deploy/gunicorn.conf.py"]
