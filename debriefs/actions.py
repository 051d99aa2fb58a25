"""Admin actions on debrief links, kept apart from the admin classes that list them."""

from django.contrib import admin, messages

from . import review


@admin.action(description="Send the link again (a fresh one)", permissions=["view"])
def resend_links(modeladmin, request, queryset):
    """Links sent but not used yet: the participant lost the e-mail, or it expired. A
    sponsor editor's queryset holds only its own electives' links."""
    unused = queryset.filter(sent_at__isnull=False, used_at__isnull=True).select_related("elective")
    resent = [link for link in unused if review.may_send_links(request.user, link.elective)]
    for link in resent:
        review.send_link(link, request.user)
    modeladmin.message_user(
        request, f"E-mailed {len(resent)} debrief link(s) again.", messages.SUCCESS
    )
    if skipped := queryset.count() - len(resent):
        modeladmin.message_user(
            request,
            f"{skipped} link(s) not sent: waiting for approval, or used already.",
            messages.WARNING,
        )
