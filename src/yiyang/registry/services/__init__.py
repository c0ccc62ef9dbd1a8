"""Every write to the registry goes through these functions (STYLE.md B4): permission first,
one transaction, the audit record inside it. One module per concept."""

from yiyang.registry.services.categories import (
    decide_category_change,
    end_category,
    grant_category,
    propose_category_change,
)
from yiyang.registry.services.duplicates import dismiss_duplicate, find_duplicates, merge_elders
from yiyang.registry.services.elders import (
    add_timeline_entry,
    name_initials,
    note_viewed,
    record_ability_level,
    record_death,
    record_move_out,
    register_elder,
    set_contacts,
    update_elder,
)

__all__ = [
    "add_timeline_entry",
    "decide_category_change",
    "dismiss_duplicate",
    "end_category",
    "find_duplicates",
    "grant_category",
    "merge_elders",
    "name_initials",
    "note_viewed",
    "propose_category_change",
    "record_ability_level",
    "record_death",
    "record_move_out",
    "register_elder",
    "set_contacts",
    "update_elder",
]
