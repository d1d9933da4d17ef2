"""Plain-language explanations of a trace verdict, for the inspection desk."""

from __future__ import annotations

from kizashi.trace.scoring import Verdict


def _others(verdict: Verdict) -> str:
    rest = [r for r in verdict.ranked if not r.named]
    if not rest:
        return "no other recipient is left"
    return f"the strongest of the {len(rest)} others is z={rest[0].z:.1f} (as expected by chance)"


def explain_image(verdict: Verdict, names: dict[str, str]) -> list[str]:
    reg = dict(verdict.evidence.get("registration", {}))
    null = dict(verdict.evidence.get("null", {}))
    lines = [
        f"the leaked image was aligned to the kept original by {reg.get('method')} "
        f"({reg.get('inliers')} consistent feature matches, {reg.get('coverage', 0):.0%} of the "
        f"original covered)",
        f"each recipient's keyed pattern was correlated with what differs from the original; "
        f"{null.get('phantoms')} patterns given to nobody show what chance looks like",
    ]
    for ranked in verdict.named:
        lines.append(
            f"{names.get(ranked.label, ranked.label)}'s pattern is present: "
            f"z={ranked.z:.1f}, chance of this if absent p={ranked.p_value:.2g}; "
            f"confidence {ranked.confidence:.6f} after allowing for "
            f"{len(verdict.ranked)} recipients"
        )
    if not verdict.named:
        top = verdict.top
        lines.append(
            "no recipient's pattern is strong enough to name anyone"
            + (f" (best z={top.z:.1f})" if top else "")
        )
    lines.append(_others(verdict))
    return lines


def explain_text(verdict: Verdict, names: dict[str, str]) -> list[str]:
    evidence = verdict.evidence
    lines = [
        f"{evidence.get('slots_observed')} of the text's {evidence.get('slots')} variant "
        f"slots can be read in the leak"
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
            f"{len(slots)} slots; chance for someone else's copy p={ranked.p_value:.2g}, "
            f"confidence {ranked.confidence:.6f}"
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
