from django.conf import settings


def platform(request):
    """What every page's frame needs: the platform and city names, the user's region."""
    user = getattr(request, "user", None)
    return {
        "platform_city": settings.PLATFORM_CITY_NAME,
        "user_region": getattr(user, "region", None) if user and user.is_authenticated else None,
        "map_tiles": {
            "url": settings.MAP_TILE_URL,
            "attribution": settings.MAP_TILE_ATTRIBUTION,
            "center": settings.MAP_CENTER,
        },
    }
