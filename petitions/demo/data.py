"""The words of the demo petitions, read from the JSON files beside this module.

matters.json: what the petitions are about — the matters a mining group's
petition office sees (工资待遇, 改革改制, 采煤塌陷区, 工人村, 信访老户, 越级访 …),
written as a clerk summarises them, with the handling reports and replies they
get. Placeholders filled per petition: {unit} {section} {month} {months}
{amount} {village} {building}; summaries stay within 40 characters once filled.
texts.json: the comments and reasons of the steps of a case; places.json: where
people live and were born; people.json: names and telephone prefixes.
"""

import json
from dataclasses import dataclass, fields
from pathlib import Path

HERE = Path(__file__).resolve().parent


def load(name: str):
    with (HERE / name).open(encoding="utf-8") as file:
        return json.load(file)


@dataclass(frozen=True)
class Outcome:
    opinion: str
    report: str  # 办结报告
    text: str  # 处理意见书: facts and reasons
    basis: str  # 依据


@dataclass(frozen=True)
class Matter:
    key: str
    category: str
    nature: str
    units: tuple[str, ...]
    relations: tuple[str, ...]
    summary: str
    content: str
    outcomes: tuple[Outcome, ...] = ()
    handle: bool = True  # can be assigned to a unit and handled
    office: bool = False  # a group-level matter the office may accept itself
    collective: bool = False  # people come about it in groups
    recurring: bool = False  # the kind of matter 信访老户 come back with
    transfer: tuple[str, str] | None = None  # organ, note
    redirect: tuple[str, str] | None = None  # route, note
    reject: tuple[str, str] | None = None  # reason, note
    weight: int = 2
    months: tuple[int, ...] = ()  # the months it comes in (seasonal matters); () = any
    sex: str = ""  # "male" or "female" where the content says so (underground work, a widow)
    born: tuple[int, int] | None = None  # years of birth the content implies

    @classmethod
    def from_json(cls, data: dict) -> "Matter":
        values = {
            name: tuple(value) if isinstance(value, list) else value for name, value in data.items()
        }
        values["outcomes"] = tuple(Outcome(**outcome) for outcome in data.get("outcomes", ()))
        unknown = set(values) - {field.name for field in fields(cls)}
        if unknown:
            raise ValueError(f"matters.json: unknown fields {sorted(unknown)} in {data['key']}")
        return cls(**values)


MATTERS = [Matter.from_json(matter) for matter in load("matters.json")]

_texts = load("texts.json")
EXTENSION_REASONS = _texts["EXTENSION_REASONS"]
LEADER_SEND_BACK_REASONS = _texts["LEADER_SEND_BACK_REASONS"]
OFFICE_SEND_BACK_REASONS = _texts["OFFICE_SEND_BACK_REASONS"]
OBJECTION_REASONS = _texts["OBJECTION_REASONS"]
ASSIGN_COMMENTS = _texts["ASSIGN_COMMENTS"]
OWNER_COMMENTS = _texts["OWNER_COMMENTS"]
REVIEW_TEXTS = _texts["REVIEW_TEXTS"]
REREVIEW_TEXTS = _texts["REREVIEW_TEXTS"]
CLOSE_COMMENTS = _texts["CLOSE_COMMENTS"]
REPEAT_REJECTIONS = _texts["REPEAT_REJECTIONS"]
REFERRING_ORGANS = _texts["REFERRING_ORGANS"]
DISTRICT_BUREAUS = _texts["DISTRICT_BUREAUS"]

_places = load("places.json")
VILLAGES = _places["VILLAGES"]
DISTRICTS = _places["DISTRICTS"]
LIVING_AREAS = _places["LIVING_AREAS"]
BIRTH_REGIONS = _places["BIRTH_REGIONS"]

_people = load("people.json")
SURNAMES = [surname for surname, _weight in _people["surnames"]]
SURNAME_WEIGHTS = [weight for _surname, weight in _people["surnames"]]
MALE_GIVEN_NAMES = _people["male_given_names"]
FEMALE_GIVEN_NAMES = _people["female_given_names"]
MOBILE_PREFIXES = _people["mobile_prefixes"]
