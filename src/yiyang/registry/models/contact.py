"""Guardians (监护人) and emergency contacts (紧急联系人) of an elder."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from yiyang.registry.choices import ContactKind, Relation


class Contact(models.Model):
    """A guardian or emergency contact of an elder, called in `priority` order."""

    elder = models.ForeignKey(
        "registry.Elder", verbose_name=_("elder"), on_delete=models.CASCADE, related_name="contacts"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ContactKind.choices)
    name = models.CharField(_("name"), max_length=50)
    relation = models.CharField(_("relation"), max_length=20, choices=Relation.choices)
    phone = models.CharField(_("phone"), max_length=20)
    address = models.CharField(_("address"), max_length=200, blank=True)
    priority = models.PositiveSmallIntegerField(_("call order"), default=1)

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["priority", "pk"]

    def __str__(self) -> str:
        return self.name
