"""World Bank regions and the region of every ISO 3166-1 country.

Follows the World Bank's country and lending groups. Territories the Bank does
not classify on their own are placed with their geographic neighbours; the
test suite checks that every country django-countries knows has a region.
"""

from django.db import models


class Region(models.TextChoices):
    EAST_ASIA_PACIFIC = "east-asia-pacific", "East Asia & Pacific"
    EUROPE_CENTRAL_ASIA = "europe-central-asia", "Europe & Central Asia"
    LATIN_AMERICA_CARIBBEAN = "latin-america-caribbean", "Latin America & Caribbean"
    MIDDLE_EAST_NORTH_AFRICA = "middle-east-north-africa", "Middle East & North Africa"
    NORTH_AMERICA = "north-america", "North America"
    SOUTH_ASIA = "south-asia", "South Asia"
    SUB_SAHARAN_AFRICA = "sub-saharan-africa", "Sub-Saharan Africa"


_MEMBERS = {
    Region.EAST_ASIA_PACIFIC: """
        AS AU BN KH CN FJ PF GU HK ID JP KI KP KR LA MO MY MH FM MN MM NR NC NZ
        MP PW PG PH WS SG SB TW TH TL TO TV VU VN
        CX CC CK NU NF PN TK WF UM HM AQ
    """,
    Region.EUROPE_CENTRAL_ASIA: """
        AL AD AM AT AZ BY BE BA BG HR CY CZ DK EE FO FI FR GE DE GI GR GL HU IS IE
        IM IT KZ KG LV LI LT LU MD MC ME NL MK NO PL PT RO RU SM RS SK SI ES SE CH
        TJ TR TM UA GB UZ JE GG AX SJ VA BV
    """,
    Region.LATIN_AMERICA_CARIBBEAN: """
        AG AR AW BS BB BZ BO BR VG KY CL CO CR CU CW DM DO EC SV GD GT GY HT HN JM
        MX NI PA PY PE PR SX KN LC MF VC SR TT TC UY VE VI
        AI BQ BL FK GF GP MQ MS GS
    """,
    Region.MIDDLE_EAST_NORTH_AFRICA: """
        DZ BH DJ EG IR IQ IL JO KW LB LY MT MA OM PS QA SA SY TN AE YE EH
    """,
    Region.NORTH_AMERICA: """
        BM CA US PM
    """,
    Region.SOUTH_ASIA: """
        AF BD BT IN MV NP PK LK IO
    """,
    Region.SUB_SAHARAN_AFRICA: """
        AO BJ BW BF BI CV CM CF TD KM CD CG CI GQ ER SZ ET GA GM GH GN GW KE LS LR
        MG MW ML MR MU MZ NA NE NG RW ST SN SC SL SO ZA SS SD TZ TG UG ZM ZW
        RE YT SH TF
    """,
}

COUNTRY_REGION = {code: region for region, codes in _MEMBERS.items() for code in codes.split()}


def region_of(country_code):
    return COUNTRY_REGION.get(str(country_code).upper())


def countries_in(regions):
    return sorted(code for code, region in COUNTRY_REGION.items() if region in set(regions))
