"""Who may do what with the directory: the one home of its access rules.

Curators (the publish_elective permission) may do anything. A sponsor editor (staff, listed
among an organization's editors) may edit that organization's profile and electives.
Everyone else only reads what is published.
"""

PUBLISH_PERMISSION = "electives.publish_elective"


def is_staff_member(user):
    return user.is_authenticated and user.is_active and user.is_staff


def is_curator(user):
    return is_staff_member(user) and user.has_perm(PUBLISH_PERMISSION)


def is_sponsor_editor(user):
    return is_staff_member(user) and not is_curator(user) and user.edited_organizations.exists()


def edits_organization(user, organization_id):
    """Curators, and the organization's own editors."""
    if not is_staff_member(user):
        return False
    return is_curator(user) or user.edited_organizations.filter(pk=organization_id).exists()


def may_edit(user, elective):
    if elective.organization_id is None:  # a new elective: its sponsor is checked on save
        return is_curator(user) or is_sponsor_editor(user)
    return edits_organization(user, elective.organization_id)


def sponsor_scope(user, queryset, to_sponsor=""):
    """The rows of `queryset` a staff member may reach in the admin: every row for curators,
    their own organizations' rows for a sponsor editor, none for anyone else. `to_sponsor`
    is the path from a row to its organization ("organization", "elective__organization";
    empty for organizations themselves)."""
    if is_curator(user):
        return queryset
    if not is_staff_member(user):
        return queryset.none()
    return queryset.filter(**{f"{to_sponsor}__editors" if to_sponsor else "editors": user})
