"""Registry API routers, one module per concept, joined here."""

from ninja import Router

from yiyang.registry.api import elders, imports

router = Router()
# Imports first: "elders/import" would otherwise be taken by "elders/<pk>".
router.add_router("/", imports.router)
router.add_router("/", elders.router)
