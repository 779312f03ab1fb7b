"""``ppp users ...``: the people of a shared deployment, their roles, organisations and audit scopes.

Wired into :mod:`ppp.cli`: ``COMMANDS`` names the sub-commands this module adds with :func:`add_parsers`;
:func:`run` executes one of them and returns the exit code.

The command acts as the local administrator: it runs on the server with direct access to the database, so
whoever can run it administers the deployment anyway. Every change goes through :mod:`ppp.services.users`
(checked and audited like a change made in the app).
"""

from __future__ import annotations

import argparse
from typing import Any, Final, TextIO

from ppp.i18n import Language, translate
from ppp.services.types import ServiceError
from ppp.services.users import (
    UserView,
    create_user,
    find_user,
    list_users,
    local_principal,
    new_user,
    set_auditor_scopes,
)
from ppp.store.database import database_url, init_database, make_engine, session_scope

COMMANDS: Final[frozenset[str]] = frozenset({"users"})

EXIT_OK: Final = 0
EXIT_BAD_INPUT: Final = 2

_ACTING: Final = (
    "Acts as the local administrator: the command runs on the server with access to the database, which "
    "makes whoever runs it an administrator of the deployment. Changes are audited."
)


def add_parsers(commands: argparse._SubParsersAction[Any]) -> None:
    """Add this module's sub-commands to the ``ppp`` parser."""
    users_parser = commands.add_parser(
        "users",
        help="list and add the people who sign in, their roles and audit scopes",
        description="The people who may sign in to a shared deployment. " + _ACTING,
    )
    actions = users_parser.add_subparsers(dest="users_command", required=True, metavar="ACTION")
    list_parser = actions.add_parser(
        "list", help="every user: email, name, role, organisation, audits, subject"
    )
    add_parser = actions.add_parser(
        "add",
        help="add a user who may then sign in with this email",
        description="Add a user. On the first sign-in the identity provider's subject is bound to the user "
        "of that email (or give it now with --subject). " + _ACTING,
    )
    add_parser.add_argument("email", help="the email the identity provider sends")
    add_parser.add_argument("--name", required=True, help="the name shown in the app")
    add_parser.add_argument("--role", required=True, help="government, vendor, auditor or administrator")
    add_parser.add_argument(
        "--organisation",
        default="",
        help="a government officer's government body (e.g. 新余市), a vendor's bidding organisation",
    )
    add_parser.add_argument(
        "--audits", nargs="+", default=[], metavar="BODY", help="an auditor's government bodies"
    )
    add_parser.add_argument("--subject", default=None, help="the identity provider's subject (OIDC sub)")
    scope_parser = actions.add_parser(
        "scope",
        help="set the government bodies an auditor may read (replacing the old ones)",
        description="Set the government bodies an auditor may read. " + _ACTING,
    )
    scope_parser.add_argument("email", help="the auditor's email")
    scope_parser.add_argument("bodies", nargs="+", metavar="BODY", help="government bodies, e.g. 新余市")
    for parser in (list_parser, add_parser, scope_parser):
        parser.add_argument(
            "--database-url",
            default=None,
            help="the database (default: DATABASE_URL, else PPP_DATA_DIR's file)",
        )


def run(arguments: argparse.Namespace, language: Language, out: TextIO, err: TextIO) -> int:
    """Run ``arguments.command`` (one of :data:`COMMANDS`); the exit code."""
    engine = make_engine(arguments.database_url or database_url())
    try:
        # the users may be added before the app ever started: bring the schema up, without sample content
        init_database(engine, seed=False)
        with session_scope(engine) as session:
            administrator = local_principal(session=session)
            if arguments.users_command == "list":
                users = list_users(session=session, principal=administrator)
                print(users_text(users, language), file=out)
            elif arguments.users_command == "add":
                added = create_user(
                    session=session,
                    principal=administrator,
                    user_in=new_user(
                        email=arguments.email,
                        name=arguments.name,
                        role=arguments.role,
                        organisation=arguments.organisation,
                    ),
                    audits=arguments.audits,
                    subject=arguments.subject,
                )
                print(
                    translate("cli.users.added", language, email=added.email, role=added.role, id=added.id),
                    file=out,
                )
            else:
                auditor = find_user(session=session, principal=administrator, email=arguments.email)
                scoped = set_auditor_scopes(
                    session=session,
                    principal=administrator,
                    user_id=auditor.id,
                    organisations=arguments.bodies,
                )
                bodies = ", ".join(scoped.audits)
                print(translate("cli.users.scoped", language, email=scoped.email, bodies=bodies), file=out)
        return EXIT_OK
    except ServiceError as error:
        message = translate(error.key, language, **error.params)
        print(f"{translate('problem.error', language)}: {message}", file=err)
        return EXIT_BAD_INPUT
    finally:
        engine.dispose()


def users_text(users: list[UserView], language: Language) -> str:
    r"""``ppp users list``: one tab-separated line per user under a header (easy to read and to ``cut``); an
    empty cell is ``-``.

    Examples
    --------
    >>> user = UserView(1, "a@b.example", "Li", "auditor", "", None, ("新余市", "阳信县"))
    >>> users_text([user], "en").splitlines()
    ['email\tname\trole\torganisation\taudits\tsubject', 'a@b.example\tLi\tauditor\t-\t新余市,阳信县\t-']
    """
    if not users:
        return translate("cli.users.none", language)
    lines = [translate("cli.users.header", language)]
    for user in users:
        cells = [
            user.email,
            user.name,
            user.role,
            user.organisation,
            ",".join(user.audits),
            user.subject or "",
        ]
        lines.append("\t".join(cell or "-" for cell in cells))
    return "\n".join(lines)
