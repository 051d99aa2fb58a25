from django import template

from residents import shortlist

register = template.Library()


@register.filter
def card_id(slug):
    return shortlist.card_id(slug)
