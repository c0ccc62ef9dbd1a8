"""The home-service endpoints under /api/v1/: catalogue, providers, caregivers, orders, visits,
complaints and cases.

Handlers are thin (STYLE.md B6): a read first needs the capability (403 without it), then
passes through `visible_to`, so another region's or provider's object answers 404; the services
check the write's capability and decide.
"""

from ninja import Router

from yiyang.homecare.api import cases, orders, plans, providers, settlements

router = Router(tags=["home services"])
router.add_router("/", providers.router)
router.add_router("/", orders.router)
router.add_router("/", settlements.router)
router.add_router("/", plans.router)
router.add_router("/", cases.router)
