"""The demo plant as plain data: teams, people, metrics, and the texts of its ideas, escalations and red days.

Riverside Pump Works machines, assembles and ships hydraulic gear pumps. The plant (tier 3) has three
areas (tier 2: Machining, Assembly, Logistics) with eight front-line teams (tier 1) between them, and two
support functions (Maintenance and Quality) that sit beside the areas and receive escalations sideways.

Nothing here touches a board: `generate` turns this data into records through the services. Every text is
written the way people on a shop floor write it, and every decision reason is written for the person who
submitted the idea. Metric models (`MetricSpec.base`, `noise`, `monday`) describe how the daily values move:
a stable process with noise, a worse Monday after the weekend stop, and streaks of bad days with one cause.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from huddle_tui.domain.escalations import MoveKind
from huddle_tui.domain.ideas import IdeaStatus, Level
from huddle_tui.domain.metrics import Direction
from huddle_tui.domain.settings import Severity
from huddle_tui.domain.teams import Role

PLANT_NAME = "Riverside Pump Works"
TIMEZONE = "Europe/Berlin"
DAYS_OF_HISTORY = 90


@dataclass(frozen=True)
class TeamSpec:
    """A team of the story; `key` is how the rest of the story refers to it, `kind` picks its metrics."""

    key: str
    name: str
    tier: int
    parent: str | None
    kind: str  # "plant", "area", "function", "machining", "assembly", "logistics"


@dataclass(frozen=True)
class PersonSpec:
    name: str
    login: str
    role: Role
    team: str  # team key


@dataclass(frozen=True)
class MetricSpec:
    """A metric and the model of its daily values.

    Values are drawn around `base` with gaussian `noise`; on Mondays the value moves by `monday` towards
    worse; a bad streak moves it by `streak` towards worse. `decimals` rounds the value as people type it.
    """

    key: str
    name: str
    category: str
    unit: str
    target: float
    better: Direction
    warn: float | None
    base: float
    noise: float
    monday: float
    streak: float
    decimals: int = 1
    safety_cross: bool = False
    every_day: bool = False  # logged on weekends too (the safety cross counts every calendar day)
    low: float = 0.0
    high: float | None = None


@dataclass(frozen=True)
class RedCause:
    """Why a day went red, and the countermeasure the team wrote for it."""

    reason: str
    countermeasure: str


@dataclass(frozen=True)
class IdeaSpec:
    team: str
    title: str
    detail: str
    impact: Level
    effort: Level
    status: IdeaStatus
    reason: str = ""  # the decision reason, written for the submitter (empty for New)
    days_ago: float = 10.0  # when it was submitted


@dataclass(frozen=True)
class Step:
    """One move of an escalation's scripted path, `hours` after the previous one.

    `by` is the team whose person acts (the holder for acknowledge/answer/up/sideways/down, the raising
    team for close); `to` is the receiving team for a sideways move.
    """

    kind: MoveKind
    hours: float
    text: str = ""
    to: str | None = None


@dataclass(frozen=True)
class EscalationSpec:
    team: str
    title: str
    need: str
    severity: Severity
    hours_ago: float  # when it was raised
    needed_in_hours: float | None
    steps: tuple[Step, ...] = ()


@dataclass(frozen=True)
class HuddleSpec:
    team: str
    decisions: tuple[str, ...]
    notes: str
    absent: int = 1  # how many of the team missed it
    overrun: float = 1.0  # factor on the agenda timeboxes


@dataclass(frozen=True)
class ObjectiveSpec:
    team: str
    text: str
    metrics: tuple[str, ...]  # metric keys of that team


@dataclass(frozen=True)
class ForcedRed:
    """A red day the story needs whatever the dice say: `days_back` 0 is the last huddle day, 1 the day
    before it. The huddle notes and escalations of the story talk about these days."""

    team: str
    metric: str
    days_back: int
    cause: int  # index into the metric's causes


@dataclass(frozen=True)
class Story:
    """The whole plant; the default is `RIVERSIDE` below."""

    name: str
    timezone: str
    teams: tuple[TeamSpec, ...]
    people: tuple[PersonSpec, ...]
    metrics: dict[str, tuple[MetricSpec, ...]]  # team kind -> its metrics
    causes: dict[str, tuple[RedCause, ...]]  # metric key -> red-day causes
    ideas: tuple[IdeaSpec, ...]
    escalations: tuple[EscalationSpec, ...]
    huddles: tuple[HuddleSpec, ...]
    objectives: tuple[ObjectiveSpec, ...]
    feeds: dict[str, str] = field(default_factory=dict)  # metric key -> parent metric key it feeds
    forced_reds: tuple[ForcedRed, ...] = ()


TEAMS: tuple[TeamSpec, ...] = (
    TeamSpec("plant", "Riverside Plant", 3, None, "plant"),
    TeamSpec("machining", "Machining", 2, "plant", "area"),
    TeamSpec("assembly", "Assembly", 2, "plant", "area"),
    TeamSpec("logistics", "Logistics", 2, "plant", "area"),
    TeamSpec("maintenance", "Maintenance", 2, "plant", "function"),
    TeamSpec("quality", "Quality", 2, "plant", "function"),
    TeamSpec("cnc1", "CNC Cell 1", 1, "machining", "machining"),
    TeamSpec("cnc2", "CNC Cell 2", 1, "machining", "machining"),
    TeamSpec("grinding", "Grinding", 1, "machining", "machining"),
    TeamSpec("linea", "Pump Line A", 1, "assembly", "assembly"),
    TeamSpec("lineb", "Pump Line B", 1, "assembly", "assembly"),
    TeamSpec("testpack", "Test & Pack", 1, "assembly", "assembly"),
    TeamSpec("goodsin", "Goods In", 1, "logistics", "logistics"),
    TeamSpec("dispatch", "Dispatch", 1, "logistics", "logistics"),
)


def _p(name: str, role: Role, team: str, login: str | None = None) -> PersonSpec:
    first, _, last = name.partition(" ")
    return PersonSpec(name, login or f"{first[0]}{last.split()[-1]}".lower().replace("'", ""), role, team)


PEOPLE: tuple[PersonSpec, ...] = (
    # Plant, areas and functions.
    _p("Helena Brandt", Role.MANAGER, "plant"),
    _p("Tomasz Wojcik", Role.MANAGER, "machining"),
    _p("Amira Haddad", Role.MANAGER, "assembly"),
    _p("Jonas Lindqvist", Role.MANAGER, "logistics"),
    _p("Rui Carvalho", Role.MANAGER, "maintenance"),
    _p("Sophie Laurent", Role.MANAGER, "quality"),
    _p("Erik Sandberg", Role.IC, "maintenance"),
    _p("Dariusz Nowak", Role.IC, "maintenance"),
    _p("Leila Mansour", Role.IC, "quality"),
    _p("Priya Raman", Role.ADMIN, "plant"),
    # Shop-floor terminals (one shared login per area).
    PersonSpec("Machining terminal", "kiosk-machining", Role.KIOSK, "machining"),
    PersonSpec("Assembly terminal", "kiosk-assembly", Role.KIOSK, "assembly"),
    PersonSpec("Logistics terminal", "kiosk-logistics", Role.KIOSK, "logistics"),
    # CNC Cell 1
    _p("Marek Kowalski", Role.SUPERVISOR, "cnc1"),
    _p("Ana Ferreira", Role.IC, "cnc1"),
    _p("Lukas Becker", Role.IC, "cnc1"),
    _p("Fatima Yilmaz", Role.IC, "cnc1"),
    _p("Jan Dvorak", Role.IC, "cnc1"),
    _p("Chiara Romano", Role.IC, "cnc1"),
    # CNC Cell 2
    _p("Stefan Huber", Role.SUPERVISOR, "cnc2"),
    _p("Ines Moreau", Role.IC, "cnc2"),
    _p("Oleksandr Bondar", Role.IC, "cnc2"),
    _p("Nina Kessler", Role.IC, "cnc2"),
    _p("Pavel Horak", Role.IC, "cnc2"),
    # Grinding
    _p("Birgit Vogel", Role.SUPERVISOR, "grinding"),
    _p("Kemal Arslan", Role.IC, "grinding"),
    _p("Greta Olsen", Role.IC, "grinding"),
    _p("Milan Petrovic", Role.IC, "grinding"),
    _p("Zofia Mazur", Role.IC, "grinding"),
    # Pump Line A
    _p("Carlos Mendes", Role.SUPERVISOR, "linea"),
    _p("Hannah Weber", Role.IC, "linea"),
    _p("Youssef Benali", Role.IC, "linea"),
    _p("Eva Novak", Role.IC, "linea"),
    _p("Tobias Klein", Role.IC, "linea"),
    _p("Lucia Garcia", Role.IC, "linea"),
    _p("Mehmet Demir", Role.IC, "linea"),
    # Pump Line B
    _p("Sarah O'Connor", Role.SUPERVISOR, "lineb"),
    _p("Viktor Ivanov", Role.IC, "lineb"),
    _p("Julia Schmitt", Role.IC, "lineb"),
    _p("Emre Aydin", Role.IC, "lineb"),
    _p("Maja Jensen", Role.IC, "lineb"),
    _p("Andrei Popescu", Role.IC, "lineb"),
    # Test & Pack
    _p("Felix Hartmann", Role.SUPERVISOR, "testpack"),
    _p("Aisha Okafor", Role.IC, "testpack"),
    _p("Bruno Costa", Role.IC, "testpack"),
    _p("Katarina Horvat", Role.IC, "testpack"),
    _p("Leon Fischer", Role.IC, "testpack"),
    # Goods In
    _p("Monika Zielinska", Role.SUPERVISOR, "goodsin"),
    _p("Samir Khoury", Role.IC, "goodsin"),
    _p("Elena Rossi", Role.IC, "goodsin"),
    _p("Daniel Wagner", Role.IC, "goodsin"),
    _p("Tereza Kralova", Role.IC, "goodsin"),
    # Dispatch
    _p("Patrick Murphy", Role.SUPERVISOR, "dispatch"),
    _p("Yasmin Aziz", Role.IC, "dispatch"),
    _p("Florian Maier", Role.IC, "dispatch"),
    _p("Olga Sokolova", Role.IC, "dispatch"),
    _p("Ricardo Silva", Role.IC, "dispatch"),
)

_SAFETY = MetricSpec(
    "safety", "Safety cross", "Safety", "incidents", 0, Direction.LOWER, 1,
    base=0, noise=0, monday=0, streak=0, decimals=0, safety_cross=True, every_day=True,
)  # fmt: skip
_ABSENCE = MetricSpec(
    "absence", "Absenteeism", "People", "%", 3.0, Direction.LOWER, 5.0,
    base=1.8, noise=0.75, monday=1.0, streak=4.0, decimals=1, high=40,
)  # fmt: skip

METRICS: dict[str, tuple[MetricSpec, ...]] = {
    "machining": (
        _SAFETY,
        MetricSpec("fpy", "First pass yield", "Quality", "%", 98.0, Direction.HIGHER, 96.0,
        base=99.0, noise=0.55, monday=0.8, streak=4.5, decimals=1, high=100),
        MetricSpec("plan", "Parts vs plan", "Delivery", "%", 100.0, Direction.HIGHER, 95.0,
        base=102.5, noise=2.2, monday=3.0, streak=14.0, decimals=0, high=130),
        MetricSpec("scrap", "Scrap cost", "Cost", "EUR", 250.0, Direction.LOWER, 400.0,
        base=150.0, noise=70.0, monday=60.0, streak=420.0, decimals=0),
        _ABSENCE,
    ),
    "assembly": (
        _SAFETY,
        MetricSpec("fpy", "First pass yield", "Quality", "%", 97.0, Direction.HIGHER, 95.0,
        base=98.3, noise=0.6, monday=0.8, streak=4.0, decimals=1, high=100),
        MetricSpec("plan", "Pumps vs plan", "Delivery", "%", 100.0, Direction.HIGHER, 95.0,
        base=102.0, noise=2.0, monday=2.5, streak=12.0, decimals=0, high=125),
        MetricSpec("scrap", "Scrap cost", "Cost", "EUR", 180.0, Direction.LOWER, 300.0,
        base=95.0, noise=55.0, monday=40.0, streak=300.0, decimals=0),
        _ABSENCE,
    ),
    "logistics": (
        _SAFETY,
        MetricSpec("fpy", "Picking accuracy", "Quality", "%", 99.5, Direction.HIGHER, 99.0,
        base=99.75, noise=0.18, monday=0.2, streak=1.2, decimals=2, high=100),
        MetricSpec("plan", "OTIF", "Delivery", "%", 95.0, Direction.HIGHER, 90.0,
        base=97.3, noise=1.5, monday=2.0, streak=11.0, decimals=1, high=100),
        MetricSpec("scrap", "Damaged goods", "Cost", "EUR", 120.0, Direction.LOWER, 200.0,
        base=55.0, noise=40.0, monday=25.0, streak=230.0, decimals=0),
        _ABSENCE,
    ),
    # Areas and the plant: the same SQDCP lines, fed by the teams below (results roll up).
    "area": (
        MetricSpec("safety", "Safety cross", "Safety", "incidents", 0, Direction.LOWER, 1,
        base=0, noise=0, monday=0, streak=0, decimals=0, safety_cross=True, every_day=True),
        MetricSpec("fpy", "First pass yield", "Quality", "%", 97.5, Direction.HIGHER, 95.5,
        base=98.4, noise=0.5, monday=0.6, streak=3.0, decimals=1, high=100),
        MetricSpec("plan", "OTIF", "Delivery", "%", 96.0, Direction.HIGHER, 92.0,
        base=97.5, noise=1.8, monday=2.0, streak=8.0, decimals=1, high=100),
        MetricSpec("scrap", "Scrap cost", "Cost", "EUR", 700.0, Direction.LOWER, 1000.0,
        base=420.0, noise=150.0, monday=120.0, streak=800.0, decimals=0),
        MetricSpec("absence", "Absenteeism", "People", "%", 3.0, Direction.LOWER, 5.0,
        base=2.3, noise=0.7, monday=0.9, streak=3.0, decimals=1, high=40),
    ),
    "plant": (
        MetricSpec("safety", "Recordable incidents", "Safety", "incidents", 0, Direction.LOWER, 1,
        base=0, noise=0, monday=0, streak=0, decimals=0, safety_cross=True, every_day=True),
        MetricSpec("fpy", "First pass yield", "Quality", "%", 97.5, Direction.HIGHER, 96.0,
        base=98.3, noise=0.4, monday=0.5, streak=2.5, decimals=1, high=100),
        MetricSpec("plan", "OTIF to customers", "Delivery", "%", 96.0, Direction.HIGHER, 93.0,
        base=97.0, noise=1.5, monday=1.5, streak=6.0, decimals=1, high=100),
        MetricSpec("scrap", "Scrap cost", "Cost", "EUR", 2000.0, Direction.LOWER, 2600.0,
        base=1350.0, noise=350.0, monday=250.0, streak=1500.0, decimals=0),
        MetricSpec("absence", "Absenteeism", "People", "%", 3.0, Direction.LOWER, 4.5,
        base=2.4, noise=0.5, monday=0.7, streak=2.5, decimals=1, high=40),
    ),
    "function": (
        MetricSpec("safety", "Safety cross", "Safety", "incidents", 0, Direction.LOWER, 1,
        base=0, noise=0, monday=0, streak=0, decimals=0, safety_cross=True, every_day=True),
        MetricSpec("response", "Breakdown response", "Delivery", "min", 30.0, Direction.LOWER, 45.0,
        base=22.0, noise=9.0, monday=6.0, streak=40.0, decimals=0),
    ),
}  # fmt: skip

# Team metrics feed the area metric of the same key; area metrics feed the plant's.
FEEDS: dict[str, str] = {key: key for key in ("safety", "fpy", "plan", "scrap", "absence")}

# Near misses and first-aid cases (amber on the safety cross) and recordables (red).
SAFETY_AMBER: tuple[RedCause, ...] = (
    RedCause("Near miss: forklift reversed out of aisle 4 without looking, pedestrian stepped back in time",
        "Paint a stop line and mount a convex mirror at the end of aisle 4"),
    RedCause("First aid: small cut on the finger while deburring by hand, plaster applied",
        "Check that cut-resistant gloves size 7 and 8 are stocked at the deburring bench"),
    RedCause("Near miss: coolant on the floor next to machine 3, nobody fell",
        "Fix the drip tray on machine 3 and add a spill kit next to it"),
    RedCause("Near miss: pallet stacked four high leaned over in the buffer zone",
        "Mark the maximum stack height on the buffer zone wall and brief all shifts"),
    RedCause("First aid: hot chip in the eye corner, rinsed at the eye wash station",
        "Make safety glasses with side shields mandatory at the cells, not only at the saws"),
)  # fmt: skip
SAFETY_RED: tuple[RedCause, ...] = (
    RedCause("Recordable: hand caught between fixture and clamp during changeover, 3 stitches",
        "Add the two-hand clamp procedure to the changeover standard and retrain all setters"),
    RedCause("Recordable: strained back lifting a 24 kg housing without the hoist",
        "Move the hoist next to station 2 and block housing lifts over 15 kg without it"),
)  # fmt: skip

CAUSES: dict[str, tuple[RedCause, ...]] = {
    "fpy": (
        RedCause("Burrs in the Ø42 bore after the insert change, 14 parts reworked",
                 "Add a bore check with the go/no-go gauge to the first-off after every insert change"),
        RedCause("Leak test failures on the shaft seal, seal seat worn in fixture 2",
                 "Replace the fixture 2 seal seat and add it to the weekly fixture check"),
        RedCause("Wrong O-ring batch fitted: supplier delivered 70 Shore instead of 90",
                 "Quarantine the O-ring batch and ask Goods In to check the Shore marking on receipt"),
        RedCause("Dimension drift on the gear width after the warm-up, first 20 parts out",
                 "Run the 15-minute warm-up programme before the first part on Mondays"),
        RedCause("Surface finish out on the face, grinding wheel not dressed in time",
                 "Set the dressing interval to 40 parts and log it on the machine sheet"),
        RedCause("Labels swapped between two pump variants, caught at final test",
                 "Print the variant label at the station from the scanned order, not from the stack"),
    ),
    "plan": (
        RedCause("DMG 3 down 3 hours: hydraulic leak at the clamping cylinder",
                 "Maintenance to replace the clamping cylinder seals and check the hose routing"),
        RedCause("Housings from the foundry arrived late, line waited 2 hours",
                 "Agree a two-day buffer of housings with purchasing and mark the minimum in the rack"),
        RedCause("Changeover took 95 minutes instead of 45",
                 "Film the next changeover and split the steps into internal and external (SMED)"),
        RedCause("Two people short on the late shift, one station not staffed",
                 "Train Julia on the press station so that the line can run short-handed"),
        RedCause("Truck for the Hamburg orders came 4 hours late, 11 orders missed the cut-off",
                 "Ask the carrier for a fixed slot and a call when a truck runs more than an hour late"),
        RedCause("Waiting for first-off approval from the lab for 70 minutes",
                 "Agree that the supervisor may release first-offs on the standard variants"),
        RedCause("Conveyor motor at the test bench failed, pumps carried by hand",
                 "Keep a spare conveyor motor in the maintenance store"),
    ),
    "scrap": (
        RedCause("12 housings scrapped: porosity found after machining",
                 "Send the porosity samples to the foundry and ask for an 8D report"),
        RedCause("Setup scrap after the program change for variant GP-40",
                 "Prove out new programs on a scrap part before the first good blank"),
        RedCause("Gears dropped from the conveyor end, 30 damaged",
                 "Mount an end stop with a soft pad at the conveyor end"),
        RedCause("Pallet of pumps hit by a forklift in the dispatch lane",
                 "Mark the dispatch lane as pedestrian and pallet-jack only"),
        RedCause("Wrong tool offset after the tool change, 8 shafts too short",
                 "Use the tool presetter for every change and print the offset on the tool tag"),
    ),
    "absence": (
        RedCause("Flu wave: three people off sick",
                 "Ask the works doctor about flu shots and cover the key stations from the skills matrix"),
        RedCause("Two people on the forklift course off-site, one off sick",
                 "Plan training days in the shift plan two weeks ahead, not more than one person a day"),
        RedCause("School holidays: four people on leave the same week",
                 "Put the holiday calendar on the board and agree the maximum leave per week"),
    ),
    "response": (
        RedCause("Two breakdowns at once, only one technician on the late shift",
                 "Put a second technician on call for the late shift"),
        RedCause("Spare part not in stock, waited for the courier",
                 "List the ten parts that stopped a machine this year and keep one of each in stock"),
    ),
}  # fmt: skip

IDEAS: tuple[IdeaSpec, ...] = (
    IdeaSpec("cnc1", "Shadow board for the setup tools at DMG 3",
        "We lose 5 to 10 minutes per changeover looking for the torque wrench and the Allen keys. A foam "
        "shadow board at the machine would show at once what is missing.",
        Level.HIGH, Level.LOW, IdeaStatus.IMPLEMENTED,
        "Great one, Ana. Marek ordered the foam board the same day and the last four changeovers were 8 "
        "minutes shorter. Please show it to CNC Cell 2 at Thursday's huddle.", days_ago=70),
    IdeaSpec("cnc1", "Coated inserts for the cast iron housings",
        "The uncoated inserts wear after 60 parts. Coated ones might last longer.",
        Level.LOW, Level.HIGH, IdeaStatus.REJECTED,
        "Thanks Lukas, we tested a box from the supplier: the coated inserts cost three times as much and "
        "lasted only 20% longer on our castings, so they do not pay back. The tool-life counter you asked "
        "for in your other idea is going in instead.", days_ago=55),
    IdeaSpec("cnc1", "Tool-life counter on the HMI",
        "Show the parts since the last insert change on the machine screen so that we change before the "
        "burrs start.",
        Level.HIGH, Level.LOW, IdeaStatus.IN_PROGRESS,
        "Approved, Lukas. Maintenance is adding the counter to the HMI; Rui plans it for the next planned "
        "stop on DMG 3.", days_ago=40),
    IdeaSpec("cnc1", "Second chip bin so we do not stop to empty it",
        "The chip bin is full twice a shift and the machine waits while we swap it.",
        Level.LOW, Level.LOW, IdeaStatus.NEW, days_ago=4),
    IdeaSpec("cnc2", "Pre-heat the spindle before the Monday first shift",
        "Mondays start with dimension drift. The night watch could start the warm-up programme at 5:30.",
        Level.HIGH, Level.LOW, IdeaStatus.APPROVED,
        "Approved, Ines. Stefan is writing the short instruction for the night watch; we start next "
        "Monday and check the first-off results together.", days_ago=16),
    IdeaSpec("cnc2", "Move the measuring room closer to the cells",
        "We walk 120 m to the measuring room for every first-off.",
        Level.HIGH, Level.HIGH, IdeaStatus.PARKED,
        "Oleksandr, this is a good idea and we want it, but moving the CMM needs a new foundation and "
        "climate control. Helena has put it on the list for next year's budget; we will come back to you "
        "in the budget round in March.", days_ago=62),
    IdeaSpec("cnc2", "Label the coolant concentration on each machine",
        "Nobody knows the right concentration per machine; we guess when refilling.",
        Level.LOW, Level.LOW, IdeaStatus.UNDER_REVIEW,
        "Nina, Quality is checking whether all machines can run the same 7% so that one label fits all. "
        "Answer by the end of next week.", days_ago=6),
    IdeaSpec("cnc2", "Swap the order of the two deburring steps",
        "If we brush before the bore finish, the burr from brushing is removed by the finish cut.",
        Level.HIGH, Level.LOW, IdeaStatus.NEW, days_ago=3.5),
    IdeaSpec("grinding", "Dressing interval on a sticker at the machine",
        "The interval is only in the programme sheet in the office.",
        Level.LOW, Level.LOW, IdeaStatus.IMPLEMENTED,
        "Done, Kemal. Stickers are on all three grinders; thanks for keeping it simple.", days_ago=48),
    IdeaSpec("grinding", "Automatic wheel balancing",
        "Balancing by hand takes 20 minutes every wheel change.",
        Level.HIGH, Level.HIGH, IdeaStatus.UNDER_REVIEW,
        "Greta, Rui is getting a quote for a balancing head for grinder 2 to test it there first. We will "
        "decide when we see the price.", days_ago=12),
    IdeaSpec("grinding", "Extraction hood for the grinding mist",
        "The mist settles on everything near grinder 1 and the floor gets slippery.",
        Level.HIGH, Level.HIGH, IdeaStatus.APPROVED,
        "Approved, Milan. Safety first: the hood is ordered, installation in week 2 during the planned "
        "stop.", days_ago=25),
    IdeaSpec("grinding", "Music in the grinding room",
        "A radio would make the night shift go faster.",
        Level.LOW, Level.HIGH, IdeaStatus.REJECTED,
        "Zofia, I understand the night shift is long. The room is above 85 dB, so everyone wears hearing "
        "protection and a radio would have to be too loud to hear. Let us look at a better break area "
        "together instead; bring it up at the huddle.", days_ago=30),
    IdeaSpec("linea", "Kitting cart for the GP-40 variant",
        "We pick the small parts for GP-40 from five racks. A kitting cart prepared by logistics would "
        "save walking.",
        Level.HIGH, Level.LOW, IdeaStatus.IMPLEMENTED,
        "Hannah, the cart runs since two weeks and the GP-40 cycle time is down from 11 to 9 minutes. "
        "Thank you!", days_ago=80),
    IdeaSpec("linea", "Torque wrench with data logging",
        "Every bolt torque would be saved with the pump serial number, no more paper.",
        Level.HIGH, Level.HIGH, IdeaStatus.IN_PROGRESS,
        "Youssef, approved as a pilot on station 3. Quality is choosing the model with you; first tests in "
        "two weeks.", days_ago=35),
    IdeaSpec("linea", "Anti-fatigue mats at stations 1 to 4",
        "Standing on concrete all shift hurts the knees.",
        Level.HIGH, Level.LOW, IdeaStatus.APPROVED,
        "Eva, approved. The mats are ordered and will be here on Friday.", days_ago=9),
    IdeaSpec("linea", "Colour-code the O-ring boxes by hardness",
        "70 and 90 Shore rings look the same. A coloured lid per hardness would stop the mix-ups.",
        Level.HIGH, Level.LOW, IdeaStatus.NEW, days_ago=5),
    IdeaSpec("linea", "Move the leak tester next to station 4",
        "Pumps travel 15 m back to the tester after rework.",
        Level.LOW, Level.HIGH, IdeaStatus.PARKED,
        "Tobias, the tester needs compressed air and a drain that only exist where it is now. We park it "
        "until the line layout changes for the new pump family next year.", days_ago=44),
    IdeaSpec("lineb", "Standard work sheet with photos for the seal fitting",
        "New people fit the shaft seal the wrong way round. Photos at the station would help.",
        Level.HIGH, Level.LOW, IdeaStatus.IMPLEMENTED,
        "Viktor, the photo sheet is at the station and we had no reversed seal since. Well done.",
        days_ago=66),
    IdeaSpec("lineb", "Second screen at final assembly for the order list",
        "We switch back and forth between the drawing and the order list.",
        Level.LOW, Level.LOW, IdeaStatus.UNDER_REVIEW,
        "Julia, IT is checking if the old monitors from the office can be mounted there.", days_ago=2.5),
    IdeaSpec("lineb", "Rotate stations every two hours",
        "Less strain on the wrists at the press station and everyone learns every station.",
        Level.HIGH, Level.LOW, IdeaStatus.NEW, days_ago=6),
    IdeaSpec("lineb", "Robot for the housing screwing",
        "Eight screws per housing by hand, 300 housings a day.",
        Level.HIGH, Level.HIGH, IdeaStatus.NEW, days_ago=1.2),
    IdeaSpec("testpack", "Print the test report and the label in one go",
        "Two printers, two queues, and sometimes the report goes with the wrong pump.",
        Level.HIGH, Level.LOW, IdeaStatus.APPROVED,
        "Aisha, approved. IT will merge the print jobs; Felix will check the first day's output with you.",
        days_ago=20),
    IdeaSpec("testpack", "Cardboard inserts instead of foam",
        "Foam is expensive and customers ask for recyclable packaging.",
        Level.HIGH, Level.HIGH, IdeaStatus.IN_PROGRESS,
        "Bruno, purchasing is testing two cardboard designs with the drop test; you are invited to the "
        "test on Tuesday.", days_ago=50),
    IdeaSpec("testpack", "Paint the test bench fixtures",
        "They look old.",
        Level.LOW, Level.HIGH, IdeaStatus.REJECTED,
        "Leon, thanks for caring about the area. Repainting means two days without the bench and does not "
        "change test results, so we will not do it now. If a fixture is hard to read or clean, tell us "
        "which one and we fix that one.", days_ago=38),
    IdeaSpec("goodsin", "Check the O-ring Shore marking on receipt",
        "The wrong batch last month would have been caught at the door.",
        Level.HIGH, Level.LOW, IdeaStatus.IMPLEMENTED,
        "Samir, it is now step 4 of the receiving checklist. Thank you for closing the loop with Pump "
        "Line A.", days_ago=28),
    IdeaSpec("goodsin", "Booking slots for supplier trucks",
        "Trucks arrive all at once at 7:00 and then nothing until noon.",
        Level.HIGH, Level.HIGH, IdeaStatus.UNDER_REVIEW,
        "Elena, Jonas is talking to the three biggest suppliers this week about fixed slots.",
        days_ago=3.2),
    IdeaSpec("goodsin", "Scanner holsters on the forklifts",
        "The scanners fall off the dashboard and break.",
        Level.LOW, Level.LOW, IdeaStatus.NEW, days_ago=2.7),
    IdeaSpec("dispatch", "Floor marking for each carrier's lane",
        "Pallets for different carriers get mixed in the dispatch area.",
        Level.HIGH, Level.LOW, IdeaStatus.IMPLEMENTED,
        "Yasmin, the lanes are painted and we had no wrong pallet on a truck since. Thank you.",
        days_ago=75),
    IdeaSpec("dispatch", "Weigh every pallet before loading",
        "Customers complain about missing boxes; a scale would catch them.",
        Level.HIGH, Level.HIGH, IdeaStatus.PARKED,
        "Florian, a floor scale costs about 9,000 EUR and we had two complaints this year. We park it and "
        "look again if the complaints come back; meanwhile the box count on the loading list stays.",
        days_ago=58),
    IdeaSpec("dispatch", "Heater at the loading dock door",
        "It is very cold at the dock in winter mornings.",
        Level.LOW, Level.LOW, IdeaStatus.NEW, days_ago=0.4),
)  # fmt: skip

M = MoveKind
ESCALATIONS: tuple[EscalationSpec, ...] = (
    EscalationSpec("cnc1", "Hydraulic leak on DMG 3 keeps coming back",
        "A permanent fix for the clamping cylinder; it was repaired three times this month.",
        Severity.HIGH, 20 * 24, 72,
        (Step(M.ACKNOWLEDGED, 1.5, "Seen. Passing it to Maintenance."),
        Step(M.SIDEWAYS, 0.5, "Needs a maintenance engineer, not the area.", to="maintenance"),
        Step(M.ANSWERED, 30, "Cylinder replaced with the reinforced type and the hose rerouted away "
            "from the chip conveyor."),
        Step(M.CLOSED, 50, "No leak for two days of full production. Thank you."))),
    EscalationSpec("linea", "Housings from the foundry arriving late",
        "Purchasing to agree a delivery schedule with the foundry; we lose 2 hours a week waiting.",
        Severity.MEDIUM, 12 * 24, 96,
        (Step(M.ACKNOWLEDGED, 3, "Taking it."),
        Step(M.UP, 20, "The foundry contract is plant level; purchasing reports to the plant.",),
        Step(M.ACKNOWLEDGED, 6),
        Step(M.ANSWERED, 40, "Purchasing agreed a two-day buffer and a Tuesday/Thursday schedule with "
            "the foundry, starting next week."))),
    EscalationSpec("lineb", "Second calibrated torque wrench for station 3",
        "Only one calibrated wrench; when it goes to calibration the station stops.",
        Severity.LOW, 9 * 24, None,
        (Step(M.DOWN, 10, "You can order it yourselves: the wrench is on the standard tools list and "
            "within the team budget. Ask Sophie for the calibration slot."),
        Step(M.CLOSED, 4, "Ordered. Thanks for the pointer."))),
    EscalationSpec("testpack", "Leak tester gives false rejects since the software update",
        "Someone who can roll back or fix the tester software.",
        Severity.HIGH, 6 * 24, 24,
        (Step(M.ACKNOWLEDGED, 0.8, "On it."),
        Step(M.SIDEWAYS, 1, "Quality owns the tester software.", to="quality"),
        Step(M.ACKNOWLEDGED, 2, "Looking at the update notes."),
        Step(M.ANSWERED, 18, "The update reset the fill time to 2 s; set back to 4 s and validated "
            "with the master pumps."))),
    EscalationSpec("grinding", "Grinding mist extraction is not enough on grinder 1",
        "An extraction hood; the floor gets slippery and people complain of headaches.",
        Severity.HIGH, 4 * 24, 48,
        (Step(M.ACKNOWLEDGED, 2, "Agreed, this is a safety issue."),
        Step(M.UP, 3, "Needs capital spending above the area limit."),
        Step(M.ACKNOWLEDGED, 5, "Helena here: approved in principle, waiting for the quote."))),
    EscalationSpec("goodsin", "Forklift 2 brakes are soft",
        "Maintenance to check the brakes today; we parked the truck.",
        Severity.CRITICAL, 5, 4,
        (Step(M.ACKNOWLEDGED, 2.5, "Parked truck confirmed. Calling maintenance."),
        Step(M.SIDEWAYS, 0.3, "Forklift brakes are maintenance work.", to="maintenance"))),
    EscalationSpec("dispatch", "Carrier misses the 14:00 pickup three times a week",
        "Logistics management to talk to the carrier or change carrier.",
        Severity.MEDIUM, 40, 72, ()),
    EscalationSpec("cnc2", "Measuring room queue delays first-off approval",
        "A second CMM operator on the early shift, or release rules for the supervisors.",
        Severity.HIGH, 9, 24, ()),
    EscalationSpec("linea", "Pallet racking at station 5 is damaged",
        "Inspection and repair of the racking upright hit by a pallet jack.",
        Severity.HIGH, 30, 24,
        (Step(M.ACKNOWLEDGED, 2, "Area taped off. Asking maintenance."),
        Step(M.SIDEWAYS, 1, "Racking repair is maintenance.", to="maintenance"))),
    EscalationSpec("testpack", "Need a decision on the cardboard packaging trial",
        "Go or no-go from the plant so that we can order material for the trial.",
        Severity.LOW, 26 * 24, 14 * 24,
        (Step(M.ACKNOWLEDGED, 20),
        Step(M.UP, 30, "Packaging changes need the plant's and the customer's approval."),
        Step(M.ANSWERED, 60, "Go for a two-week trial with the two biggest customers' consent."),
        Step(M.CLOSED, 12, "Trial running."))),
    EscalationSpec("grinding", "Coolant concentration drifting",
        "Quality to check the coolant and set the right concentration.",
        Severity.MEDIUM, 3 * 24, 48,
        (Step(M.SIDEWAYS, 4, "Quality owns the coolant checks.", to="quality"),
        Step(M.DOWN, 10, "Measured 5.5%; please top up with concentrate to 7% with the refractometer "
            "on the cart. The procedure is on the sheet at the mixer."))),
    EscalationSpec("goodsin", "Supplier labels unreadable for the scanners",
        "Purchasing to ask the supplier for labels to our standard.",
        Severity.LOW, 50, 120,
        (Step(M.ACKNOWLEDGED, 6, "Collecting examples for purchasing."),)),
)  # fmt: skip

HUDDLES: tuple[HuddleSpec, ...] = (
    HuddleSpec("cnc1", ("Run the warm-up programme before the first part on Mondays",
                        "Marek checks the tool-life counter status with maintenance"),
        "DMG 3 ran all shift without a leak. Scrap back under target.", absent=1, overrun=1.1),
    HuddleSpec("linea", ("Keep the O-ring batch in quarantine until Quality releases it",
                         "Hannah shows the kitting cart to Line B"),
        "Foundry housings arrived on time for the first time this month.", absent=0, overrun=0.9),
    HuddleSpec("lineb", ("Julia starts training on the press station on Wednesday",),
        "Two people short on the late shift; plan covered from the skills matrix.", absent=2, overrun=1.3),
    HuddleSpec("testpack", ("Validate the leak tester with the master pumps at every shift start",),
        "False rejects stopped after the fill time fix.", absent=0, overrun=0.8),
    HuddleSpec("dispatch", ("Patrick calls the carrier about the missed pickups before 10:00",),
        "11 orders missed the cut-off yesterday; carrier escalation still without an answer.",
        absent=1, overrun=1.2),
)  # fmt: skip

OBJECTIVES: tuple[ObjectiveSpec, ...] = (
    ObjectiveSpec("plant", "Zero recordable incidents: everyone goes home as healthy as they came",
        ("safety",)),
    ObjectiveSpec("plant", "Ship 96% of customer orders on time and in full by the end of the year",
        ("plan",)),
    ObjectiveSpec("plant", "Halve the scrap cost compared with last year", ("scrap", "fpy")),
    ObjectiveSpec("machining", "First-off right on every changeover", ("fpy", "scrap")),
    ObjectiveSpec("assembly", "No pump leaves the line with a leak", ("fpy",)),
    ObjectiveSpec("logistics", "Every order picked right and on the truck on time", ("fpy", "plan")),
)  # fmt: skip

FORCED_REDS: tuple[ForcedRed, ...] = (
    ForcedRed("dispatch", "plan", 1, 4),  # the late truck: settled in Dispatch's huddle
    ForcedRed("lineb", "absence", 1, 0),  # two people short: settled in Line B's huddle
    ForcedRed("grinding", "fpy", 1, 4),  # no huddle in Grinding: still without a countermeasure
    ForcedRed("cnc2", "scrap", 0, 1),  # the huddle day's reds wait for today's huddle
    ForcedRed("goodsin", "fpy", 0, 2),
)

RIVERSIDE = Story(
    name=PLANT_NAME,
    timezone=TIMEZONE,
    teams=TEAMS,
    people=PEOPLE,
    metrics=METRICS,
    causes=CAUSES,
    ideas=IDEAS,
    escalations=ESCALATIONS,
    huddles=HUDDLES,
    objectives=OBJECTIVES,
    feeds=FEEDS,
    forced_reds=FORCED_REDS,
)

# The plant-size board has eight metrics per front-line team: the five SQDCP lines above and these three.
EXTRA_METRICS: tuple[MetricSpec, ...] = (
    MetricSpec("oee", "OEE", "Delivery", "%", 75.0, Direction.HIGHER, 65.0,
               base=79.0, noise=3.0, monday=3.0, streak=16.0, decimals=1, high=100),
    MetricSpec("changeover", "Changeover time", "Cost", "min", 45.0, Direction.LOWER, 60.0,
               base=38.0, noise=6.0, monday=5.0, streak=30.0, decimals=0),
    MetricSpec("audit", "5S audit score", "People", "%", 85.0, Direction.HIGHER, 75.0,
               base=89.0, noise=3.0, monday=1.0, streak=15.0, decimals=0, high=100),
)  # fmt: skip
EXTRA_CAUSES: dict[str, tuple[RedCause, ...]] = {
    "oee": (
        RedCause("Micro-stops at the loader, 40 stops under two minutes",
                 "Clean and adjust the loader sensor and count the micro-stops for a week"),
        RedCause("Waiting for the crane for 90 minutes",
                 "Agree crane slots with the neighbouring cell at the start of the shift"),
    ),
    "changeover": (
        RedCause("Clamping fixture for the new variant not prepared",
                 "Prepare the next fixture on the cart during the last hour of the running batch"),
        RedCause("Program not released in time by engineering",
                 "Ask engineering to release programs one day before the changeover"),
    ),
    "audit": (
        RedCause("Tools left on the benches after the night shift",
                 "Five minutes of 5S at the end of every shift, checked by the next shift"),
        RedCause("Floor markings worn at the cell entrance",
                 "Repaint the floor markings during the planned stop"),
    ),
}  # fmt: skip
COMMENTS: tuple[str, ...] = (
    "Same problem on our line last month; the fix was simple, ask us.",
    "Can we try it on the late shift first?",
    "I can help with this on Thursday.",
    "Maintenance has the part in stock now.",
    "Good point, we raised it at the area meeting.",
    "Please keep us posted at the huddle.",
    "Checked with quality: no objection.",
    "The supplier confirmed the new date.",
)  # fmt: skip

# Names for the plant-size board: areas and team names are built from these.
PLANT_AREAS: tuple[str, ...] = (
    "Machining", "Assembly", "Logistics", "Foundry", "Paint Shop", "Electronics", "Packaging",
)  # fmt: skip
PLANT_TEAM_WORDS: dict[str, tuple[str, str]] = {
    "Machining": ("CNC Cell", "machining"),
    "Assembly": ("Pump Line", "assembly"),
    "Logistics": ("Warehouse Team", "logistics"),
    "Foundry": ("Moulding Line", "machining"),
    "Paint Shop": ("Paint Booth", "assembly"),
    "Electronics": ("SMT Line", "assembly"),
    "Packaging": ("Pack Line", "logistics"),
}
FIRST_NAMES: tuple[str, ...] = (
    "Ana", "Ben", "Chiara", "Dariusz", "Elif", "Farid", "Greta", "Hugo", "Ines", "Jonas", "Katja", "Luca",
    "Mara", "Nils", "Olga", "Pedro", "Quentin", "Rosa", "Samir", "Tilde", "Umar", "Vera", "Wim", "Xenia",
    "Yusuf", "Zora",
)  # fmt: skip
LAST_NAMES: tuple[str, ...] = (
    "Almeida", "Berger", "Costa", "Dubois", "Eriksen", "Fontaine", "Gruber", "Hansen", "Iglesias",
    "Jovanovic", "Keller", "Lehmann", "Moretti", "Nielsen", "Ortega", "Peters", "Quinn", "Richter",
    "Schulz", "Tanaka", "Urban", "Varga", "Weiss", "Yilmaz", "Zimmer",
)  # fmt: skip
