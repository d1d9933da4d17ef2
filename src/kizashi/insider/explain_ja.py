"""An insider alert in Japanese, in an inspector's terms: what, why unusual, compared with whom.

Each line names what was accessed (the rule hit or the feature, with its audit entries),
why it is unusual (the count against what was expected: the officer's own past and the peer
group's, and how rare such a day is), and with whom the officer was compared (the peer
group). Ids of users, cases and operations are replaced by their names by the caller.
"""

from __future__ import annotations

from kizashi.insider.alerts import Alert

FEATURE_JA = {
    "volume": "アクセス件数",
    "records": "閲覧・出力した記録数",
    "off_shift": "勤務時間外のアクセス",
    "outside_assignment": "担当外の事件資料へのアクセス",
    "outside_section": "他係の事件資料へのアクセス",
    "distinct_subjects": "照会した人物の数",
    "exports": "持出し（エクスポート・印刷）",
    "export_records": "持ち出した記録数",
    "off_shift_exports": "勤務時間外の持出し",
    "new_device": "初めて使う端末",
    "new_device_exports": "新しい端末からの持出し",
    "imminent_target_lookups": "着手間近の作戦対象者の照会",
    "self_search": "本人自身の照会",
    "denied": "拒否されたアクセス",
    "disseminations": "承認済み手続による配布",
    "purposed_exports": "目的を明示した自担当事件の持出し",
    "joint_reads": "係全体での他係事件資料の共同閲覧",
    "outside_exports": "担当外の事件資料の持出し",
}
RULE_JA = {
    "NTK-RAID-72H": "担当外の事件の着手計画・監視資料を着手前72時間以内に閲覧",
    "NTK-SURV-EXPORT": "担当外の監視画像を持出し",
    "NTK-TARGET-72H": "担当外の作戦の対象者を着手前72時間以内に照会",
    "PROBE-REFUSED": "一度の作業で拒否されたアクセスを繰り返した",
}


def _odds(surprise: float) -> str:
    return f"{10**surprise:,.0f}日に1度" if surprise < 9 else "10億日に1度未満"


def explain_ja(alert: Alert) -> str:
    lane = (
        "【即時】必要な知識の原則に対する重大な違反（ガードが許可したアクセス）"
        if (alert.lane == "immediate")
        else "【通常】リスクの蓄積による順位付け"
    )
    lines = [
        f"{alert.user} の {alert.day} の行動（リスク {alert.score:.1f}、"
        f"比較対象の同僚グループ {alert.peer_group}）{lane}"
    ]
    for hit in alert.rules:
        attempt = "（拒否された試み）" if not hit.allowed else ""
        cited = hit.events or (hit.event_id,)
        records = "、".join(cited[:5]) + (f" ほか（計 {len(cited)} 件）" if len(cited) > 5 else "")
        lines.append(
            f"規則 {hit.rule_id}: {RULE_JA.get(hit.rule_id, hit.description)}{attempt} — "
            + (f"事件 {hit.case_id}、" if hit.case_id else "")
            + f"{hit.time.isoformat(timespec='minutes')}、記録 {records}"
            + (
                f"（同種の記録は直近 {hit.out_of:,} 勤務日のうち {hit.seen} 日、"
                f"リスク +{hit.weight:.1f}）"
                if hit.seen >= 0 and not hit.immediate
                else ""
            )
        )
    for f in alert.features:
        events = "、".join(f.events[:5]) + (" ほか" if len(f.events) > 5 else "")
        lines.append(
            f"{FEATURE_JA.get(f.feature, f.feature)}（{f.day}）: {f.value:g} 件 — "
            f"通常 {f.expected:.1f} 件（本人の過去平均 {f.own_mean:.1f}、"
            f"同僚平均 {f.peer_mean:.1f}）、{_odds(f.surprise)}の水準、リスク +{f.contribution:.1f}"
            + (f" ［記録 {events}］" if events else "")
        )
    return "\n".join(lines)
