import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent

SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]

# ruleid: django-settings-debug-true
DEBUG = True

ALLOWED_HOSTS = ["shop.example.com"]

# ok: django-settings-debug-true
USE_TZ = True

# ruleid: django-settings-debug-true
TEMPLATE_DEBUG = True

if os.environ.get("CI"):
    # ok: django-settings-debug-true
    DEBUG = False


def debug_toolbar_visible(request):
    # ok: django-settings-debug-true
    DEBUG = True
    return DEBUG and request.user.is_staff
