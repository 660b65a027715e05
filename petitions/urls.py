from django.urls import path

from . import batch_views, letter_views, receipt_views, views

app_name = "petitions"

urlpatterns = [
    path("", views.petition_list, name="list"),
    path("export.xlsx", views.petition_export, name="export"),
    path("count/", views.petition_count, name="count"),
    path("new/", views.petition_create, name="create"),
    path("new/earlier/", views.earlier_petitions, name="earlier"),
    # The list's batch toolbar and saved searches (before "<number>/").
    path("batch/", batch_views.batch_act, name="batch"),
    path("batch/result/", batch_views.batch_result, name="batch_result"),
    path("batch/export.xlsx", batch_views.batch_export, name="batch_export"),
    path("searches/", batch_views.saved_search_list, name="saved_searches"),
    path("searches/save/", batch_views.saved_search_save, name="saved_search_save"),
    path("searches/<int:pk>/rename/", batch_views.saved_search_rename, name="saved_search_rename"),
    path("searches/<int:pk>/delete/", batch_views.saved_search_delete, name="saved_search_delete"),
    path("<str:number>/", views.petition_detail, name="detail"),
    path("<str:number>/act/<str:action>/", views.petition_act, name="act"),
    path("<str:number>/identity/", views.reveal_identity, name="reveal_identity"),
    path("kept/<uuid:key>/", views.pending_upload, name="pending_upload"),
    path("<str:number>/attachments/<int:pk>/", views.attachment_download, name="attachment"),
    path(
        "<str:number>/attachments/<int:pk>/view/",
        views.attachment_preview,
        name="attachment_preview",
    ),
    path("<str:number>/letters/<slug:kind>/", letter_views.letter, name="letter"),
    path("<str:number>/letters/<slug:kind>.pdf", letter_views.letter_pdf_view, name="letter_pdf"),
    path("<str:number>/file.pdf", letter_views.case_file, name="case_file"),
    path("<str:number>/receipt/", receipt_views.receipt, name="receipt"),
    path("<str:number>/receipt.pdf", receipt_views.receipt_pdf_view, name="receipt_pdf"),
    path(
        "<str:number>/receipt/check-code/",
        receipt_views.issue_check_code,
        name="issue_check_code",
    ),
]
