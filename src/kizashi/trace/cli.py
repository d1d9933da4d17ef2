"""`kizashi trace`: issue fingerprinted copies, preview text variants, trace leaks.

Commands that touch the store act as the user whose credential is given (``KIZASHI_TOKEN``,
or ``--as`` with a password at the terminal) for a stated purpose (``--purpose``), exactly as
the API does for a token: the guard decides, the
decision is in the audit log before anything is written or printed.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated

import typer

from kizashi.cli.common import (
    cli_access,
    handle_errors,
    settings,
    stderr,
    write_json,
    write_jsonl,
)
from kizashi.errors import InputError
from kizashi.guard import User
from kizashi.trace.inspect import find, leaks
from kizashi.trace.preview import preview_text
from kizashi.trace.service import TraceService, open_trace

trace_app = typer.Typer(
    help="Per-recipient fingerprints on disseminated stills and texts; leak tracing.",
    no_args_is_help=True,
)

AsUser = Annotated[
    str | None,
    typer.Option(
        "--as",
        help="Act as this user, with their credential ($KIZASHI_TOKEN, or their password at "
        "the terminal).",
    ),
]
Purpose = Annotated[
    str, typer.Option("--purpose", help="Why (logged; sensitive material needs one).")
]
_ID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


def _open(name: str | None) -> tuple[TraceService, User]:
    """The trace service, and the user the command acts as (with their credential)."""
    access = cli_access(name)
    return open_trace(settings(), access.guard.engine, guard=access.guard), access.user


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", file=str(path)) from None


@trace_app.command("issue")
@handle_errors
def issue(
    product: Annotated[str, typer.Argument(help="A product id, or a file to register first.")],
    to: Annotated[list[str], typer.Option("--to", help="Recipient user name (repeat).")],
    as_user: AsUser,
    purpose: Purpose,
    out: Annotated[Path, typer.Option(help="Directory for the copies.")] = Path("."),
    title: Annotated[str | None, typer.Option(help="Title (default: front matter/file).")] = None,
    desk: Annotated[str | None, typer.Option(help="Owning desk (default: yours).")] = None,
    case: Annotated[str | None, typer.Option(help="Case reference it belongs to.")] = None,
    compartment: Annotated[str | None, typer.Option(help="Compartment holding it.")] = None,
    handling_code: Annotated[str | None, typer.Option(help="e.g. TLP:RED.")] = None,
) -> None:
    """Issue a distinct fingerprinted copy to each recipient; prints one JSON line per copy."""
    service, user = _open(as_user)
    if _ID.match(product):
        product_id = product
    else:
        path = Path(product)
        added = service.add_product(
            user,
            _read(path),
            path.name,
            purpose=purpose,
            title=title,
            desk=desk,
            case_ref=case,
            compartment=compartment,
            handling_code=handling_code,
        )
        product_id = str(added["id"])
        stderr.print(f"registered {path.name} as product {product_id}", markup=False)
    copies = service.issue(user, product_id, to, purpose=purpose)
    out.mkdir(parents=True, exist_ok=True)
    records = []
    for copy in copies:
        target = out / f"{product_id[:8]}-{copy.recipient}{copy.suffix}"
        target.write_bytes(copy.content)
        records.append({"product_id": product_id, **copy.to_json(), "file": str(target)})
    write_jsonl(records)


@trace_app.command("preview")
@handle_errors
def preview(
    file: Annotated[Path, typer.Argument(help="A marked-up text product (Markdown).")],
    copies: Annotated[int, typer.Option(help="How many sample copies to show.")] = 3,
) -> None:
    """Show a text's variant slots and sample copies, before anything is issued."""
    print(preview_text(_read(file).decode("utf-8", "replace"), file.name, copies), end="")


@trace_app.command("find")
@handle_errors
def find_command(
    leaked_file: Annotated[Path, typer.Argument(metavar="LEAKED_FILE", help="Image or text.")],
    as_user: AsUser,
    purpose: Purpose,
    product: Annotated[str | None, typer.Option(help="Only this product.")] = None,
) -> None:
    """Rank the recipients a leaked copy comes from, with evidence (inspection desk only)."""
    service, user = _open(as_user)
    result = find(
        service, user, _read(leaked_file), leaked_file.name, purpose=purpose, product_id=product
    )
    write_json(result)
    for item in result["products"]:
        for line in item["explanation"]:
            stderr.print(f"  {item['title']}: {line}", markup=False)


@trace_app.command("leaks")
@handle_errors
def leaks_command(as_user: AsUser, purpose: Purpose) -> None:
    """Operations whose plans appear in seized messages, with who had access and when."""
    service, user = _open(as_user)
    write_jsonl(leaks(service, user, purpose=purpose))
