"""``python -m credits``: the same command line as the ``credits`` script."""

from .cli import app

app(prog_name="credits")
