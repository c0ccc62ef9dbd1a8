"""Every date, month and date-time picker of the platform shows its value under zh-hans (issue-wide rule:
Chinese first). Django writes dates in the language's format (2026/12/03 under zh-hans), which
a browser's <input type="date"> cannot read and shows as empty: a form re-shown after an error
would silently lose the date the clerk had typed."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django import forms
from django.urls import get_resolver
from django.utils import translation

from yiyang.core.forms import DateInput, DateTimeInput, MonthInput

SHANGHAI = ZoneInfo("Asia/Shanghai")
EXPECTED = {"date": "2026-12-03", "month": "2026-12", "datetime-local": "2026-12-03T09:30"}


def _every_form_class() -> set[type[forms.BaseForm]]:
    get_resolver().url_patterns  # noqa: B018 (imports every view module, and their forms)
    found: set[type[forms.BaseForm]] = set()
    pending: list[type] = [forms.Form, forms.ModelForm]
    while pending:
        cls = pending.pop()
        for sub in cls.__subclasses__():
            if sub not in found:
                found.add(sub)
                pending.append(sub)
    return {cls for cls in found if cls.__module__.startswith("yiyang.")}


def _pickers() -> list[tuple[str, forms.Widget]]:
    pickers = []
    for form_class in _every_form_class():
        for name, field in getattr(form_class, "base_fields", {}).items():
            if getattr(field.widget, "input_type", "") in EXPECTED:
                pickers.append(
                    (f"{form_class.__module__}.{form_class.__name__}.{name}", field.widget)
                )
    return pickers


def test_the_project_has_date_pickers_to_check():
    # the walk below must see the forms, or it would pass on nothing
    names = [name for name, _widget in _pickers()]
    assert len(names) >= 20
    assert any(".homecare." in name for name in names)
    assert any(".registry." in name for name in names)


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_every_picker_writes_its_value_as_the_browser_reads_it(language):
    with translation.override(language):
        wrong = []
        for name, widget in _pickers():
            rendered = widget.format_value(datetime(2026, 12, 3, 9, 30, tzinfo=SHANGHAI))
            if rendered != EXPECTED[widget.input_type]:
                wrong.append(f"{name}: {rendered!r}")
    assert wrong == []


def test_the_shared_pickers_render_iso_inside_a_form():
    class Form(forms.Form):
        day = forms.DateField(widget=DateInput())
        month = forms.DateField(widget=MonthInput())
        at = forms.DateTimeField(widget=DateTimeInput())

    with translation.override("zh-hans"):
        initial = {
            "day": date(2026, 12, 3),
            "month": date(2026, 12, 1),
            "at": datetime(2026, 12, 3, 9, 30, tzinfo=SHANGHAI),
        }
        html = str(Form(initial=initial))
    assert 'type="date" name="day" value="2026-12-03"' in html
    assert 'type="month" name="month" value="2026-12"' in html
    assert 'type="datetime-local" name="at" value="2026-12-03T09:30"' in html
