"""The partner admin's Wikidata pages: find a partner's item, fill the partner from it, and
export the city's relationships for a review against Wikidata's twinned bodies (P190).

Each page is a staff action behind the partner permissions; the network is used only
here, through cities/wikidata.py (cached, with a timeout).
"""

import csv
import io
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext

from cities import wikidata
from cities.models import HomeCity, Partner
from office.dates import partial_iso
from office.spreadsheets import escape_formula


class WikidataAdminMixin:
    """For PartnerAdmin: the "Find on Wikidata", "Fill from Wikidata" and review pages."""

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("wikidata/find/", view(self.wikidata_find_view), name="cities_partner_wikidata"),
            path(
                "wikidata/<str:item_id>/add/",
                view(self.wikidata_add_view),
                name="cities_partner_wikidata_add",
            ),
            path(
                "wikidata/relationships.csv",
                view(self.wikidata_review_view),
                name="cities_partner_wikidata_review",
            ),
            path(
                "<int:pk>/wikidata/find/",
                view(self.wikidata_find_view),
                name="cities_partner_wikidata_find",
            ),
            path(
                "<int:pk>/wikidata/fill/",
                view(self.wikidata_fill_view),
                name="cities_partner_wikidata_fill",
            ),
            *super().get_urls(),
        ]

    def _wikidata_context(self, request, title, **context):
        return {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": title,
            **context,
        }

    def _partner_to_change(self, request, pk):
        partner = get_object_or_404(Partner.objects.prefetch_related("facts"), pk=pk)
        if not self.has_change_permission(request, partner):
            raise PermissionDenied
        return partner

    def wikidata_find_view(self, request, pk=None):
        """Search Wikidata by name; link the partner (pk) or add a new one from an item."""
        partner = self._partner_to_change(request, pk) if pk is not None else None
        if partner is None and not self.has_add_permission(request):
            raise PermissionDenied
        if request.method == "POST" and partner is not None:
            return self._link(request, partner, request.POST.get("item", ""))
        text = request.GET.get("q")
        if text is None and partner is not None:
            text = partner.name_ja or partner.name_en
        text = (text or "").strip()
        candidates, error = [], ""
        if text:
            try:
                candidates = wikidata.search(text)
            except wikidata.WikidataUnavailable as unavailable:
                error = unavailable.message
        linked = dict(
            Partner.objects.filter(wikidata_id__in=[c.id for c in candidates]).values_list(
                "wikidata_id", "pk"
            )
        )
        partners = Partner.objects.in_bulk(linked.values())
        for candidate in candidates:
            candidate.partner = partners.get(linked.get(candidate.id))
        context = self._wikidata_context(
            request,
            gettext("Find on Wikidata"),
            partner=partner,
            original=partner,
            text=text,
            candidates=candidates,
            searched=bool(text),
            error=error,
        )
        return TemplateResponse(request, "admin/cities/partner/wikidata_find.html", context)

    def _link(self, request, partner, text):
        item_id = wikidata.item_id_from(text)
        if not item_id:
            messages.error(request, gettext("Enter an identifier like Q1289."))
            return redirect("admin:cities_partner_wikidata_find", partner.pk)
        other = Partner.objects.filter(wikidata_id=item_id).exclude(pk=partner.pk).first()
        if other is not None:
            messages.error(
                request,
                gettext("%(other)s is already linked to %(id)s.") % {"other": other, "id": item_id},
            )
            return redirect("admin:cities_partner_wikidata_find", partner.pk)
        if partner.wikidata_id != item_id:
            partner.wikidata_id = item_id
            partner.save(update_fields=["wikidata_id", "updated_at"])
            self.log_change(request, partner, [{"changed": {"fields": ["wikidata_id"]}}])
        messages.success(
            request,
            gettext("%(partner)s is linked to %(id)s. Choose what to fill from it.")
            % {"partner": partner, "id": item_id},
        )
        return redirect("admin:cities_partner_wikidata_fill", partner.pk)

    def wikidata_add_view(self, request, item_id):
        """The add form, filled in with the item's names, kind and country, to check and save."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        if not wikidata.ITEM_ID.match(item_id):
            raise Http404
        existing = Partner.objects.filter(wikidata_id=item_id).first()
        if existing is not None:
            messages.warning(
                request,
                gettext("%(other)s is already linked to %(id)s.")
                % {"other": existing, "id": item_id},
            )
            return redirect("admin:cities_partner_change", existing.pk)
        try:
            item = wikidata.read_item(item_id)
        except (wikidata.WikidataUnavailable, wikidata.ItemNotFound) as error:
            messages.error(request, error.message)
            return redirect("admin:cities_partner_wikidata")
        values = wikidata.draft_values(item)
        if Partner.objects.filter(slug=values.get("slug")).exists():
            values.pop("slug")
        messages.info(
            request,
            gettext(
                "The form is filled in from Wikidata (%(id)s). Check it and save; then use "
                "“Fill from Wikidata” for the position, figures and website."
            )
            % {"id": item_id},
        )
        return redirect(reverse("admin:cities_partner_add") + "?" + urlencode(values))

    def wikidata_fill_view(self, request, pk):
        """Old and new side by side; the editor ticks what to take from Wikidata."""
        partner = self._partner_to_change(request, pk)
        if not partner.wikidata_id:
            messages.info(request, gettext("Link the partner to its Wikidata item first."))
            return redirect("admin:cities_partner_wikidata_find", partner.pk)
        change_url = reverse("admin:cities_partner_change", args=[partner.pk])
        try:
            item = wikidata.read_item(partner.wikidata_id)
        except (wikidata.WikidataUnavailable, wikidata.ItemNotFound) as error:
            context = self._wikidata_context(
                request,
                gettext("Fill from Wikidata"),
                partner=partner,
                original=partner,
                error=error.message,
            )
            return TemplateResponse(request, "admin/cities/partner/wikidata_fill.html", context)
        found = wikidata.proposals(partner, item)
        if request.method == "POST":
            if request.POST.get("fingerprint") != wikidata.fingerprint(found):
                # The partner or Wikidata changed since the page was shown.
                messages.warning(
                    request,
                    gettext("The values changed since the page was shown: check them again."),
                )
                return redirect("admin:cities_partner_wikidata_fill", partner.pk)
            keys = set(request.POST.getlist("accept"))
            try:
                changed = wikidata.fill(partner, item, keys)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
                return redirect("admin:cities_partner_wikidata_fill", partner.pk)
            if changed:
                self.log_change(request, partner, [{"changed": {"fields": changed}}])
                messages.success(
                    request,
                    gettext("Filled from Wikidata: %(fields)s.") % {"fields": ", ".join(changed)},
                )
            else:
                messages.info(request, gettext("Nothing was chosen, so nothing changed."))
            return redirect(change_url)
        context = self._wikidata_context(
            request,
            gettext("Fill from Wikidata"),
            partner=partner,
            original=partner,
            item=item,
            proposals=found,
            fingerprint=wikidata.fingerprint(found),
        )
        return TemplateResponse(request, "admin/cities/partner/wikidata_fill.html", context)

    def wikidata_review_view(self, request):
        """The city's relationships beside Wikidata's twinned bodies, as CSV for review."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        home = HomeCity.current()
        home_id = home.partner.wikidata_id if home and home.partner else ""
        # Published partners only: a tie not on the public site is not proposed to Wikidata.
        partners = (
            Partner.objects.in_directory()
            .filter(agreement_kind__isnull=False)
            .select_related("agreement_kind")
            .order_by("relationship_since", "slug")
        )
        rows = wikidata.review_relationships(home_id, partners)
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(REVIEW_COLUMNS)
        if not home_id:
            note = gettext(
                "The home city's partner record has no Wikidata identifier, so nothing could "
                "be compared: enter it on that partner."
            )
            writer.writerow([escape_formula(note)] + [""] * (len(REVIEW_COLUMNS) - 1))
        for row in rows:
            partner = row.partner
            writer.writerow(
                [
                    escape_formula(str(value))
                    for value in (
                        partner.slug,
                        partner.name_ja,
                        partner.name_en,
                        partner.wikidata_id,
                        partner.agreement_kind.name if partner.agreement_kind else "",
                        partial_iso(
                            partner.relationship_since, partner.relationship_since_precision
                        ),
                        home_id,
                        row.status,
                        row.status_text,
                        row.wikidata_since,
                        row.quickstatements,
                    )
                ]
            )
        response = HttpResponse(
            buffer.getvalue().encode("utf-8-sig"), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = 'attachment; filename="relationships-wikidata.csv"'
        return response


REVIEW_COLUMNS = [
    "slug",
    "name_ja",
    "name_en",
    "wikidata_id",
    "relationship_kind",
    "relationship_since",
    "home_wikidata_id",
    "wikidata_check",
    "wikidata_check_text",
    "wikidata_p190_start",
    "quickstatements",
]
