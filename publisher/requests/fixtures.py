"""A synthetic year (2018) of requests whose outcomes exercise every row of the report's table.

Fixed seeds: the register's public part comes from ``random.Random(SEED)`` alone, so the
exported CSV is byte-identical whatever Faker version is installed; identities (kept in the
register only) come from Faker ``zh_CN`` seeded with ``IDENTITY_SEED``. Faker is a test and
development dependency, imported only here.

Besides the 2018 requests, four arrive in December 2017 and are answered in 2018 (row 二,
上年结转) and three arrive in late December 2018 and are answered in January 2019 (row 四,
结转下年度). One request (row 78 of the export, file row 79) is answered late on purpose.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from publisher import deadlines as dl
from publisher import synth
from publisher.requests import categories as cat
from publisher.requests import clock as ck
from publisher.requests.register import add_request, add_step

SEED = 20180920
IDENTITY_SEED = 441500
YEAR = 2018
NEW_IN_YEAR = 160
LATE_INDEX = 77  # position in the export, i.e. file row 79
ACTOR = "fixtures"
APPROVER = "办公室主任"
TOPICS = (
    "申请公开{road}道路改造工程的立项批复及环评文件。",
    "申请公开2017年度出租汽车经营权配置方案及中标企业名单。",
    "申请公开{road}公交站点调整的论证材料。",
    "申请公开市交通运输局{year}年部门预算中公务用车购置明细。",
    "申请公开{road}大修工程的招标文件及中标结果。",
    "申请公开汕尾港至深圳航线客运班次调整的依据。",
)
ROADS = ("香城路", "汕尾大道", "红海大道", "海丰大道", "东海大道", "人民路", "通港路")


@dataclass
class Planned:
    reference: str
    received: date
    channel: str
    applicant_type: str
    content: str
    steps: list[tuple[str, date, str, str, int]] = field(default_factory=list)


def _after(day: date, working_days: int) -> date:
    return dl.add_working_days(day, working_days)[0]


def _plan_steps(rng: random.Random, item: Planned, outcome: str, late: bool) -> None:
    """Steps ending in a reply with ``outcome``, in time unless ``late``."""
    steps, start = item.steps, item.received
    if late:
        steps.append((ck.REPLY, _after(start, 23), outcome, "", 0))
        return
    if outcome == "other-no-correction":
        notice = _after(start, rng.randrange(1, 6))
        steps.append((ck.CORRECTION_NOTICE, notice, "", "", 0))
        steps.append((ck.REPLY, _after(notice, 15), outcome, "", 0))
        return
    if outcome == "unavailable-still-unclear" or rng.random() < 0.1:
        notice = _after(start, rng.randrange(1, 6))
        start = _after(notice, rng.randrange(2, 10))
        steps.append((ck.CORRECTION_NOTICE, notice, "", "", 0))
        steps.append((ck.CORRECTION_ANSWER, start, "", "", 0))
    limit, paused = dl.DISCLOSURE_WORKING_DAYS, 0
    taken = rng.randrange(2, limit + 1)
    if rng.random() < 0.1:
        limit += dl.DISCLOSURE_EXTENSION_WORKING_DAYS
        steps.append((ck.EXTENSION, _after(start, 18), "", APPROVER, 0))
        taken = rng.randrange(21, limit + 1)
    if outcome == "withheld-third-party" or rng.random() < 0.08:
        letter = _after(start, rng.randrange(1, min(taken, 10) + 1))
        paused = rng.randrange(3, 16)
        steps.append((ck.CONSULTATION_START, letter, "", "", 0))
        steps.append((ck.CONSULTATION_END, _after(letter, paused), "", "", 0))
        taken = max(taken, dl.working_days_between(start, letter) + 1)
    fee = 100 * rng.randrange(1, 4) if rng.random() < 0.05 else 0
    steps.append((ck.REPLY, _after(start, taken + paused), outcome, "", fee))


def plan(seed: int = SEED) -> list[Planned]:
    """The requests and their steps, oldest first (no identities: see :func:`load`)."""
    rng = random.Random(seed)
    received = sorted(
        [dl.add_working_days(date(2017, 12, 8), 2 * n + 1)[0] for n in range(4)]
        + [synth.day_between(rng, date(YEAR, 1, 3), date(YEAR, 12, 7))
           for _ in range(NEW_IN_YEAR)]
        + [dl.add_working_days(date(YEAR, 12, 14), 3 * n + 1)[0] for n in range(3)])
    codes = [o.code for o in cat.OUTCOMES]
    types = list(cat.APPLICANT_TYPES)
    weights = (7, 2, 1, 1, 1, 1)
    out: list[Planned] = []
    for i, day in enumerate(received):
        kind = types[i % len(types)] if i < 12 else rng.choices(types, weights)[0]
        year = day.year
        seq = sum(1 for p in out if p.received.year == year) + 1
        content = rng.choice(TOPICS).format(road=rng.choice(ROADS), year=year)
        item = Planned(f"汕交依申〔{year}〕{seq}号", day, rng.choice(cat.CHANNELS), kind, content)
        # Every outcome row at least once (in order), then the common ones most often.
        if 4 <= i < 4 + len(codes):
            outcome = codes[i - 4]
        else:
            outcome = rng.choices(codes, [12, 3] + [1] * (len(codes) - 2))[0]
        if day.year != YEAR:
            # Carried over: answered in the next year, in time and without other steps.
            item.steps.append((ck.REPLY, _after(day, 20 if day.year < YEAR else 15), outcome,
                               "", 0))
        else:
            _plan_steps(rng, item, outcome, late=i == LATE_INDEX)
        item.steps.sort(key=lambda step: step[1])  # stable: same-day steps keep their order
        out.append(item)
    return out


def _identity(fake: Any, applicant_type: str) -> dict[str, str]:
    """A synthetic applicant: a person with an ID number, or an organisation."""
    if applicant_type == "自然人":
        return {"name": fake.name(), "id_number": fake.ssn(), "phone": fake.phone_number(),
                "address": fake.address()}
    return {"name": fake.company(), "phone": fake.phone_number(), "address": fake.address()}


def load(session: Session, *, department: str = "办公室") -> int:
    """Register the synthetic year through the register (so every step is checked and
    audited); returns the number of requests."""
    from faker import Faker

    fake = Faker("zh_CN")
    fake.seed_instance(IDENTITY_SEED)
    planned = plan()
    for item in planned:
        add_request(session, reference=item.reference, received=item.received,
                    channel=item.channel, applicant_type=item.applicant_type,
                    content=item.content, actor=ACTOR, department=department,
                    applicant=_identity(fake, item.applicant_type))
        for kind, day, outcome, approver, fee in item.steps:
            add_step(session, item.reference, kind=kind, day=day, actor=ACTOR, outcome=outcome,
                     approver=approver, fee=fee)
    return len(planned)
