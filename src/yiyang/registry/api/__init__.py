"""Registry API routers, one module per concept, joined here."""

from ninja import Router

from yiyang.registry.api import elders, imports

router = Router()
router.add_router("/", elders.router)
router.add_router("/", imports.router)
