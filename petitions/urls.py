from django.urls import path

from . import letter_views

app_name = "petitions"

urlpatterns = [
    path("<str:number>/letters/<slug:kind>/", letter_views.letter, name="letter"),
]
