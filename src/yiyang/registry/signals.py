"""Domain signals the registry sends inside its transactions (DESIGN.md "Shape of the code").

Receivers in other apps react by calling their own services; docs/modules/registry.md lists them.
"""

import django.dispatch

# Sent with elder=, actor= when a death is recorded.
elder_died = django.dispatch.Signal()
# Sent with elder=, actor= when the elder has left the city.
elder_moved_out = django.dispatch.Signal()
# Sent with survivor=, merged=, actor= when two records of one person are merged.
elders_merged = django.dispatch.Signal()
