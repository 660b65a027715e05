from django.urls import path

from . import views

app_name = "accountability"

urlpatterns = [
    path("", views.index, name="index"),
    path("months/<int:year>-<int:month>/", views.month_detail, name="month"),
    path("months/<int:year>-<int:month>/<str:action>/", views.month_action, name="month_action"),
    path("scores/<int:pk>/", views.score_detail, name="score"),
    path("chain/", views.chain_overview, name="chain"),
    path("chain/<int:unit_id>/", views.chain_unit, name="chain_unit"),
    path("chain/<int:unit_id>/add/", views.chain_add, name="chain_add"),
    path("chain/entries/<int:pk>/end/", views.chain_end, name="chain_end"),
    path("consequences/", views.consequence_list, name="consequences"),
    path("consequences/<int:pk>/", views.consequence_detail, name="consequence"),
    path(
        "consequences/<int:pk>/<str:action>/", views.consequence_action, name="consequence_action"
    ),
    path("referrals/", views.referral_list, name="referrals"),
    path("referrals/new/", views.referral_new, name="referral_new"),
    path("referrals/<int:pk>/", views.referral_detail, name="referral"),
    path("annual/<int:year>/", views.annual, name="annual"),
    path("annual/<int:year>/run/", views.annual_run, name="annual_run"),
    path("annual/<int:year>/payroll.xlsx", views.payroll_xlsx, name="payroll_xlsx"),
    path("ledger/", views.ledger_list, name="ledger"),
    path("ledger/<int:pk>/decision/", views.decision, name="decision"),
]
