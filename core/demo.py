"""Deterministic, fictional demo data: organisations, staff, demo users, clients and products."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from core.inn import make_inn

DEMO_PASSWORD = "demo1234"

_FIRST = ("Анна", "Мария", "Елена", "Ольга", "Ирина", "Наталья", "Татьяна", "Светлана",
          "Алексей", "Дмитрий", "Сергей", "Андрей", "Михаил", "Игорь", "Павел", "Никита")  # fmt: skip
_LAST_M = ("Соколов", "Лебедев", "Козлов", "Новиков", "Морозов", "Волков", "Зайцев", "Павлов",
           "Семёнов", "Голубев", "Виноградов", "Богданов", "Воробьёв", "Фёдоров", "Михайлов")  # fmt: skip
_FEMALE = {"Анна", "Мария", "Елена", "Ольга", "Ирина", "Наталья", "Татьяна", "Светлана"}
_CLIENT_KIND = ("ООО", "АО", "ИП", "ООО", "ООО")
_CLIENT_WORD = ("Северный", "Вектор", "Гранит", "Меридиан", "Альтаир", "Созвездие", "Ладога",
                "Прогресс", "Уральский", "Кедр", "Волна", "Ориентир", "Стандарт", "Импульс",
                "Светоч", "Горизонт", "Магистраль", "Равновесие", "Фарватер", "Эталон")  # fmt: skip
_CLIENT_TAIL = ("торг", "строй", "сервис", "трейд", "логистик", "агро", "мед", "пром", "авто", "")
_SEGMENTS = ("Торговля", "Производство", "Услуги", "Строительство", "Бюджетные", "ИП на УСН")
_REGIONS = (("77", "Москва"), ("78", "Санкт-Петербург"), ("66", "Свердловская обл."),
            ("54", "Новосибирская обл."), ("16", "Республика Татарстан"), ("75", "Забайкальский край"),
            ("14", "Республика Саха (Якутия)"), ("42", "Кемеровская обл."))  # fmt: skip

PRODUCTS = (
    ("1С:Бухгалтерия 8 ПРОФ", "software", 1_440_000, 0, 0),
    ("1С:Управление торговлей 8", "software", 2_520_000, 0, 0),
    ("1С:Зарплата и управление персоналом 8", "software", 2_160_000, 0, 0),
    ("ИТС ПРОФ (12 мес.)", "service", 4_200_000, 0, 0),
    ("ИТС ТЕХНО (12 мес.)", "service", 1_680_000, 0, 0),
    ("1С-Отчетность", "service", 540_000, 0, 0),
    ("1СПАРК Риски", "service", 1_320_000, 0, 0),
    ("Онлайн-касса АТОЛ 30Ф", "equipment", 1_890_000, 12, 12),
    ("Сканер штрихкодов Honeywell 1450g", "equipment", 780_000, 24, 0),
    ("Весы с печатью этикеток", "equipment", 4_650_000, 12, 6),
    ("POS-терминал", "equipment", 5_900_000, 12, 12),
)

ROLE_STAFF = {"head": "Руководитель отдела продаж", "qc": "Специалист отдела контроля качества",
              "manager": "Менеджер по продажам", "admin": "Системный администратор",
              "viewer": "Дистрибьютор (демо)"}  # fmt: skip


@dataclass
class DemoOrg:
    name: str
    inn: str
    kind: str
    region: str


@dataclass
class DemoPerson:
    org: str
    name: str
    position: str
    hired_on: date
    login: str | None = None
    role: str | None = None


@dataclass
class DemoClient:
    name: str
    inn: str
    region: str
    segment: str


@dataclass
class DemoWorld:
    orgs: list[DemoOrg] = field(default_factory=list)
    staff: list[DemoPerson] = field(default_factory=list)
    clients: list[DemoClient] = field(default_factory=list)
    products: tuple[tuple[str, str, int, int, int], ...] = PRODUCTS


def person_name(rng: random.Random) -> str:
    """A fictional Russian full name (surname and first name agree in gender)."""
    first = rng.choice(_FIRST)
    last = rng.choice(_LAST_M)
    if first in _FEMALE:
        last += "а"
    return f"{last} {first}"


def build_world(seed: int = 1, today: date | None = None, clients: int = 300) -> DemoWorld:
    """Build the demo directory deterministically from a seed."""
    rng = random.Random(seed)
    today = today or date(2026, 11, 1)
    world = DemoWorld()
    world.orgs.append(DemoOrg("ООО «Демо-Софт»", make_inn(rng, "77"), "own", "Москва"))
    partners = (
        "ООО «Альфа-Учёт»",
        "ООО «Бухсервис Восток»",
        "ИП Карпова Т.А.",
        "ООО «Аксиома-Плюс»",
    )
    for name, (code, region) in zip(partners, _REGIONS[4:], strict=False):
        world.orgs.append(DemoOrg(name, make_inn(rng, code), "partner", region))
    used: set[str] = set()
    own = world.orgs[0].name
    for role, position in ROLE_STAFF.items():
        login = role
        name = _unique_name(rng, used)
        world.staff.append(DemoPerson(own, name, position, _hired(rng, today), login, role))
    for index in range(2, 7):
        name = _unique_name(rng, used)
        world.staff.append(
            DemoPerson(
                own, name, ROLE_STAFF["manager"], _hired(rng, today), f"manager{index}", "manager"
            )
        )
    for _ in range(6):
        name = _unique_name(rng, used)
        world.staff.append(
            DemoPerson(own, name, "Специалист линии консультаций", _hired(rng, today))
        )
    for org in world.orgs[1:]:
        for _ in range(3):
            world.staff.append(
                DemoPerson(
                    org.name,
                    _unique_name(rng, used),
                    "Специалист линии консультаций",
                    _hired(rng, today),
                )  # fmt: skip
            )
    inns: set[str] = set()
    for _ in range(clients):
        code, region = rng.choice(_REGIONS)
        kind = rng.choice(_CLIENT_KIND)
        if kind == "ИП":
            name = f"ИП {person_name(rng)}"
            inn = make_inn(rng, code, person=True)
        else:
            name = f"{kind} «{rng.choice(_CLIENT_WORD)}{rng.choice(_CLIENT_TAIL)}»"
            inn = make_inn(rng, code)
        if inn in inns:
            continue
        inns.add(inn)
        world.clients.append(DemoClient(name, inn, region, rng.choice(_SEGMENTS)))
    return world


def _unique_name(rng: random.Random, used: set[str]) -> str:
    while True:
        name = person_name(rng)
        if name not in used:
            used.add(name)
            return name


def _hired(rng: random.Random, today: date) -> date:
    return today - timedelta(days=rng.randint(60, 365 * 8))
