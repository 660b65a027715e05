from urllib.parse import unquote_to_bytes

from django.conf import settings
from django.http import Http404, HttpResponseBadRequest
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _


class PreferredLanguageMiddleware:
    """Simplified Chinese unless the user chose another language.

    Unlike Django's LocaleMiddleware this ignores the browser's Accept-Language:
    the product's language is Chinese whatever the operating system of the
    clerk's computer; English is an explicit choice (the language cookie set by
    the set_language view).
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.languages = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in self.languages:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", request.LANGUAGE_CODE)
        patch_vary_headers(response, ["Cookie"])
        return response


class PrivateNoStoreMiddleware:
    """`Cache-Control: no-store, private` on every response to a signed-in user.

    Pages and downloads behind the login carry personal data (names, identity
    numbers, case contents): no browser or proxy may keep a copy. Public pages
    (the login page, the progress query's form) stay cacheable; static files
    never reach this middleware (WhiteNoise answers them first) and are skipped
    here too in case they are served another way.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not request.path.startswith(settings.STATIC_URL)
        ):
            response["Cache-Control"] = "no-store, private"
        return response


class RejectNulMiddleware:
    """A NUL character in the path, the query string or a posted field is never
    meaningful, and PostgreSQL refuses it in text: 404 for a path, 400 otherwise,
    before any view looks it up."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path_info:
            raise Http404
        if b"\x00" in unquote_to_bytes(request.META.get("QUERY_STRING", "")):
            return HttpResponseBadRequest(_("The request contains a NUL character."))
        if request.method == "POST" and request.content_type in (
            "application/x-www-form-urlencoded",
            "multipart/form-data",
        ):
            for key, values in request.POST.lists():
                if "\x00" in key or any("\x00" in value for value in values):
                    return HttpResponseBadRequest(_("The request contains a NUL character."))
        return self.get_response(request)
