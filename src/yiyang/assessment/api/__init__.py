"""Assessment API routers, one module per concept, joined here."""

from ninja import Router

from yiyang.assessment.api import agencies, assessments, rechecks, scoring, statistics

router = Router()
# The stateless scoring paths (/assessments/score, /assessments/scales) come before the
# /assessments/{pk} paths so a literal segment is never read as an id.
router.add_router("/", scoring.router)
router.add_router("/", statistics.router)
router.add_router("/", assessments.router)
router.add_router("/", agencies.router)
router.add_router("/", rechecks.router)
