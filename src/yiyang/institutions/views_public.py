"""The public list and map of care institutions (no login): where a family can find a bed.

Only operating institutions, with what they publish themselves (name, kind, ownership, address,
contact phone, price range), their current grade (GB/T 37276) and the free beds by kind counted
from the bed table, so the number follows every admission and discharge. Nothing about any
resident is shown. Six queries whatever the page or the map holds.
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _

from yiyang.core.models import Region
from yiyang.institutions.choices import BedKind, BedState, InstitutionKind
from yiyang.institutions.models import Bed, GradeAssessment, Institution

PAGE_SIZE = 20
MAP_LIMIT = 500
FREE_COLOUR, FULL_COLOUR = "#2e8b57", "#8a94a3"


def _yuan(fen: int | None) -> str:
    return "" if fen is None else f"{fen // 100:,}"


def _price_line(institution: Institution) -> str | None:
    if institution.price_min_fen is None and institution.price_max_fen is None:
        return None
    return _("{low}–{high} yuan a month").format(
        low=_yuan(institution.price_min_fen), high=_yuan(institution.price_max_fen)
    )


def _map_layers(rows, grades: dict[int, int]) -> list[dict]:
    """Two layers: homes with a free bed today (circle size by free beds) and full ones."""
    labels = dict(BedKind.choices)
    annotations = {
        f"free_{kind}": Count(
            "rooms__beds", filter=Q(rooms__beds__state=BedState.FREE, rooms__beds__kind=kind)
        )
        for kind in BedKind.values
    }
    placed = rows.filter(latitude__isnull=False, longitude__isnull=False).annotate(**annotations)
    free_layer: dict = {"name": _("Free beds today"), "color": FREE_COLOUR, "points": []}
    full_layer: dict = {"name": _("No free bed today"), "color": FULL_COLOUR, "points": []}
    for home in placed.order_by("name", "pk")[:MAP_LIMIT]:
        free = {kind: getattr(home, f"free_{kind}") for kind in BedKind.values}
        lines = [
            _("{kind}: {count} free").format(kind=labels[kind], count=count)
            for kind, count in free.items()
            if count
        ]
        grade = grades.get(home.pk)
        lines.append(_("Grade {grade}").format(grade=grade) if grade else str(_("Not graded")))
        price = _price_line(home)
        if price:
            lines.append(price)
        lines.append(_("Phone {phone}").format(phone=home.contact_phone))
        point = {
            "lat": float(home.latitude),
            "lng": float(home.longitude),
            "label": home.name,
            "lines": lines,
            "url": None,
            "size": sum(free.values()) or None,
        }
        (free_layer if sum(free.values()) else full_layer)["points"].append(point)
    return [free_layer, full_layer]


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
    # scoped: published grades of the listed (public) institutions
    grades = GradeAssessment.objects.filter(institution__in=rows).current_grades(
        timezone.localdate()
    )
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
            "grade": grades.get(institution.pk),
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
        "layers": _map_layers(rows, grades),
    }
    return render(request, "institutions/public_list.html", context)


urlpatterns = [path("public/", public_list, name="public_list")]
