"""The NER commands of the ``zhkg`` CLI: ``ner``, ``train-ner``, ``eval-ner``.

``cli.py`` calls :func:`register` to add them to its typer app. Commands are
thin: parse, call :mod:`zhkg.extract.crf`, render. stdout holds only the
result; progress and per-line errors go to stderr.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, BinaryIO

import typer

__all__ = ["register", "tag_lines", "format_evaluation"]

_DATA_HELP = "Shared data folder holding cluener/train.jsonl (default: $ZHKG_SHARED or ../shared/data)."


def tag_lines(src: BinaryIO, out: BinaryIO, err, tag, name: str = "<stdin>") -> tuple[int, int]:
    """Tag JSON Lines from ``src``; write each object plus ``entities`` to ``out``.

    Parameters
    ----------
    src, out : binary streams
        Input JSON Lines (UTF-8) and output JSON Lines (UTF-8).
    err : text stream
        Receives one line ``zhkg: error: <name>:<line>: ...`` per bad line.
    tag : callable
        ``text -> [(start, end, type), ...]``.
    name : str
        Input name used in error messages.

    Returns
    -------
    (tagged, failed) : tuple of int
    """
    from zhkg.extract.errors import InputError

    ok = failed = 0
    for line_no, raw in enumerate(src, 1):
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as e:
            failed += 1
            err.write(f"zhkg: error: {InputError(name, f'not UTF-8: {e.reason} at byte {e.start}', line_no)}\n")
            continue
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except ValueError as e:
            failed += 1
            err.write(f"zhkg: error: {InputError(name, f'not valid JSON: {e}', line_no)}\n")
            continue
        text = obj.get("text") if isinstance(obj, dict) else None
        if not isinstance(text, str):
            failed += 1
            msg = 'no string field "text" (expected an object with a "text" string)'
            err.write(f"zhkg: error: {InputError(name, msg, line_no)}\n")
            continue
        obj["entities"] = [
            {"start": s, "end": e, "type": str(t), "text": text[s:e]} for s, e, t, *_ in tag(text)
        ]
        out.write(json.dumps(obj, ensure_ascii=False).encode("utf-8") + b"\n")
        ok += 1
    return ok, failed


def format_evaluation(title: str, ev) -> str:
    """A plain per-type P/R/F1 table for people."""
    lines = [f"{title}  ({ev.texts} texts, {ev.chars} chars, exact span match)",
             f"{'type':<16}{'P':>7}{'R':>7}{'F1':>7}{'gold':>7}"]
    for name, p, r, f, n in ev.rows():
        lines.append(f"{name:<16}{p:7.3f}{r:7.3f}{f:7.3f}{n:7d}")
    return "\n".join(lines)


def _cluener(data: Path | None) -> Path:
    from zhkg.extract.corpora import cluener_path

    src = cluener_path(data)
    if src is None:
        typer.echo(
            f"zhkg: error: {data or 'shared data'}: cluener/train.jsonl not found (set ZHKG_SHARED or --data)",
            err=True,
        )
        raise typer.Exit(1)
    return src


def register(app: typer.Typer) -> None:
    """Add the ``ner``, ``train-ner`` and ``eval-ner`` commands to ``app``."""

    @app.command("ner")
    def ner(
        model: Annotated[
            Path | None, typer.Option(help="Model file (default: the shipped extract/data/ner.crfsuite).")
        ] = None,
    ) -> None:
        """Tag entities in JSON Lines read from stdin; write JSON Lines to stdout.

        Each input line is an object with a "text" field; the output line is the
        same object plus "entities": [{"start", "end", "type", "text"}] with
        half-open offsets into text. Bad lines are reported on stderr with their
        line number and skipped; the exit code is then 1.

        Example: echo '{"text": "浙商银行叶老桂博士"}' | zhkg ner
        """
        from zhkg.extract.crf import load_ner_model

        tagger = load_ner_model(model)
        src = typer.get_binary_stream("stdin")
        out = typer.get_binary_stream("stdout")
        _, failed = tag_lines(src, out, sys.stderr, tagger.tag)
        out.flush()
        if failed:
            raise typer.Exit(1)

    @app.command("train-ner")
    def train_ner_cmd(
        data: Annotated[Path | None, typer.Option(help=_DATA_HELP)] = None,
        out: Annotated[
            Path | None, typer.Option(help="Where to write the model (default: extract/data/ner.crfsuite).")
        ] = None,
    ) -> None:
        """Rebuild the CRF NER model from CLUENER's training part (never the dev split).

        Example: zhkg train-ner --data ../shared/data
        """
        from zhkg.extract.crf import model_path, train_ner

        path = train_ner(_cluener(data), out or model_path(), progress=lambda m: typer.echo(m, err=True))
        typer.echo(str(path))

    @app.command("eval-ner")
    def eval_ner_cmd(
        data: Annotated[Path | None, typer.Option(help=_DATA_HELP)] = None,
        model: Annotated[Path | None, typer.Option(help="Model file (default: the shipped one).")] = None,
    ) -> None:
        """Print per-type precision, recall and F1 on CLUENER's dev split.

        Scores the model alone and, when the rule extractor is available, the
        full extractor (rules combined with the model).

        Example: zhkg eval-ner --data ../shared/data
        """
        from zhkg.extract.corpora import cluener_splits
        from zhkg.extract.crf import evaluate_ner, load_ner_model

        _, _, dev = cluener_splits(_cluener(data))
        m = load_ner_model(model)
        typer.echo(format_evaluation("model alone (CRF) on CLUENER dev", evaluate_ner(dev, m.tag)))
        try:
            from zhkg.extract.crf import combined_tagger

            full = combined_tagger(m)
        except ImportError as e:  # the rule extractor is not there yet
            typer.echo(f"zhkg: full extractor not available: {e}", err=True)
            return
        typer.echo("")
        typer.echo(format_evaluation("full extractor (rules + CRF) on CLUENER dev", evaluate_ner(dev, full)))
        from zhkg.extract.pipeline import Extractor

        x = Extractor()

        def as_built(text: str):  # noqa: ANN202
            return [(s.start, s.end, s.type) for s in x.sentence_spans(text, x.segmenter.tokens(text))]

        typer.echo("")
        typer.echo(format_evaluation("as zhkg build runs it (rules first, the CRF fills gaps) on CLUENER dev",
                                     evaluate_ner(dev, as_built)))
