"""Plain-language explanations of a trace verdict, for the inspection desk.

Every figure quoted is the one the verdict was decided on: ``false accusation`` is the
probability that some innocent recipient of the product would show this much evidence by
chance, and a recipient is named only when it is at most the medium's threshold.
"""

from __future__ import annotations

from kizashi.trace.scoring import Ranked, Verdict


def _chance(value: float) -> str:
    return "below 1e-15" if value < 1e-15 else f"{value:.2g}"


def _figure(ranked: Ranked, verdict: Verdict) -> str:
    return (
        f"chance that naming them is a false accusation {_chance(ranked.false_accusation)} "
        f"(among {verdict.evidence.get('family', len(verdict.ranked))} recipients)"
    )


def _others(verdict: Verdict) -> str:
    rest = [r for r in verdict.ranked if not r.named]
    if not rest:
        return "no other recipient is left"
    return (
        f"the strongest of the {len(rest)} others is z={rest[0].z:.1f}, false-accusation "
        f"figure {rest[0].false_accusation:.2g}: not named"
    )


def _threshold(verdict: Verdict) -> str:
    return f"named only if that chance is at most {verdict.evidence.get('name_below')}"


def explain_image(verdict: Verdict, names: dict[str, str]) -> list[str]:
    reg = dict(verdict.evidence.get("registration", {}))
    null = dict(verdict.evidence.get("null", {}))
    turned = reg.get("orientation", "identity")
    lines = [
        f"the leaked image was aligned to the kept original by {reg.get('method')}"
        + (f" after undoing a {turned}" if turned not in (None, "identity") else "")
        + f" ({reg.get('inliers')} consistent feature matches, "
        f"{reg.get('coverage', 0):.0%} of the original covered)",
        "each recipient's keyed pattern was correlated with what differs from the original; "
        "for a recipient whose pattern is absent that correlation is exactly normal, so each "
        f"z has an exact p-value (check: {null.get('phantoms', 0)} patterns given to nobody "
        f"scored mean {null.get('mean_z', 0)}, spread {null.get('std_z', 1)})",
        _threshold(verdict),
    ]
    if "pages" in verdict.evidence:
        lines.append(f"{len(verdict.evidence['pages'])} pages were combined")
    for ranked in verdict.named:
        lines.append(
            f"{names.get(ranked.label, ranked.label)}'s pattern is present: z={ranked.z:.1f}, "
            + _figure(ranked, verdict)
        )
    if not verdict.named:
        top = verdict.top
        lines.append(
            "no recipient's pattern is strong enough to name anyone"
            + (f" (best z={top.z:.1f})" if top else "")
        )
    lines.append(_others(verdict))
    return lines


def explain_blind(verdict: Verdict, names: dict[str, str]) -> list[str]:
    agreeing = dict(verdict.evidence.get("agreeing_bits", {}))
    lines = [
        "second, blind layer (read without the original): the 32-bit word of each copy was "
        "compared with the bits read from the leak",
        _threshold(verdict),
    ]
    for ranked in verdict.named:
        lines.append(
            f"{names.get(ranked.label, ranked.label)}'s word agrees on "
            f"{agreeing.get(ranked.label)} of 32 bits: " + _figure(ranked, verdict)
        )
    if not verdict.named:
        lines.append("the blind layer names nobody")
    return lines


def explain_text(verdict: Verdict, names: dict[str, str]) -> list[str]:
    evidence = verdict.evidence
    lines = [
        f"{evidence.get('slots_observed')} of the text's {evidence.get('slots')} variant "
        f"slots can be read in the leak, in {evidence.get('blocks_observed')} sentences",
        _threshold(verdict),
    ]
    for label in evidence.get("invisible_layer", []):
        lines.append(
            f"invisible characters name the copy of {names.get(label, label)} (pasted, not retyped)"
        )
    agreement = evidence.get("agreement", {})
    for ranked in verdict.named:
        slots = agreement.get(ranked.label, [])
        agree = [s for s in slots if s["agrees"]]
        decoys = [s for s in agree if s["kind"] == "decoy"]
        line = (
            f"{names.get(ranked.label, ranked.label)}'s copy agrees on {len(agree)} of "
            f"{len(slots)} slots; " + _figure(ranked, verdict)
        )
        if decoys:
            line += "; decoy details of that copy in the leak: " + ", ".join(
                f"'{s['copy_has']}' (line {s['line']})" for s in decoys
            )
        lines.append(line)
    if not verdict.named:
        lines.append("no copy agrees closely enough to name anyone")
    lines.append(_others(verdict))
    return lines
