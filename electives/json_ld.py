"""schema.org data about an elective, for search engines (the elective's page)."""


def elective_json_ld(request, elective):
    """schema.org data for search engines (rendered escaped by the json_ld tag)."""
    data = {
        "@context": "https://schema.org",
        "@type": "EducationalOccupationalProgram",
        "name": elective.title,
        "description": elective.summary,
        "url": request.build_absolute_uri(elective.get_absolute_url()),
        "provider": {
            "@type": "Organization",
            "name": elective.organization.name,
            **({"url": elective.organization.website} if elective.organization.website else {}),
        },
        "programType": elective.get_category_display(),
        "educationalProgramMode": "in-person",
        "location": {
            "@type": "Place",
            "address": {
                "@type": "PostalAddress",
                "addressCountry": elective.country.code,
                **({"addressLocality": elective.city} if elective.city else {}),
            },
        },
        "timeToComplete": f"P{elective.weeks_max}W",
    }
    if elective.deadline:
        data["applicationDeadline"] = elective.deadline.isoformat()
    if elective.cost_usd is not None:
        data["offers"] = {"@type": "Offer", "price": elective.cost_usd, "priceCurrency": "USD"}
    return data
