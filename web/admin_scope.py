"""The one mechanism for object permissions in the admin: a user reaches the rows of the
admin's `scope()`, and nothing else, on every page.

The changelist, its actions, search and the autocomplete widgets read `get_queryset()`;
the change, delete, history and revert pages ask an object permission. Both come from
`scope()` here: an object permission holds only for an object whose saved row is in the
user's scope. An old version from the history is judged by today's row, not by what it
was then (an elective moved to another sponsor is no longer its old sponsor's).
"""

from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.contrib.contenttypes.views import shortcut
from django.http import Http404

from .admin_keys import acceptable_key


class ScopedAdmin:
    """A ModelAdmin mixin (before ModelAdmin in the bases); subclasses override `scope`.
    An admin that answers a permission itself rather than from Django's permission tables
    (debriefs) ends it with `and self.in_scope(request, obj)`; tests/
    test_admin_object_permissions.py drives every admin's pages to hold each to it."""

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


def view_on_site(request, content_type_id, object_id):
    """The admin's "view on site" redirect, for what this user may view in the admin only.
    Django's own redirects to any object's page for any staff member, and the address can
    be a secret: a signed link (a verification request's, a debrief link's) or a draft's
    slug. Anything else is simply not found."""
    content_type = ContentType.objects.filter(pk=content_type_id).first()
    model = content_type.model_class() if content_type else None
    model_admin = admin.site._registry.get(model)
    if model_admin is None or not acceptable_key(model._meta.pk, object_id):
        raise Http404("No such object.")
    obj = model_admin.get_object(request, object_id)
    if obj is None or not model_admin.has_view_permission(request, obj):
        raise Http404("No such object.")
    return shortcut(request, content_type_id, object_id)
