import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

django_application = get_wsgi_application()

# Pages from the page cache are sent before Django handles the request (branchapp/http/pagecache.py).
from branchapp.http.pagecache import wsgi_application  # noqa: E402

application = wsgi_application(django_application)
