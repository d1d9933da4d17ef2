"""Mail addresses, found as `MAIL.finditer` finds them but in time linear in the text.

`MAIL.finditer` tries a match at every character of a run of address characters: on a long
run with no @ (a pasted hash, a line of digits) each try reads to the run's end, and 200 kB
took minutes. A match's local part ends at an @, and no match starts in a run that no @
ends; so only the runs an @ ends are tried, each from its start (or from where the previous
match ended, as `finditer` resumes there: two addresses written together, a@b.coc@d.jp).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

MAIL = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}")
# a whole run of local-part characters and the @ ending it (the run may be empty)
_RUN_TO_AT = re.compile(r"(?<![A-Za-z0-9._%+\-])[A-Za-z0-9._%+\-]*@")


def mail_matches(text: str) -> Iterator[re.Match[str]]:
    """The matches `MAIL.finditer(text)` gives, in order."""
    resume = 0
    for run in _RUN_TO_AT.finditer(text):
        at = run.end() - 1
        start = max(run.start(), resume)
        if start >= at:
            continue  # no local part left before this @ (or a match took it)
        # a match from `start` reaches this @ or none from inside the run does: the local
        # part takes any run of its characters, the rest depends on what follows the @
        match = MAIL.match(text, start)
        if match:
            yield match
            resume = match.end()
