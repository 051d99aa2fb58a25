"""Keys typed into the admin's URLs and forms (an object's id, the chosen related objects)
reach its queries as typed; Django turns a bad integer into "not found", but a NUL
character makes PostgreSQL refuse the query (a 500), and the autocomplete widgets and
django-simple-history's history and revert pages query before any check. Every admin here
checks a key with `acceptable_key` first: a bad one is simply not found."""

from django.contrib.admin.utils import unquote
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.core.exceptions import ValidationError
from django.http import Http404
from simple_history.utils import get_history_model_for_model

# The widest integer key a database stores (a bigint): a larger one names no row, and
# SQLite's driver refuses it outright.
BIGGEST_KEY = 2**63 - 1


def acceptable_key(field, value):
    """Whether a value from a request could name a row by this field (a pk, a to_field)."""
    if "\x00" in str(value):
        return False
    try:
        key = field.to_python(value)
    except ValidationError:
        return False
    return not isinstance(key, int) or -BIGGEST_KEY <= key <= BIGGEST_KEY


class KeysChecked:
    """An autocomplete widget that looks up only the chosen values its field can hold (the
    admin renders a bound form again with what was typed, and an add form with ?field=)."""

    def optgroups(self, name, value, attr=None):
        opts = self.field.remote_field.model._meta
        key = opts.get_field(getattr(self.field.remote_field, "field_name", opts.pk.attname))
        return super().optgroups(name, [v for v in value if acceptable_key(key, v)], attr)


class CheckedAutocompleteSelect(KeysChecked, AutocompleteSelect):
    pass


class CheckedAutocompleteSelectMultiple(KeysChecked, AutocompleteSelectMultiple):
    pass


class CheckedKeysAdmin:
    """A ModelAdmin mixin: object ids and autocomplete choices checked before any query."""

    def get_object(self, request, object_id, from_field=None):
        opts = self.model._meta
        field = opts.pk if from_field is None else opts.get_field(from_field)
        if not acceptable_key(field, object_id):
            return None
        return super().get_object(request, object_id, from_field)

    def history_view(self, request, object_id, extra_context=None):
        if not acceptable_key(self.model._meta.pk, unquote(object_id)):
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # django-simple-history's revert page looks both ids up as typed.
        version_key = get_history_model_for_model(self.model)._meta.pk
        if not (
            acceptable_key(self.model._meta.pk, unquote(object_id))
            and acceptable_key(version_key, version_id)
        ):
            raise Http404("No such version.")
        return super().history_form_view(request, object_id, version_id, extra_context)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = CheckedAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = CheckedAutocompleteSelectMultiple(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)
