"""``--help`` in the language asked: click's help strings are msgids of the message catalogue.

Click reads help strings when a module is imported, before any language is known, so the
classes here translate them when the help is formatted. The language of help is ``--lang``
on the command line (before or after the command's name), else ``PUBLISHER_LANG``, else English
as ``--help`` always was (the instance file is not read: ``--help`` must stay fast).

Each paragraph of a help text is one msgid, its whitespace collapsed, so a command's first
paragraph serves both the table of commands and the command's own page. Click's own words
(``Usage:``, ``Options``, ``default: …``) are msgids of the catalogue too.
"""

from __future__ import annotations

import inspect
import os
from typing import Any

import click

from publisher.cjkwrap import CJKHelpFormatter, width

#: ``ctx.meta`` keys: the language pinned by a caller (docs), the root's raw arguments.
LANG_KEY = "publisher.help_lang"
ARGS_KEY = "publisher.argv"
#: ``ctx.meta`` key of the language asked before the command's name (``publisher --lang en …``).
CHOSEN_KEY = "publisher.lang"


def help_lang(ctx: click.Context) -> str:
    """The language of help for ``ctx``: pinned, else ``--lang``, else PUBLISHER_LANG, else en."""
    from publisher.i18n import normalise

    pinned = ctx.meta.get(LANG_KEY)
    if isinstance(pinned, str):
        return normalise(pinned)
    asked = lang_in(ctx.meta.get(ARGS_KEY, [])) or os.environ.get("PUBLISHER_LANG")
    return normalise(asked) if asked else "en"


def lang_in(args: list[str]) -> str | None:
    """The last ``--lang X`` (or ``--lang=X``) of a command line, if any."""
    found = None
    for i, arg in enumerate(args):
        if arg == "--":
            break
        if arg == "--lang" and i + 1 < len(args):
            found = args[i + 1]
        elif arg.startswith("--lang="):
            found = arg.split("=", 1)[1]
    return found


def paragraphs(text: str | None) -> list[str]:
    """The msgids of a help text: its paragraphs up to a form feed, whitespace collapsed
    (a ``\\b`` paragraph, which click does not rewrap, is kept as it is)."""
    out = []
    for part in inspect.cleandoc(text or "").partition("\f")[0].split("\n\n"):
        if part.strip():
            out.append(part.strip("\n") if part.startswith("\b") else " ".join(part.split()))
    return out


def translate(lang: str, text: str | None) -> str:
    """A help text in ``lang``, paragraph by paragraph (English: the text itself)."""
    from publisher.i18n import gettext

    if lang == "en":
        return text or ""
    return "\n\n".join(gettext(lang, p) for p in paragraphs(text))


def shorten(text: str, limit: int) -> str:
    """The first sentence of a translated paragraph, cut to ``limit`` columns with an ellipsis."""
    text = " ".join(text.split())
    head, stop, _ = text.partition("。")
    text = head + stop if stop and head else text
    if width(text) <= limit:
        return text
    out = ""
    for char in text:
        if width(out + char) > limit - 1:
            break
        out += char
    return out.rstrip("，、；： ") + "…"


def short_help(lang: str, cmd: click.Command, limit: int) -> str:
    """A command's line in a table of commands, in ``lang``."""
    if lang == "en":
        return cmd.get_short_help_str(limit)
    text = translate(lang, cmd.short_help or cmd.help).partition("\n\n")[0]
    return shorten(text, limit)


def option_record(param: click.Parameter, ctx: click.Context,
                  lang: str) -> tuple[str, str] | None:
    """An option's row of ``Options`` in ``lang``: click's own row, its words translated."""
    from publisher.i18n import gettext

    if not isinstance(param, click.Option):
        return param.get_help_record(ctx)
    if param.hidden:
        return None
    text = translate(lang, param.help) if param.help else ""
    extra = param.get_help_extra(ctx)
    items = []
    if "envvars" in extra:
        items.append(gettext(lang, "env var: %(var)s", var=", ".join(extra["envvars"])))
    if "default" in extra:
        items.append(gettext(lang, "default: %(default)s", default=extra["default"]))
    if "range" in extra:
        items.append(extra["range"])
    if "required" in extra:
        items.append(gettext(lang, "required"))
    if items:
        joined = gettext(lang, "; ").join(items)
        text = f"{text}  [{joined}]" if text else f"[{joined}]"
    return param.get_help_spec(ctx), text


class LocalUsageError(click.UsageError):
    """A usage error in the language of help: click's own message verbatim (it is the
    library's text), the usage line, the hint and the ``Error:`` around it translated."""

    def __init__(self, cause: click.UsageError) -> None:
        super().__init__(cause.format_message(), cause.ctx)

    def show(self, file: Any = None) -> None:
        from publisher.i18n import gettext

        ctx = self.ctx
        lang = help_lang(ctx) if ctx is not None else "en"
        if lang == "en":
            super().show(file)
            return
        color = ctx.color if ctx is not None else None
        if ctx is not None:
            hint = ""
            if ctx.command.get_help_option(ctx) is not None:
                option = max(ctx.command.get_help_option_names(ctx), key=len)
                hint = gettext(lang, "Try '%(command)s %(option)s' for help.",
                               command=ctx.command_path, option=option) + "\n"
            click.echo(f"{ctx.get_usage()}\n{hint}", file=file, err=file is None, color=color)
        click.echo(gettext(lang, "Error: %(message)s", message=self.format_message()),
                   file=file, err=file is None, color=color)


def _local(exc: click.UsageError) -> click.UsageError:
    # A group called bare shows its help (already translated) and no error around it.
    if isinstance(exc, LocalUsageError | click.exceptions.NoArgsIsHelpError):
        return exc
    return LocalUsageError(exc)


def _choose_lang(ctx: click.Context, _param: click.Parameter, value: str | None) -> None:
    if value:
        ctx.meta[CHOSEN_KEY] = value


class Translated(click.Command):
    """Formats its help, and tells a usage error, in the language of :func:`help_lang`;
    English is click's own output."""

    def make_context(self, info_name: str | None, args: list[str],
                     parent: click.Context | None = None, **extra: Any) -> click.Context:
        try:
            return super().make_context(info_name, args, parent, **extra)
        except click.UsageError as exc:
            raise _local(exc) from None

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except click.UsageError as exc:
            raise _local(exc) from None

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        ctx.meta.setdefault(ARGS_KEY, list(args))  # the root's: every argument of the line
        return super().parse_args(ctx, args)

    def get_help(self, ctx: click.Context) -> str:
        if help_lang(ctx) == "en":
            return super().get_help(ctx)
        formatter = CJKHelpFormatter(width=ctx.terminal_width, max_width=ctx.max_content_width)
        self.format_help(ctx, formatter)
        return formatter.getvalue().rstrip("\n")

    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        from publisher.i18n import gettext

        lang = help_lang(ctx)
        if lang == "en":
            super().format_usage(ctx, formatter)
            return
        pieces = " ".join(self.collect_usage_pieces(ctx))
        formatter.write_usage(ctx.command_path, pieces, prefix=gettext(lang, "Usage:"))

    def format_help_text(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        lang = help_lang(ctx)
        if lang == "en":
            super().format_help_text(ctx, formatter)
            return
        text = translate(lang, self.help)
        if text:
            formatter.write_paragraph()
            with formatter.indentation():
                formatter.write_text(text)

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        from publisher.i18n import gettext

        lang = help_lang(ctx)
        if lang == "en":
            super().format_options(ctx, formatter)
            return
        rows = [option_record(p, ctx, lang) for p in self.get_params(ctx)
                if not isinstance(p, click.Argument)]
        opts = [row for row in rows if row is not None]
        if opts:
            with formatter.section(gettext(lang, "Options")):
                formatter.write_dl(opts)
        if isinstance(self, click.Group):
            self.format_commands(ctx, formatter)


class Command(Translated):
    """A command whose help is translated; use as ``@click.command(cls=Command)``."""


class Group(Translated, click.Group):
    """A group whose help and table of commands are translated; its subcommands and subgroups
    are made of these classes too."""

    command_class = Command
    group_class = type  # a subgroup is of the same class as its parent

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # ``publisher requests --lang zh list``: a group's --lang, as the root's, sets the
        # language of every command below it (a command's own --lang still wins).
        if not any(p.name == "lang" for p in self.params):
            self.params.append(click.Option(
                ["--lang"], type=click.Choice(["zh", "en"]), default=None, expose_value=False,
                callback=_choose_lang,
                help="Language of messages and help for every command (default: setting lang; "
                     "help: English)."))

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        from publisher.i18n import gettext

        lang = help_lang(ctx)
        commands = [(name, cmd) for name in self.list_commands(ctx)
                    if (cmd := self.listed_command(ctx, name)) is not None and not cmd.hidden]
        if not commands:
            return
        limit = formatter.width - 6 - max(len(name) for name, _ in commands)
        rows = [(name, short_help(lang, cmd, limit)) for name, cmd in commands]
        with formatter.section(gettext(lang, "Commands")):
            formatter.write_dl(rows)

    def listed_command(self, ctx: click.Context, name: str) -> click.Command | None:
        """The command that a row of the table of commands describes (a lazy group may answer
        with a stand-in that carries the short help, so that the table loads no command)."""
        return self.get_command(ctx, name)


def commands_of(group: click.Group, ctx: click.Context) -> list[tuple[list[str], Any]]:
    """Every command under ``group`` with its path of names, the group first (loads them)."""
    found: list[tuple[list[str], Any]] = []

    def walk(cmd: click.Command, path: list[str]) -> None:
        found.append((path, cmd))
        if isinstance(cmd, click.Group):
            for name in cmd.list_commands(ctx):
                sub = cmd.get_command(ctx, name)
                if sub is not None:
                    walk(sub, [*path, name])

    walk(group, [ctx.info_name or "publisher"])
    return found


def help_msgids(cmd: click.Command, ctx: click.Context) -> set[str]:
    """The msgids of one command's help: its text, short help and every option's help."""
    found = set(paragraphs(cmd.help)) | set(paragraphs(cmd.short_help))
    for param in cmd.get_params(ctx):
        found |= set(paragraphs(getattr(param, "help", None)))
    return found
