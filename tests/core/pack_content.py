"""A small library and pack for the pack, template, builder and build tests."""

from __future__ import annotations

from briefing.models import (
    Contact,
    ItemRef,
    LibraryContent,
    Meeting,
    Pack,
    Partnership,
    Priority,
    Quote,
    Section,
    Source,
)

HOSTILE = "<b>&amp;</b> <para> <img src=\"x.png\"/> {{ name }} =HYPERLINK(\"http://x\") +1 -2 @SUM(A1) & <"
KOREAN = "한-EU 디지털 파트너십"
GREEK = "Ψηφιακή συνεργασία"

COMMISSION = Source(title="ROK-EU Digital Partnership", publisher="European Commission",
                    url="https://digital-strategy.ec.europa.eu/", date="2022-11-28")
PRESS = Source(title="Press release", publisher="Council", date="2024-03")
EVIL = Source(title="Internal note", publisher="Ministry", url="javascript:alert(1)")


def library() -> LibraryContent:
    """Two partnerships, two priorities, two quotes; one source shared, one unsafe URL."""
    rok = Partnership(
        id="rok-eu", name="ROK-EU Digital Partnership", short_name="DP", summary=HOSTILE,
        partners=("European Union", "Republic of Korea"), established="2022-11-28",
        level="Ministerial council", status="Active", key_facts=("First council in Seoul", GREEK),
        priorities=("semiconductors",), tags=("Korea", "digital"), sources=(COMMISSION,),
        marking="OFFICIAL",
    )
    ttc = Partnership(id="eu-us-ttc", name="EU-US Trade and Technology Council", summary="A forum.",
                      established="2021-06", sources=(PRESS, COMMISSION), tags=("korea", "US"))
    chips = Priority(
        id="semiconductors", title="Semiconductors", summary="Joint research on chips.",
        lines_to_take=("We welcome the joint project.", "=SUM(A1:A3)"),
        defensive_lines=("If pressed: cooperation continues.",), sources=(EVIL,),
        review_due="2025-01-01",
    )
    rights = Priority(id="digital-rights", title="Digital rights", summary=KOREAN,
                      partnerships=("rok-eu",), marking="SENSITIVE")
    lee = Quote(id="lee-2024", text="디지털 파트너십은 중요합니다.", speaker="Lee Jong-Ho",
                role="Minister of Science and ICT", organisation="MSIT", date="2024-03-26",
                translation="The digital partnership matters.", partnerships=("rok-eu",),
                sources=(PRESS,))
    breton = Quote(id="breton-5g", text="We must secure our 5G networks.", speaker="Thierry Breton",
                   date="2020", priorities=("semiconductors",), sources=(COMMISSION,))
    return LibraryContent(partnerships=(rok, ttc), priorities=(chips, rights), quotes=(lee, breton))


def pack(**changes: object) -> Pack:
    """A pack using every item, with every cover detail."""
    fields: dict[str, object] = dict(
        title="Brief for the ROK-EU Digital Partnership Council",
        subtitle="Second meeting",
        meeting=Meeting(name="Digital Partnership Council", date="2024-03-26", location="Seoul"),
        audience="Minister", author="International Unit", objectives=("Agree 6G research", "Welcome chips work"),
        marking="OFFICIAL", template="ministerial-brief", requested_by="Director-General",
        contact=Contact(name="A. Officer", email="officer@example.org", phone="+32 2 000"),
        attendees=("Minister", "Ambassador"), revision="v2", draft=True,
        sections=(
            Section(title="Lines to take", intro="Points to make.", items=(
                ItemRef(kind="priority", id="semiconductors", note="Lead with this."),
                ItemRef(kind="priority", id="digital-rights"),
            )),
            Section(title="Background", items=(
                ItemRef(kind="partnership", id="rok-eu"),
                ItemRef(kind="partnership", id="eu-us-ttc"),
            )),
            Section(title="Quotes", items=(ItemRef(kind="quote", id="breton-5g"),)),
        ),
    )
    fields.update(changes)
    return Pack(**fields)  # type: ignore[arg-type]
