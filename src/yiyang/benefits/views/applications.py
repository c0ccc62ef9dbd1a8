"""Benefit pages: the application queue, applying for an elder, deciding each step, withdrawing,
the elder's bank account, and the benefits part of an elder's profile.

Applications, entitlements, accounts and the ledger are read through their `visible_to` (by the
elder's community); an elder through `get_for`. The services check the step's region level.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yiyang.benefits import services
from yiyang.benefits.choices import APPROVAL_REGION_LEVEL, ApplicationStatus, ApprovalLevel
from yiyang.benefits.forms import (
    ApplicationFilterForm,
    ApplicationForm,
    BankAccountForm,
    DecideForm,
    ReasonForm,
)
from yiyang.benefits.models import Application, BankAccount, Entitlement, LedgerEntry
from yiyang.benefits.services import vouchers
from yiyang.benefits.views.programs import yuan
from yiyang.core.errors import DomainError, PermissionDeniedError
from yiyang.core.forms import show_domain_error
from yiyang.core.scoping import get_for
from yiyang.core.validators.region_code import level_of
from yiyang.registry.models import Elder

VIEW = "benefits.view_application"
PAGE_SIZE = 25
STATUS_BADGES = {
    "pending": "text-bg-warning",
    "approved": "text-bg-success",
    "refused": "text-bg-danger",
    "withdrawn": "text-bg-light border",
}


def _require(user, capability: str) -> None:
    if not user.has_capability(capability):
        raise PermissionDenied


def _applications(user):
    _require(user, VIEW)
    return Application.objects.visible_to(user).select_related(
        "elder", "elder__residence_region", "program"
    )


def may_decide(user, application: Application) -> bool:
    """Whether `user` decides the application's current step (its region level, seed 000)."""
    if application.status != ApplicationStatus.PENDING:
        return False
    if not user.has_capability("benefits.decide_application"):
        return False
    if user.is_superuser:
        return True
    level = APPROVAL_REGION_LEVEL.get(application.current_level)
    return level is None or (user.region_id is not None and level_of(user.region_id) == level)


@login_required
def application_list(request):
    """The queue: applications of the user's region, filtered by status, programme and step."""
    queryset = _applications(request.user)
    data = request.GET.copy()
    data.pop("page", None)
    form = ApplicationFilterForm(data, user=request.user)
    queryset = form.apply(queryset).order_by("-created_at", "-pk")
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "benefits/applications/list.html",
        {
            "form": form,
            "page": page,
            "filter_query": data.urlencode(),
            "badges": STATUS_BADGES,
        },
    )


@login_required
def application_create(request):
    """Apply for a programme on an elder's behalf (`?elder=<pk>`)."""
    _require(request.user, "benefits.apply")
    elder_pk = request.GET.get("elder") or request.POST.get("elder")
    if not elder_pk:
        return render(request, "benefits/applications/choose_elder.html")
    elder = get_for(request.user, Elder, elder_pk)
    form = ApplicationForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            application = services.apply_for_benefit(
                elder,
                program=data["program"],
                applicant_kind=data["applicant_kind"],
                applicant_name=data["applicant_name"],
                applied_on=data["applied_on"],
                note=data["note"],
                actor=request.user,
            )
        except PermissionDeniedError:
            raise PermissionDenied from None
        except DomainError as error:
            show_domain_error(form, error)
        else:
            messages.success(
                request,
                _("The application of {name} for {program} was recorded.").format(
                    name=elder.name, program=application.program
                ),
            )
            return redirect("benefits:application_detail", pk=application.pk)
    return render(request, "benefits/applications/form.html", {"elder": elder, "form": form})


@login_required
def application_detail(request, pk: int):
    application = get_object_or_404(_applications(request.user), pk=pk)
    return _detail(request, application)


def _detail(request, application, *, decide_form=None, withdraw_form=None, status=200):
    steps = application.steps.select_related("actor").order_by("decided_at", "pk")
    program_steps = application.program.steps
    done = {step.level for step in steps}
    context = {
        "application": application,
        "steps": steps,
        "remaining": [
            ApprovalLevel(level).label
            for level in program_steps
            if level not in done and application.status == ApplicationStatus.PENDING
        ],
        "may_decide": may_decide(request.user, application),
        "may_withdraw": application.status == ApplicationStatus.PENDING
        and request.user.has_capability("benefits.apply"),
        "decide_form": decide_form or DecideForm(),
        "withdraw_form": withdraw_form or ReasonForm(),
        "badges": STATUS_BADGES,
    }
    return render(request, "benefits/applications/detail.html", context, status=status)


@login_required
@require_POST
def application_decide(request, pk: int):
    """Approve or refuse the current step; a refusal states its reason."""
    application = get_object_or_404(_applications(request.user), pk=pk)
    if not may_decide(request.user, application):
        raise PermissionDenied
    form = DecideForm(request.POST)
    if form.is_valid():
        approve = form.cleaned_data["decision"] == "approve"
        try:
            decided = services.decide_application(
                application, approve=approve, reason=form.cleaned_data["reason"], actor=request.user
            )
        except PermissionDeniedError:
            raise PermissionDenied from None
        except DomainError as error:
            show_domain_error(form, error)
        else:
            if decided.status == ApplicationStatus.APPROVED:
                text = _("Approved: {name} receives {program} from {month}.").format(
                    name=decided.elder.name,
                    program=decided.program,
                    month=f"{decided.start_month:%Y-%m}",
                )
            elif decided.status == ApplicationStatus.REFUSED:
                text = _("The application was refused.")
            else:
                text = _("Approved at this step; it now waits for {step}.").format(
                    step=decided.get_current_level_display()
                )
            messages.success(request, text)
            return redirect("benefits:application_detail", pk=application.pk)
    return _detail(request, application, decide_form=form, status=422)


@login_required
@require_POST
def application_withdraw(request, pk: int):
    application = get_object_or_404(_applications(request.user), pk=pk)
    _require(request.user, "benefits.apply")
    form = ReasonForm(request.POST)
    if form.is_valid():
        try:
            services.withdraw_application(
                application, reason=form.cleaned_data["reason"], actor=request.user
            )
        except PermissionDeniedError:
            raise PermissionDenied from None
        except DomainError as error:
            show_domain_error(form, error)
        else:
            messages.success(request, _("The application was withdrawn."))
            return redirect("benefits:application_detail", pk=application.pk)
    return _detail(request, application, withdraw_form=form, status=422)


@login_required
def bank_account(request, pk: int):
    """Record or replace the account the elder's benefits are paid into."""
    elder = get_for(request.user, Elder, pk)
    _require(request.user, "benefits.manage_accounts")
    account = BankAccount.objects.visible_to(request.user).filter(elder=elder).first()
    initial = {}
    if account is not None:
        initial = {"bank_name": account.bank_name, "account_holder": account.account_holder}
    form = BankAccountForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_bank_account(elder, **form.cleaned_data, actor=request.user)
        except PermissionDeniedError:
            raise PermissionDenied from None
        except DomainError as error:
            show_domain_error(form, error)
        else:
            messages.success(request, _("The bank account was saved."))
            return redirect("registry:elder_detail", pk=elder.pk)
    return render(
        request,
        "benefits/applications/bank_account.html",
        {"elder": elder, "form": form, "account": account},
    )


def _amount(program, value: int) -> str:
    """A ledger figure in its programme's unit (yuan, or minutes of service time)."""
    if program.is_time:
        return _("{minutes} min").format(minutes=f"{value:,}")
    return yuan(value)


@login_required
def elder_benefits(request, pk: int):
    """HTMX: the benefits tab of an elder's profile: entitlements, applications, ledger."""
    elder = get_for(request.user, Elder, pk)
    user = request.user
    ledger = list(
        LedgerEntry.objects.visible_to(user)
        .filter(elder=elder)
        .select_related("program")
        .order_by("-period_month", "-pk")[:36]
    )
    context = {
        "elder": elder,
        "entitlements": Entitlement.objects.visible_to(user)
        .filter(elder=elder)
        .select_related("program")
        .order_by("-status", "program__code"),
        "applications": Application.objects.visible_to(user)
        .filter(elder=elder)
        .select_related("program")
        .order_by("-created_at", "-pk")[:20],
        "account": BankAccount.objects.visible_to(user).filter(elder=elder).first(),
        "ledger": [(entry, _amount(entry.program, entry.quantity)) for entry in ledger],
        "vouchers": [
            {
                **holding,
                "available_text": _amount(holding["program"], holding["available"]),
                "lapsed_text": _amount(holding["program"], holding["lapsed"]),
                "lots": [
                    (lot.month, _amount(holding["program"], lot.remaining), lot.expires_on)
                    for lot in holding["lots"]
                ],
            }
            for holding in vouchers.elder_vouchers(elder, day=timezone.localdate())
        ],
        "badges": STATUS_BADGES,
        "may_apply": user.has_capability("benefits.apply") and elder.status == "active",
        "may_manage_account": user.has_capability("benefits.manage_accounts"),
    }
    return render(request, "benefits/partials/elder_benefits.html", context)


urlpatterns = [
    path("applications/", application_list, name="application_list"),
    path("applications/new/", application_create, name="application_create"),
    path("applications/<int:pk>/", application_detail, name="application_detail"),
    path("applications/<int:pk>/decide/", application_decide, name="application_decide"),
    path("applications/<int:pk>/withdraw/", application_withdraw, name="application_withdraw"),
    path("elders/<int:pk>/bank-account/", bank_account, name="bank_account"),
    path("elders/<int:pk>/benefits/", elder_benefits, name="elder_benefits"),
]
