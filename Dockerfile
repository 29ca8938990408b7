# Image shared by the web, worker and beat services of docker-compose.yml.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 \
    DJANGO_SETTINGS_MODULE=cornouaille.settings.production

# WeasyPrint needs Pango/HarfBuzz; fonts are the system's DejaVu and Liberation; gettext compiles
# the translations.
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b \
      libharfbuzz-subset0 fonts-dejavu-core fonts-liberation2 gettext curl \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY requirements.txt .
RUN pip install -r requirements.txt
COPY . .

# collectstatic and compilemessages need settings but no real service: placeholders suffice.
RUN DJANGO_SECRET_KEY=build-only DJANGO_ALLOWED_HOSTS=localhost DATABASE_URL=sqlite:////tmp/build.db \
    CELERY_BROKER_URL=memory:// REDIS_URL=redis://localhost:6379/0 EMAIL_URL=consolemail:// \
    sh -c "python manage.py collectstatic --noinput && python manage.py compilemessages --ignore '.venv*' -v 0"

RUN useradd --system --create-home app && mkdir -p /app/media && chown -R app /app/media
USER app
EXPOSE 8000
CMD ["gunicorn", "cornouaille.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
