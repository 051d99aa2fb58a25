"""Demo data for a local copy: places, people, sponsors, topics and the facts a GME office
asks, kept apart from the seed_demo command that writes them.

Everything here is fictional except the countries, cities and specialties: hospitals are
named from their own city in the country's way of naming them, people from names common
in the country.
"""
