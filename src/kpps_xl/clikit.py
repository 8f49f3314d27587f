"""Typer command classes for kpps-xl: Indonesian help and usage errors, and the guarded entry.

Typer (0.29) vendors click as ``typer._click`` with English strings and no gettext, so the
hooks are the documented click extension points: a command class's ``format_help`` /
``format_usage`` / ``get_help_option`` and the group's ``main`` and ``invoke``. Every command
registered with ``cls=KppsCommand`` on an app made with ``cls=KppsGroup`` gets:

* help text in Indonesian (``Cara pakai``, ``Argumen``, ``Opsi``, ``bawaan``, ``wajib``) from
  each parameter's own metavar and help, with aliases listed after the Indonesian name;
* usage errors in Indonesian naming the option, with a suggestion for a typo;
* the guarded entry of ``kpps_xl.guard``: any exception becomes an Indonesian message and exit
  code 2 (input) or 3 (internal); the traceback only with ``kpps-xl --debug`` or
  ``KPPS_XL_DEBUG=1``.
"""

from __future__ import annotations

import os
import sys
import warnings
from collections.abc import Sequence
from difflib import get_close_matches
from typing import Any

import typer
from typer import _click  # typer's vendored click: its exception classes
from typer.core import TyperCommand, TyperGroup, TyperOption

from kpps_xl.guard import explain
from kpps_xl.io_utils import OutputKept

DEBUG_KEY = "kpps_xl.debug"
DEBUG_ENV = "KPPS_XL_DEBUG"
HELP_TEXT = "Tampilkan bantuan ini lalu keluar."
OPTIONS_METAVAR = "[OPSI]"
INTERRUPTED = ("dihentikan (Ctrl+C). Berkas asli tidak diubah; berkas hasil yang belum selesai "
               "ditulis tidak disimpan.")
INTERRUPTED_CODE = 130  # the shell's code for a run stopped by SIGINT


def debug_wanted(ctx: Any) -> bool:
    """--debug given on the group, or KPPS_XL_DEBUG=1 in the environment."""
    if os.environ.get(DEBUG_ENV, "").strip() not in ("", "0"):
        return True
    root = ctx.find_root() if ctx is not None else None
    return bool(root is not None and root.meta.get(DEBUG_KEY))


def _metavar(param: Any) -> str:
    """The value placeholder shown in help and usage: the declared metavar, else a word."""
    if getattr(param, "is_flag", False) or getattr(param, "count", False):
        return ""
    name = param.metavar or "NILAI"
    if param.nargs != 1 and not name.endswith("..."):
        name += "..."
    return name


def _names(param: Any) -> str:
    """'--laporan, --report BERKAS': the first (Indonesian) name first, aliases after it."""
    longs = [o for o in param.opts if o.startswith("--")]
    shorts = [o for o in param.opts if not o.startswith("--")]
    names = ", ".join([*longs, *shorts])
    metavar = _metavar(param)
    return f"{names} {metavar}" if metavar else names


def _default_text(param: Any) -> str:
    if not param.show_default or getattr(param, "is_flag", False) or param.required:
        return ""
    default = param.default
    if default is None or default == () or default == []:
        return ""
    if isinstance(default, list | tuple):
        default = " ".join(str(d) for d in default)
    return f"bawaan: {default}"


def _help_record(param: Any) -> tuple[str, str]:
    extras = [text for text in (_default_text(param), "wajib" if param.required else "") if text]
    help_text = (param.help or "").strip()
    if extras:
        help_text = f"{help_text} ({'; '.join(extras)})" if help_text else f"({'; '.join(extras)})"
    return _names(param) if param.param_type_name == "option" else _metavar(param), help_text


def _write_params(command: Any, ctx: Any, formatter: Any) -> None:
    params = [p for p in command.get_params(ctx) if not getattr(p, "hidden", False)]
    arguments = [_help_record(p) for p in params if p.param_type_name == "argument"]
    options = [_help_record(p) for p in params if p.param_type_name == "option"]
    if arguments:
        with formatter.section("Argumen"):
            formatter.write_dl(arguments)
    if options:
        with formatter.section("Opsi"):
            formatter.write_dl(options)


def _write_text(command: Any, formatter: Any) -> None:
    text = (command.help or "").strip()
    if text:
        import inspect

        formatter.write_paragraph()
        with formatter.indentation():
            formatter.write_text(inspect.cleandoc(text))


class UnknownCommand(_click.exceptions.UsageError):
    """A subcommand name that does not exist."""

    def __init__(self, name: str, ctx: Any) -> None:
        super().__init__(f"unknown command {name!r}", ctx)
        self.name = name


class ExtraArguments(_click.exceptions.UsageError):
    """Arguments left over after a command took its own."""

    def __init__(self, extra: list[str], ctx: Any) -> None:
        super().__init__(f"extra arguments {extra!r}", ctx)
        self.extra = extra


class HelpFlag(TyperOption):
    """--help: Indonesian text, and a plain flag (typer would build a pydantic TypeAdapter for
    it, importing pydantic on every start: 0.3-0.6 s of `kpps-xl --help`)."""

    def process_value(self, ctx: Any, value: Any) -> Any:
        return self.callback(ctx, self, bool(value)) if self.callback else bool(value)


def _show_help(ctx: Any, _param: Any, value: bool) -> None:
    if value and not ctx.resilient_parsing:
        typer.echo(ctx.get_help(), color=ctx.color)
        ctx.exit()


class _Indonesian:
    """Help/usage formatting shared by the command and the group classes."""

    def get_help_option(self, ctx: Any) -> Any:
        names = self.get_help_option_names(ctx)  # type: ignore[attr-defined]
        if not names or not self.add_help_option:  # type: ignore[attr-defined]
            return None
        if self._help_option is None:  # type: ignore[has-type]
            from typer._coercion import bool_flag_type_descriptor

            self._help_option = HelpFlag(
                param_decls=names, type_descriptor=bool_flag_type_descriptor(), is_flag=True,
                expose_value=False, is_eager=True, help=HELP_TEXT, callback=_show_help)
        return self._help_option

    def format_usage(self, ctx: Any, formatter: Any) -> None:
        pieces = [self.options_metavar] if self.options_metavar else []  # type: ignore[attr-defined]
        for param in self.get_params(ctx):  # type: ignore[attr-defined]
            if param.param_type_name == "argument":
                metavar = _metavar(param)
                pieces.append(metavar if param.required else f"[{metavar}]")
        formatter.write_usage(ctx.command_path, " ".join(pieces), prefix="Cara pakai: ")

    def format_help(self, ctx: Any, formatter: Any) -> None:
        self.format_usage(ctx, formatter)
        _write_text(self, formatter)
        _write_params(self, ctx, formatter)
        self.format_commands(ctx, formatter)  # type: ignore[attr-defined]
        self.format_epilog(ctx, formatter)  # type: ignore[attr-defined]


class KppsCommand(_Indonesian, TyperCommand):
    """A kpps-xl subcommand: Indonesian help; errors handled by the group."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["options_metavar"] = OPTIONS_METAVAR
        kwargs["rich_markup_mode"] = None
        super().__init__(*args, **kwargs)

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        """A plain command has no subcommands."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        """Click's parsing, with left-over arguments reported as ExtraArguments."""
        allowed = ctx.allow_extra_args
        ctx.allow_extra_args = True
        try:
            rest = super().parse_args(ctx, args)
        finally:
            ctx.allow_extra_args = allowed
        if rest and not allowed and not ctx.resilient_parsing:
            raise ExtraArguments(list(rest), ctx)
        return rest


class KppsGroup(_Indonesian, TyperGroup):
    """The kpps-xl app: Indonesian help and usage errors, and the guarded entry."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["options_metavar"] = OPTIONS_METAVAR
        kwargs["rich_markup_mode"] = None
        super().__init__(*args, **kwargs)
        self.subcommand_metavar = "PERINTAH [ARGUMEN]..."

    def format_usage(self, ctx: Any, formatter: Any) -> None:
        formatter.write_usage(ctx.command_path, f"{OPTIONS_METAVAR} {self.subcommand_metavar}",
                              prefix="Cara pakai: ")

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        rows = []
        for name in self.list_commands(ctx):
            command = self.get_command(ctx, name)
            if command is not None and not command.hidden:
                rows.append((name, command.get_short_help_str(limit=300)))
        if rows:
            with formatter.section("Perintah"):
                formatter.write_dl(rows)

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        try:
            return super().resolve_command(ctx, args)
        except _click.exceptions.UsageError as exc:
            if args and not args[0].startswith("-"):
                raise UnknownCommand(args[0], ctx) from exc
            raise

    def invoke(self, ctx: Any) -> Any:
        """Run the command inside the guarded entry: exceptions -> message + exit 2/3.

        Outputs kept under a '(sebelumnya …)' name because they were edited since kpps-xl wrote
        them (io_utils.OutputKept) are told afterwards, whatever the outcome."""
        caught: list[warnings.WarningMessage] = []
        unraisable: list[str] = []
        finished = False
        hook, sys.unraisablehook = sys.unraisablehook, _holder(unraisable)
        try:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always", OutputKept)
                result = super().invoke(ctx)
            finished = True
            return result
        except (_click.exceptions.ClickException, typer.Exit, typer.Abort):
            raise
        except KeyboardInterrupt:  # typer would exit 130 without a word
            pass  # told below, outside the handler (its frames are collected first)
        except Exception as exc:  # the guarded entry: every failure is reported, none hidden
            raise _report(exc, debug_wanted(ctx)) from None
        finally:
            if not finished:  # writers left half-closed are in cycles: collected under the holder
                import gc

                gc.collect()
            sys.unraisablehook = hook
            _tell_kept(caught or [])
            if debug_wanted(ctx):
                sys.stderr.write("".join(unraisable))
        from kpps_xl.console import fail

        raise fail(INTERRUPTED, INTERRUPTED_CODE)

    def main(self, args: Sequence[str] | None = None, prog_name: str | None = None,
             complete_var: str | None = None, standalone_mode: bool = True,
             **extra: Any) -> Any:
        """Typer's main, with usage errors printed in Indonesian."""
        try:
            result = super().main(args=args, prog_name="kpps-xl",
                                  complete_var=complete_var, standalone_mode=False, **extra)
        except _click.exceptions.ClickException as exc:
            if not standalone_mode:
                raise
            _show_usage_error(exc)
            sys.exit(exc.exit_code)
        except typer.Abort:
            if not standalone_mode:
                raise
            print("Dibatalkan.", file=sys.stderr)
            sys.exit(1)
        if not standalone_mode:
            return result
        sys.exit(result if isinstance(result, int) else 0)


def _holder(texts: list[str]) -> Any:
    """An unraisable hook that keeps the report as text (never the objects). A writer stopped
    by Ctrl+C or a failure leaves openpyxl's lxml writers to complain, with a traceback, when
    they are closed half-way: those are shown only with --debug, after the command."""
    import traceback

    def hold(unraisable: Any) -> None:
        head = unraisable.err_msg or "Exception ignored in"
        texts.append(f"{head}: {unraisable.object!r}\n" + "".join(traceback.format_exception(
            unraisable.exc_type, unraisable.exc_value, unraisable.exc_traceback)))

    return hold


def _tell_kept(caught: list[warnings.WarningMessage]) -> None:
    """Say which edited outputs were kept, and under what name; show other warnings as Python
    would have."""
    from kpps_xl.console import literal, make_console

    for item in caught:
        kept = item.message
        if isinstance(kept, OutputKept):
            make_console(stderr=True).print(
                f"[yellow]Catatan:[/] {literal(kept.target)} sudah diubah sejak ditulis kpps-xl "
                f"(atau bukan buatan kpps-xl); isi lamanya disimpan sebagai "
                f"'{literal(kept.backup.name)}'.")
        else:
            warnings.showwarning(item.message, item.category, item.filename, item.lineno)


def _report(exc: BaseException, debug: bool) -> Any:
    """Print the guarded entry's message (and traceback with --debug); return the Exit."""
    from kpps_xl.console import fail

    refusal = explain(exc)
    if debug:
        print(refusal.detail, file=sys.stderr)
    return fail(refusal.message, refusal.code)


# --- usage errors ---------------------------------------------------------------------------

def _hint(param: Any) -> str:
    if param is None:
        return "nilai"
    if param.param_type_name == "option":
        return f"opsi {param.opts[0]}"
    return f"argumen {_metavar(param) or param.name}"


def _options_of(ctx: Any) -> list[str]:
    if ctx is None:
        return []
    return [o for p in ctx.command.get_params(ctx) for o in (*p.opts, *p.secondary_opts)
            if o.startswith("-")]


def _primary(ctx: Any, option: str) -> str:
    """The first (Indonesian) name of the option that option is one of the names of."""
    for param in ctx.command.get_params(ctx) if ctx is not None else []:
        if option in param.opts:
            return param.opts[0]
    return option


def usage_message(exc: Any) -> str:
    """The Indonesian sentence for one of click's usage errors (by class, never by wording)."""
    ex = _click.exceptions
    ctx = getattr(exc, "ctx", None)
    if isinstance(exc, ex.NoSuchOption):
        name = exc.option_name
        known = list(exc.possibilities or []) or get_close_matches(name, _options_of(ctx), 3)
        known = list(dict.fromkeys(_primary(ctx, option) for option in known))
        tip = f" Maksud Anda: {', '.join(sorted(known))}?" if known else ""
        return f"Opsi {name} tidak dikenal.{tip}"
    if isinstance(exc, ex.MissingParameter):
        return f"{_hint(exc.param).capitalize()} wajib diisi."
    if isinstance(exc, ex.BadParameter):
        return f"Nilai untuk {_hint(exc.param)} tidak sah: {_value_rule(exc.param)}."
    if isinstance(exc, ex.BadOptionUsage):
        option = next((p for p in (ctx.command.get_params(ctx) if ctx else [])
                       if exc.option_name in p.opts), None)
        if option is not None and getattr(option, "is_flag", False):
            return f"Opsi {exc.option_name} tidak menerima nilai."
        return f"Opsi {exc.option_name} memerlukan nilai."
    if isinstance(exc, ex.BadArgumentUsage):
        return "Jumlah argumen tidak sesuai."
    return _plain_usage_message(exc, ctx)


def _value_rule(param: Any) -> str:
    annotation = getattr(getattr(param, "type_descriptor", None), "annotation", None)
    name = getattr(annotation, "__name__", "")
    return {"int": "harus bilangan bulat", "float": "harus angka",
            "bool": "harus ya/tidak"}.get(name, "bentuknya tidak dikenal")


def _plain_usage_message(exc: Any, ctx: Any) -> str:
    """Plain UsageError: an unknown command, a missing command, or extra arguments."""
    if isinstance(exc, ExtraArguments):
        return f"Argumen berlebih: {' '.join(exc.extra)}."
    command = ctx.command if ctx is not None else None
    names = list(command.commands) if isinstance(command, TyperGroup) else []
    if isinstance(exc, UnknownCommand):
        tip = get_close_matches(exc.name, names, 2)
        hint = f" Maksud Anda: {', '.join(tip)}?" if tip else ""
        return f"Perintah '{exc.name}' tidak dikenal.{hint} Perintah: {', '.join(names)}."
    if names:
        return f"Belum ada perintah. Pilih salah satu: {', '.join(names)}."
    return "Perintah tidak dapat dijalankan seperti itu; lihat --help."


def _show_usage_error(exc: Any) -> None:
    if isinstance(exc, _click.exceptions.NoArgsIsHelpError):
        return  # the help was printed already
    ctx = getattr(exc, "ctx", None)
    lines = []
    if ctx is not None:
        lines.append(ctx.get_usage())
        lines.append(f"Lihat '{ctx.command_path} --help' untuk bantuan.")
    lines.append(f"Galat: {usage_message(exc)}")
    print("\n".join(lines), file=sys.stderr)
