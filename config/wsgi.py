import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

application = get_wsgi_application()

# What is loaded by now (settings, apps, models, translations: some 80,000 objects) lives
# as long as the process. Frozen, the collector no longer walks it: its full collections
# had cost a list page 1.7 ms on average (one of ~70 ms every ~40 requests). Collected
# first, so no garbage is kept for good; in gunicorn's master with --preload, before the
# workers fork, so that they also share those pages.
gc.collect()
gc.freeze()
