"""The actions a user can take on a case, as the detail page offers them.

Each action names its form and the service that performs it. Whether it is
offered is decided by the model: the transition's permission and conditions
(django-fsm), or the model's `may_*` rule for changes that are not transitions.
The page offers, the endpoint refuses and the service raises by the same rule.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from django_fsm import can_proceed, has_transition_perm

from . import forms, services
from .models import Petition


@dataclass(frozen=True)
class Action:
    name: str
    label: str
    form_class: type[forms.ActionForm]
    perform: Callable[..., Petition]  # perform(petition=, by=, version=, **cleaned_data)
    style: str = "primary"
    # For actions that are not FSM transitions: who may, and when.
    available: Callable[[Petition, object], bool] | None = None
    confirm: str = ""

    def is_available(self, petition: Petition, user) -> bool:
        if self.available is not None:
            return self.available(petition, user)
        method = getattr(petition, self.name)
        return has_transition_perm(method, user) and can_proceed(method)

    def run(self, petition: Petition, user, cleaned_data: dict) -> Petition:
        data = dict(cleaned_data)
        version = data.pop("version")
        data.pop("upload_token", None)  # the form's key for its kept files, not the action's
        return self.perform(petition=petition, by=user, version=version, **data)


ACTIONS = [
    Action("assign", _("Assign to a unit"), forms.AssignForm, services.petition_assign),
    Action(
        "accept",
        _("Accept and handle here"),
        forms.CommentForm,
        services.petition_accept,
        style="outline-primary",
    ),
    Action(
        "transfer",
        _("Transfer to another organ"),
        forms.TransferForm,
        services.petition_transfer,
        style="outline-secondary",
    ),
    Action(
        "redirect",
        _("Redirect to a legal procedure"),
        forms.RedirectForm,
        services.petition_redirect,
        style="outline-secondary",
    ),
    Action(
        "reject",
        _("Do not accept"),
        forms.RejectForm,
        services.petition_reject,
        style="outline-danger",
    ),
    Action(
        "receive", _("Receive (accept for handling)"), forms.CommentForm, services.petition_receive
    ),
    Action(
        "object",
        _("Object: wrongly assigned"),
        forms.ReasonForm,
        services.petition_object,
        style="outline-danger",
    ),
    Action(
        "request_extension",
        _("Request an extension"),
        forms.ExtensionForm,
        services.petition_request_extension,
        style="outline-secondary",
    ),
    Action(
        "submit_report",
        _("Submit handling report"),
        forms.SubmitReportForm,
        services.petition_submit_report,
    ),
    Action("sign_off", _("Sign off"), forms.CommentForm, services.petition_sign_off),
    Action(
        "approve_extension",
        _("Approve the extension"),
        forms.CommentForm,
        services.petition_approve_extension,
    ),
    Action(
        "refuse_extension",
        _("Refuse the extension"),
        forms.ReasonForm,
        services.petition_refuse_extension,
        style="outline-danger",
    ),
    Action("approve", _("Approve the report"), forms.CommentForm, services.petition_approve),
    Action(
        "send_back",
        _("Send back for re-handling"),
        forms.ReasonForm,
        services.petition_send_back,
        style="outline-danger",
    ),
    Action(
        "request_review",
        _("Accept a request for review"),
        forms.ReviewRequestForm,
        services.petition_request_review,
        style="outline-primary",
    ),
    Action(
        "issue_review",
        _("Issue the review opinion"),
        forms.OpinionForm,
        services.petition_issue_review,
    ),
    Action(
        "request_rereview",
        _("Accept a request for re-review"),
        forms.ReviewRequestForm,
        services.petition_request_rereview,
        style="outline-primary",
    ),
    Action(
        "refuse_review_request",
        _("Refuse a request for review"),
        forms.RefuseReviewRequestForm,
        services.petition_refuse_review_request,
        style="outline-danger",
        available=Petition.may_refuse_review_request,
    ),
    Action(
        "record_hearing",
        _("Record a hearing"),
        forms.HearingForm,
        services.petition_record_hearing,
        style="outline-secondary",
        available=Petition.may_record_hearing,
    ),
    Action(
        "issue_rereview",
        _("Issue the re-review opinion"),
        forms.OpinionForm,
        services.petition_issue_rereview,
    ),
    Action(
        "close",
        _("Close the case"),
        forms.CloseForm,
        services.petition_close,
        style="outline-secondary",
    ),
    Action(
        "record_service",
        _("Record service of a letter"),
        forms.ServiceForm,
        services.petition_record_service,
        style="outline-primary",
        available=Petition.may_record_service,
    ),
    Action(
        "set_handler",
        _("Set the case handler"),
        forms.HandlerForm,
        services.petition_set_handler,
        style="outline-secondary",
        available=Petition.may_set_handler,
    ),
    Action(
        "set_owning_leader",
        _("Set the owning leader"),
        forms.OwningLeaderForm,
        services.petition_set_owning_leader,
        style="outline-secondary",
        available=Petition.may_set_owning_leader,
    ),
    Action(
        "set_flags",
        _("Key and backlog flags"),
        forms.FlagsForm,
        services.petition_set_flags,
        style="outline-secondary",
        available=Petition.may_set_flags,
    ),
    Action(
        "set_listing",
        _("Listed supervision"),
        forms.ListingForm,
        services.petition_set_listing,
        style="outline-danger",
        available=Petition.may_list,
    ),
    Action(
        "record_rating",
        _("Record the petitioner's rating"),
        forms.RatingForm,
        services.petition_record_rating,
        style="outline-secondary",
        available=Petition.may_record_rating,
    ),
]

ACTIONS_BY_NAME = {action.name: action for action in ACTIONS}


def available_actions(petition: Petition, user) -> list[Action]:
    return [action for action in ACTIONS if action.is_available(petition, user)]
