"""Long admin lists that never count the whole table."""

from django.core.paginator import Paginator
from django.utils.functional import cached_property


class CappedCountPaginator(Paginator):
    """Counts only as far as the page being read, never the whole table.

    COUNT(*) over 100,000 rows on every page is what makes long admin lists slow; a
    count that stops a few pages past the current one costs no more than the page's own
    OFFSET. The list then says "more than" instead of a total.
    """

    CAP = 1000

    def __init__(self, *args, cap=CAP, **kwargs):
        super().__init__(*args, **kwargs)
        self.cap = cap

    @cached_property
    def count(self):
        return self.object_list.order_by()[: self.cap + 1].count()

    @property
    def is_capped(self):
        return self.count > self.cap


class CappedCountAdminMixin:
    show_full_result_count = False
    paginator = CappedCountPaginator
    LAST_PAGE = 1_000_000

    def get_paginator(self, request, queryset, per_page, orphans=0, allow_empty_first_page=True):
        try:
            page = max(int(request.GET.get("p", 1)), 1)
        except ValueError:
            page = 1
        # A page past the cap's reach is shown as the admin's "no such page" (the last
        # page), never turned into a LIMIT the database cannot hold.
        page = min(page, self.LAST_PAGE)
        return self.paginator(
            queryset,
            per_page,
            orphans,
            allow_empty_first_page,
            cap=max(CappedCountPaginator.CAP, (page + 10) * per_page),
        )


class KeysFirstPaginator(Paginator):
    """Pages a costly list in two steps: first the page's keys in the list's order, then
    the full rows of that page only.

    A sort on a computed column (a partner's name across the agreement's parties) makes
    the database compute every row's columns before it can cut a page; asked for keys,
    it computes only what it sorts on. `count_of` is the same list without what only
    the page shows (sorting, annotations), which the count does not need.
    """

    def __init__(self, object_list, per_page, *, count_of=None, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.count_of = count_of if count_of is not None else object_list

    @cached_property
    def count(self):
        return self.count_of.count()

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        keys = list(self.object_list.values_list("pk", flat=True)[bottom:top])
        rows = {row.pk: row for row in self.object_list.filter(pk__in=keys)}
        return self._get_page([rows[key] for key in keys if key in rows], number, self)
