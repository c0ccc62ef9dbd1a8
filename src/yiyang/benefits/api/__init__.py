"""The benefits endpoints under /api/v1/: programmes, applications, entitlements, payment runs.

One module per concept, joined here. Handlers are thin (STYLE.md B6): a read first needs the
capability (403 without it), then passes through `visible_to`, so another region's object
answers 404; the services check the write's capability in the object's region and decide.
"""

from ninja import Router

from yiyang.benefits.api import applications, programs, runs

router = Router(tags=["benefits"])
router.add_router("/", programs.router)
router.add_router("/", applications.router)
router.add_router("/", runs.router)
