from urllib.parse import unquote_to_bytes

from django.conf import settings
from django.contrib.auth.middleware import LoginRequiredMiddleware
from django.http import Http404, HttpResponseBadRequest
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.functional import empty
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


def is_public(request) -> bool:
    """Whether the request is for a page marked @login_not_required (set once its view
    is known): such a page is drawn for the public, without the signed-in user."""
    return getattr(request, "public_page", False)


class PublicFirstLoginRequiredMiddleware(LoginRequiredMiddleware):
    """Django's deny-by-default login check, asking first whether the view is public.

    Django's asks `request.user.is_authenticated` first, which reads the session and
    the user from the database on every request, public pages included. A public page
    (the progress query, the public schedule, the login page, /healthz) needs neither:
    it is marked public here and answered without them. Every other view is refused
    to an anonymous visitor exactly as before.
    """

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not getattr(view_func, "login_required", True):
            request.public_page = True
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)


def user_if_loaded(request):
    """request.user if something already loaded it, else None (never a query)."""
    user = getattr(request, "user", None)
    wrapped = getattr(user, "_wrapped", user)
    return None if wrapped is empty else wrapped


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
        if request.path.startswith(settings.STATIC_URL):
            return response
        user = user_if_loaded(request)
        if user is not None:
            signed_in = user.is_authenticated
        else:
            # A public page that never looked at the user: whoever holds a session may be
            # signed in, so their copy is kept private too (no query to find out).
            signed_in = settings.SESSION_COOKIE_NAME in request.COOKIES
        if signed_in:
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
