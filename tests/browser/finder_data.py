"""A few realistic directory entries for the finder's browser tests, so it answers with
real-looking results (made-up names, 555 numbers, real cities and coordinates).

Loaded into the browser tests' site after `load_initial_content`:
    manage.py shell -c "from tests.browser.finder_data import load; load()"
Idempotent (entries are found by title). The shipped starter directory, when present,
adds to these; the tests do not depend on which entries exist beyond these.
"""

from django.db import transaction
from wagtail.models import Locale

WEEKDAYS_9_TO_5 = {"byday": "MO,TU,WE,TH,FR", "opens_at": "09:00", "closes_at": "17:00"}
PLACES = [
    {
        "title": "Midtown Cancer Support House",
        "description": "Free support groups, classes and a quiet place to rest during treatment.",
        "phone": "212-555-0143",
        "kinds": ["local-centers", "emotional-support"],
        "location": {
            "name": "Midtown Cancer Support House",
            "address_1": "350 Example Ave",
            "city": "New York",
            "state_province": "NY",
            "postal_code": "10001",
            "latitude": 40.7527,
            "longitude": -73.9930,
            "hsds_extra": {"schedules": [WEEKDAYS_9_TO_5]},
        },
    },
    {
        "title": "Bayou City Treatment Lodge",
        "description": "Free rooms near the medical center for patients who travel for treatment.",
        "phone": "713-555-0188",
        "kinds": ["financial-help"],
        "location": {
            "name": "Bayou City Treatment Lodge",
            "address_1": "1200 Example Blvd",
            "city": "Houston",
            "state_province": "TX",
            "postal_code": "77030",
            "latitude": 29.7071,
            "longitude": -95.4010,
        },
    },
    {
        "title": "Hill Country Cancer Resource Center",
        "description": "Help finding rides, money for bills and support near Austin.",
        "phone": "",
        "kinds": ["local-centers"],
        "location": {
            "name": "Hill Country Cancer Resource Center",
            "city": "Austin",
            "state_province": "TX",
            "latitude": 30.2672,
            "longitude": -97.7431,
        },
    },
    {
        "title": "Big Sky Cancer Care Center",
        "description": "Cancer care and a patient resource room with a social worker.",
        "phone": "406-555-0120",
        "kinds": ["local-centers"],
        "location": {
            "name": "Big Sky Cancer Care Center",
            "address_1": "800 Example St",
            "city": "Billings",
            "state_province": "MT",
            "postal_code": "59101",
            "latitude": 45.7833,
            "longitude": -108.5007,
        },
    },
]
REMOTE = [
    {
        "title": "Cancer Support Helpline (test entry)",
        "description": "Talk with a counselor about treatment, feelings and money, by phone.",
        "phone": "1-800-555-0166",
        "kinds": ["emotional-support"],
        "by_phone": True,
    },
]


@transaction.atomic
def load():
    from cancerhelp.directory.models import (
        Location,
        Organization,
        Service,
        ServiceAtLocation,
        ServiceLanguage,
        ServicePhone,
        TaxonomyTerm,
    )

    english = Locale.objects.get(language_code="en")
    for entry in PLACES + REMOTE:
        if Service.objects.filter(title=entry["title"], locale=english).exists():
            continue
        organization = Organization.objects.create(name=entry["title"])
        service = Service.objects.create(
            locale=english,
            organization=organization,
            title=entry["title"],
            url="https://example.org/",
            description=entry["description"],
            in_person="location" in entry,
            by_phone=entry.get("by_phone", False),
            is_free=True,
        )
        service.kinds.set(TaxonomyTerm.objects.filter(code__in=entry["kinds"]))
        service.save()
        ServiceLanguage.objects.create(service=service, code="en")
        if entry["phone"]:
            ServicePhone.objects.create(service=service, number=entry["phone"])
        if "location" in entry:
            location = Location.objects.create(**entry["location"])
            ServiceAtLocation.objects.create(service=service, location=location)
