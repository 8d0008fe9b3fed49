"""Staff pages of the office machinery."""

from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from office.models import CalendarToken


@require_POST
@staff_member_required
def reset_calendar_address(request):
    """A new calendar feed address for the staff member; every earlier one stops working.

    Posted from the address box (templates/office/calendar_address.html) of any page,
    which it sends the staff member back to.
    """
    CalendarToken.objects.reset(user=request.user)
    messages.success(
        request, gettext("Your calendar address was reset. The old address no longer works.")
    )
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        back = reverse("admin:index")
    return redirect(back + "#calendar-address")
