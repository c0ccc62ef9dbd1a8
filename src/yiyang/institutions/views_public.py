"""The public list of care institutions (no login): where a family can find a bed.

Only operating institutions, with what they publish themselves (name, kind, ownership, address,
contact phone, price range) and the free beds by kind counted from the bed table, so the number
follows every admission and discharge. Nothing about any resident is shown.
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import render
from django.urls import path

from yiyang.core.models import Region
from yiyang.institutions.choices import BedKind, BedState, InstitutionKind
from yiyang.institutions.models import Bed, Institution

PAGE_SIZE = 20


def _yuan(fen: int | None) -> str:
    return "" if fen is None else f"{fen // 100:,}"


def public_list(request):
    # scoped: a public page: operating institutions only, institutional data, no personal data
    rows = Institution.objects.operating().select_related("region")  # scoped: public list
    q = (request.GET.get("q") or "").strip()[:50]
    kind = request.GET.get("kind") or ""
    district = request.GET.get("district") or ""
    if q:
        rows = rows.filter(Q(name__contains=q) | Q(address__contains=q))
    if kind in InstitutionKind.values:
        rows = rows.filter(kind=kind)
    if district.isdigit() and len(district) == 12:
        rows = rows.filter(region__code__startswith=district[:6])
    page = Paginator(rows.order_by("name", "pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    institutions = list(page.object_list)
    counts: dict[int, dict[str, int]] = {}
    for row in (
        Bed.objects.filter(room__institution__in=institutions)  # scoped: counts of listed rows
        .values("room__institution_id", "kind")
        .annotate(free=Count("pk", filter=Q(state=BedState.FREE)))
        .order_by()
    ):
        counts.setdefault(row["room__institution_id"], {})[row["kind"]] = row["free"]
    labels = dict(BedKind.choices)
    cards = [
        {
            "institution": institution,
            "free": [
                (labels[kind], counts.get(institution.pk, {}).get(kind, 0))
                for kind in BedKind.values
                if kind in counts.get(institution.pk, {})
            ],
            "price": (_yuan(institution.price_min_fen), _yuan(institution.price_max_fen)),
        }
        for institution in institutions
    ]
    districts = Region.objects.filter(level=3).order_by("code")  # scoped: public region names
    context = {
        "cards": cards,
        "page": page,
        "q": q,
        "kind": kind,
        "district": district,
        "kinds": InstitutionKind.choices,
        "districts": districts,
        "large": request.GET.get("large") == "1",
    }
    return render(request, "institutions/public_list.html", context)


urlpatterns = [path("public/", public_list, name="public_list")]
