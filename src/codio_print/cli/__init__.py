from codio_print.cli.commands import app, main  # noqa: F401
