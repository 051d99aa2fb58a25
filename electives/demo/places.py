"""Where demo electives take place, and the hospitals and people there.

Each hospital is named from its own city, the way its country names hospitals ("Kisumu
County Teaching and Referral Hospital", "Centre Hospitalier Universitaire de Dakar",
"Hospital Regional de Cusco"), so no name turns up in two cities; specialist electives go
to the teaching and referral hospitals, family medicine also to district ones.
"""

import functools
from typing import NamedTuple

from django_countries import countries

# "malaria": the cities lie where malaria is transmitted; "lmic": low- and middle-income
# countries, where outreach camps and clean-water programs are plausible (not London).
MALARIA, LMIC = "malaria", "lmic"
# Where most residents' fees are set: high-income hosts charge more (issue 28).
HIGH_INCOME = {"GB", "IE", "NZ", "AU"}
TERTIARY, DISTRICT = "tertiary", "district"


class Place(NamedTuple):
    country: str
    cities: list
    languages: list  # the languages a visiting resident must work in there
    has: set


# Real places where U.S. residents rotate. Most teaching hospitals work in English even where
# patients speak other languages (Ibadan: English, not Yoruba).
PLACES = [
    Place("KE", ["Kisumu"], [], {MALARIA, LMIC}),
    Place("KE", ["Nairobi", "Eldoret", "Naivasha"], [], {LMIC}),
    Place("UG", ["Kampala", "Mbarara", "Gulu"], [], {MALARIA, LMIC}),
    Place("TZ", ["Moshi", "Dar es Salaam", "Arusha"], ["sw"], {MALARIA, LMIC}),
    Place("RW", ["Kigali", "Butare"], [], {MALARIA, LMIC}),
    Place("GH", ["Accra", "Kumasi", "Tamale"], [], {MALARIA, LMIC}),
    Place("MW", ["Blantyre", "Lilongwe"], [], {MALARIA, LMIC}),
    Place("BW", ["Gaborone"], [], {LMIC}),
    Place("ZA", ["Cape Town", "Durban", "Johannesburg"], [], {LMIC}),
    Place("ET", ["Gondar"], ["am"], {MALARIA, LMIC}),
    Place("ET", ["Addis Ababa"], ["am"], {LMIC}),
    Place("ZM", ["Lusaka"], [], {MALARIA, LMIC}),
    Place("NG", ["Ibadan", "Lagos"], [], {MALARIA, LMIC}),
    Place("SN", ["Dakar"], ["fr"], {MALARIA, LMIC}),
    Place("CD", ["Kinshasa", "Bukavu"], ["fr"], {MALARIA, LMIC}),
    Place("CI", ["Abidjan", "Bouaké"], ["fr"], {MALARIA, LMIC}),
    Place("HT", ["Port-au-Prince", "Cap-Haïtien", "Hinche"], ["fr"], {MALARIA, LMIC}),
    Place("GT", ["Antigua Guatemala", "Quetzaltenango"], ["es"], {LMIC}),
    Place("HN", ["Tegucigalpa", "San Pedro Sula"], ["es"], {LMIC}),
    Place("NI", ["León", "Managua"], ["es"], {LMIC}),
    Place("PE", ["Iquitos"], ["es"], {MALARIA, LMIC}),
    Place("PE", ["Lima", "Cusco"], ["es"], {LMIC}),
    Place("BO", ["La Paz", "Cochabamba"], ["es"], {LMIC}),
    Place("EC", ["Quito", "Cuenca"], ["es"], {LMIC}),
    Place("DO", ["Santo Domingo", "Santiago de los Caballeros"], ["es"], {LMIC}),
    Place("MX", ["Oaxaca", "San Cristóbal de las Casas", "Mexico City"], ["es"], {LMIC}),
    Place("BR", ["São Paulo", "Salvador"], ["pt"], {LMIC}),
    Place("IN", ["Vellore", "Pune", "Lucknow"], [], {LMIC}),
    Place("NP", ["Kathmandu", "Dhulikhel"], [], {LMIC}),
    Place("BD", ["Dhaka"], [], {LMIC}),
    Place("VN", ["Hanoi", "Ho Chi Minh City"], ["vi"], {LMIC}),
    Place("KH", ["Phnom Penh", "Siem Reap"], [], {LMIC}),
    Place("PH", ["Manila", "Cebu"], [], {LMIC}),
    Place("TH", ["Chiang Mai", "Bangkok"], [], {LMIC}),
    Place("MN", ["Ulaanbaatar"], ["mn"], {LMIC}),
    Place("PG", ["Port Moresby"], [], {MALARIA, LMIC}),
    Place("JO", ["Amman"], [], {LMIC}),
    Place("MA", ["Rabat", "Marrakesh"], ["fr"], {LMIC}),
    Place("EG", ["Cairo"], [], {LMIC}),
    Place("GB", ["London", "Edinburgh"], [], set()),
    Place("IE", ["Dublin"], [], set()),
    Place("NZ", ["Auckland", "Dunedin"], [], set()),
    Place("AU", ["Darwin", "Alice Springs"], [], set()),
]

# How each country names its hospitals: (teaching and referral, district). "{de}" is the
# French "de {city}" ("d'Abidjan"); "{local}" the city's name in the local language.
FRENCH = (["Centre Hospitalier Universitaire {de}", "Hôpital Régional {de}"], ["Hôpital {de}"])
SPANISH = (
    ["Hospital Regional de {local}", "Hospital Universitario de {local}"],
    ["Centro de Salud de {local}"],
)
HOSPITALS = {
    "KE": (["{city} County Teaching and Referral Hospital"], ["{city} Sub-County Hospital"]),
    "UG": (["{city} Regional Referral Hospital"], ["{city} Health Centre IV"]),
    "TZ": (["{city} Regional Referral Hospital"], ["{city} District Hospital"]),
    "RW": (["University Teaching Hospital of {city}"], ["{city} District Hospital"]),
    "GH": (["{city} Teaching Hospital"], ["{city} Municipal Hospital"]),
    "MW": (["{city} Central Hospital"], ["{city} District Hospital"]),
    "BW": (["{city} Referral Hospital"], ["{city} Primary Hospital"]),
    "ZA": (["{city} Academic Hospital", "{city} Regional Hospital"], ["{city} District Hospital"]),
    "ET": (["{city} Comprehensive Specialized Hospital"], ["{city} Primary Hospital"]),
    "ZM": (["{city} University Teaching Hospital"], ["{city} First Level Hospital"]),
    "NG": (
        ["{city} University Teaching Hospital", "Federal Medical Centre, {city}"],
        ["{city} General Hospital"],
    ),
    "SN": FRENCH,
    "CI": FRENCH,
    "MA": (FRENCH[0], ["Centre de Santé {de}"]),
    "CD": (
        ["Cliniques Universitaires {de}", "Hôpital Provincial {de}"],
        ["Hôpital Général de Référence {de}"],
    ),
    "HT": (["Hôpital Universitaire {de}"], ["Hôpital Communautaire {de}"]),
    "GT": SPANISH,
    "HN": SPANISH,
    "NI": SPANISH,
    "PE": SPANISH,
    "BO": SPANISH,
    "EC": SPANISH,
    "DO": (["Hospital Regional Universitario de {local}"], SPANISH[1]),
    "MX": (
        ["Hospital General de {local}", "Hospital Regional de Alta Especialidad de {local}"],
        SPANISH[1],
    ),
    "BR": (
        ["Hospital das Clínicas de {city}", "Hospital Universitário de {city}"],
        ["Unidade de Saúde da Família, {city}"],
    ),
    "IN": (
        ["{city} Medical College Hospital", "{city} Government General Hospital"],
        ["{city} Community Health Centre"],
    ),
    "NP": (["{city} Teaching Hospital"], ["{city} Primary Health Care Centre"]),
    "BD": (["{city} Medical College Hospital"], ["{city} Upazila Health Complex"]),
    "VN": (
        ["{city} General Hospital", "{city} Medical University Hospital"],
        ["{city} District Medical Centre"],
    ),
    "KH": (["{city} Provincial Referral Hospital"], ["{city} Health Centre"]),
    "PH": (["{city} Medical Center", "{city} Regional Hospital"], ["{city} District Hospital"]),
    "TH": (
        ["{city} Regional Hospital", "{city} University Hospital"],
        ["{city} Community Hospital"],
    ),
    "MN": (["{city} General Hospital"], ["{city} Family Health Centre"]),
    "PG": (["{city} General Hospital"], ["{city} Urban Clinic"]),
    "JO": (["{city} University Hospital"], ["{city} Comprehensive Health Centre"]),
    "EG": (["{city} University Hospital"], ["{city} Family Health Unit"]),
    "GB": (["{city} Royal Infirmary", "{city} University Hospital"], ["{city} Health Centre"]),
    "IE": (["{city} University Hospital"], ["{city} Primary Care Centre"]),
    "NZ": (["{city} City Hospital"], ["{city} Medical Centre"]),
    "AU": (["Royal {city} Hospital"], ["{city} Remote Health Clinic"]),
}
# The city as a hospital's name says it in the local language.
LOCAL_NAMES = {"Mexico City": "la Ciudad de México"}
# Where community programs and research teams work: named from the city too.
COMMUNITY_SITES = [
    "{city} District Health Office",
    "{city} Community Health Unit",
    "{city} Outreach Clinic Network",
]
RESEARCH_SITES = [
    "{city} Clinical Research Unit",
    "{city} University Research Centre",
    "{city} Field Research Station",
]


def _de(city):
    return f"d'{city}" if city[0] in "AEIOUÉ" else f"de {city}"


@functools.cache
def hospitals(country, city, level):
    """The names of the city's hospitals fit for an elective needing that level of care:
    teaching and referral ones for any; district ones too for district-level electives."""
    tertiary, district = HOSPITALS[country]
    names = tertiary + (district if level == DISTRICT else [])
    local = LOCAL_NAMES.get(city, city)
    return [name.format(city=city, de=_de(city), local=local) for name in names]


def sites(names, city):
    return [name.format(city=city) for name in names]


# Names common in each country: "country | given names | family names [| family first]".
PEOPLE_TABLE = """
KE | Grace, Peter, Faith, Samuel, Mercy, Brian | Otieno, Wanjiru, Kamau, Chebet, Mutua
UG | Sarah, Moses, Esther, Joseph, Ruth, Denis | Okello, Nakato, Mugisha, Namubiru, Ssempa
TZ | Neema, Emmanuel, Rehema, Godfrey, Upendo | Massawe, Mwakyusa, Swai, Lyimo, Kimaro, Mushi
RW | Claudine, Jean Bosco, Aline, Eric, Diane | Uwimana, Niyonzima, Mukamana, Habimana, Nshuti
GH | Akosua, Kwame, Efua, Kofi, Ama, Yaw | Mensah, Owusu, Asante, Boateng, Addo, Ofori
MW | Chikondi, Grace, Blessings, Mphatso, Tiyamike | Banda, Phiri, Chirwa, Mwale, Kamanga
BW | Kagiso, Boitumelo, Tebogo, Lesego, Onalenna | Molefe, Kebonang, Tau, Moeng, Ramotswe
ZA | Thandeka, Pieter, Ayesha, Sipho, Lerato | Naidoo, Nkosi, Botha, Dlamini, Mokoena, van der Merwe
ET | Meron, Dawit, Selam, Yonas, Tigist, Abebe | Tadesse, Bekele, Girma, Alemu, Haile, Kebede
ZM | Mwila, Chipo, Bwalya, Natasha, Kelvin | Mulenga, Chanda, Tembo, Zulu, Musonda
NG | Chinedu, Funmilayo, Ibrahim, Ngozi, Tunde, Aisha | Adeyemi, Okafor, Eze, Bello, Olawale, Nwosu
SN | Aminata, Mamadou, Fatou, Cheikh, Awa, Ousmane | Diop, Ndiaye, Fall, Sow, Ba, Sarr
CD | Chantal, Patrick, Josée, Jean-Pierre, Nadine | Mukendi, Ilunga, Tshibangu, Mbuyi, Kasongo
CI | Adjoua, Serge, Mariam, Koffi, Estelle, Yacouba | Kouassi, Koné, Yao, Traoré, Bamba, N'Guessan
HT | Marie, Jean, Roseline, Wilner, Nadège | Pierre, Jean-Baptiste, Dorvil, Étienne, Louis
MA | Youssef, Fatima Zahra, Karim, Salma, Hicham, Nadia | Benali, El Idrissi, Alaoui, Bennani, Tazi
GT | María José, Carlos, Ana Lucía, Luis, Gabriela | López, Morales, Chávez, Ajú, Pérez, Xicará
HN | Daniela, José Luis, Karla, Óscar, Lourdes | Hernández, Flores, Ramírez, Castillo, Zelaya
NI | Fátima, Róger, Martha, Iván, Verónica | Rivas, Gutiérrez, Sandino, Martínez, Obando
PE | Rosa, Miguel, Lucía, Jorge, Milagros, César | Quispe, Huamán, Vargas, Flores, Paredes, Mamani
BO | Ximena, Álvaro, Wara, Marcelo, Paola | Mamani, Choque, Quispe, Rojas, Gutiérrez
EC | Andrea, Santiago, Verónica, Diego, Carla | Andrade, Guamán, Espinoza, Salazar, Cevallos
DO | Yolanda, Rafael, Carolina, Manuel, Indhira | Rodríguez, Peña, Santana, Báez, Almonte
MX | Guadalupe, Alejandro, Mariana, Héctor, Itzel | Hernández, Ramírez, Cruz, Mendoza, Gómez
BR | Ana Paula, João, Mariana, Rafael, Luciana | Silva, Santos, Oliveira, Souza, Costa, Almeida
IN | Priya, Arjun, Kavitha, Rahul, Anjali, Suresh | Iyer, Sharma, Kulkarni, Menon, Srivastava, Reddy
NP | Sita, Bikash, Anita, Rajesh, Sunita | Shrestha, Karki, Thapa, Gurung, Adhikari
BD | Nusrat, Tanvir, Farhana, Mahmud, Sadia | Rahman, Hossain, Chowdhury, Akter, Islam
VN | Thị Lan, Văn Minh, Thu Hà, Quốc Bảo, Ngọc Anh | Nguyễn, Trần, Lê, Phạm, Hoàng | family first
KH | Sophea, Dara, Vuthy, Sreymom, Rithy | Sok, Chan, Heng, Pich, Keo | family first
PH | Maria Cristina, Jose Miguel, Angelica, Ramon, Liza | Santos, Reyes, Cruz, Bautista, Villanueva
TH | Siriporn, Somchai, Kanokwan, Prasert, Nattaya | Srisuk, Wongsakul, Rattanakorn, Chaiyaporn
MN | Oyunchimeg, Bat-Erdene, Saruul, Temuulen, Enkhjargal | Ganbold, Batbayar, Purevsuren, Dorjsuren
PG | Rose, Michael, Janet, Kila, Agnes | Wemin, Kaupa, Tovue, Siaguru, Kerua
JO | Rania, Omar, Lina, Khaled, Dana | Haddad, Khalil, Nasser, Al-Masri, Saleh
EG | Mona, Ahmed, Yasmin, Tarek, Heba | Mansour, Fahmy, Abdelrahman, Soliman, Hassan
GB | Sarah, James, Priya, Fiona, Tom, Eilidh | Thompson, MacLeod, Hughes, Patel, Campbell
IE | Aoife, Ciarán, Siobhán, Niamh, Declan | Murphy, Byrne, O'Sullivan, Kelly, Walsh
NZ | Aroha, Hamish, Mere, Lachlan, Ana | Ngata, Parata, Mitchell, Williams, Tane
AU | Emma, Liam, Jess, Kate, Daniel | Mitchell, O'Brien, Kennedy, Chen, Nguyen
"""
PEOPLE = {
    country: ([n.strip() for n in given.split(",")], [n.strip() for n in family.split(",")], order)
    for country, given, family, *order in (
        line.split(" | ") for line in PEOPLE_TABLE.strip().splitlines()
    )
}


def person(rng, country):
    given, family, family_first = PEOPLE[country]
    first, last = rng.choice(given), rng.choice(family)
    return f"{last} {first}" if family_first else f"{first} {last}"


# How a postal address's box is written in the country (none: the site and city suffice).
POST_BOXES = {
    **dict.fromkeys(["KE", "UG", "TZ", "GH", "MW", "BW", "ZM", "NG", "ET", "PG"], "P.O. Box {n}"),
    **dict.fromkeys(["SN", "CI", "CD", "HT", "MA", "RW"], "BP {n}"),
    **dict.fromkeys(["GT", "HN", "NI", "PE", "BO", "EC", "DO", "MX"], "Apartado Postal {n}"),
    "BR": "Caixa Postal {n}",
}


@functools.cache
def country_name(code):
    return str(countries.name(code))  # a translation lookup: ~40 µs uncached


def address(rng, country, city, site):
    box = POST_BOXES.get(country, "")
    lines = [
        site,
        box.format(n=rng.randint(12, 9800)) if box else "",
        city,
        country_name(country),
    ]
    return "\n".join(line for line in lines if line)
