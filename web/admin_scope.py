"""The one mechanism for object permissions in the admin: a user reaches the rows of the
admin's `scope()`, and nothing else, on every page.

The changelist, its actions, search and the autocomplete widgets read `get_queryset()`;
the change, delete, history and revert pages ask an object permission. Both come from
`scope()` here: an object permission holds only for an object whose saved row is in the
user's scope. An old version from the history is judged by today's row, not by what it
was then (an elective moved to another sponsor is no longer its old sponsor's).
"""


class ScopedAdmin:
    """A ModelAdmin mixin (before ModelAdmin in the bases). Subclasses override `scope`."""

    def scope(self, request, queryset):
        """The rows of `queryset` this request's user may reach."""
        return queryset

    def get_queryset(self, request):
        return self.scope(request, super().get_queryset(request))

    def in_scope(self, request, obj):
        """Whether an object (None: the model as a whole) is within the user's scope.
        One EXISTS query on its primary key."""
        if obj is None:
            return True
        return obj.pk is not None and self.get_queryset(request).filter(pk=obj.pk).exists()

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and self.in_scope(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self.in_scope(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self.in_scope(request, obj)
