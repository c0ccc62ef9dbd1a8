from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from yiyang.core.forms import LoginForm
from yiyang.core.roles import Role


class LoginView(auth_views.LoginView):
    template_name = "core/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


@login_required
def home(request):
    """The landing page: what the user can do, and the elders they looked at last."""
    from yiyang.registry.models import Elder, RecentView

    if request.user.role == Role.ASSESSOR and not request.user.is_superuser:
        # An assessor's day is the list of cases assigned to them, usually opened on a phone.
        return redirect("assessment:my_assessments")

    recent = (
        RecentView.objects.filter(
            user=request.user, elder__in=Elder.objects.visible_to(request.user)
        )
        .select_related("elder", "elder__residence_region")
        .order_by("-viewed_at")[:10]
    )
    return render(request, "core/home.html", {"recent": recent})
