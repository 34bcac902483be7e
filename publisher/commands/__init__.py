"""One module per CLI command; each exposes ``command``."""

import click

LANG = click.option("--lang", type=click.Choice(["zh", "en"]), default=None,
                    help="Language of messages (default: setting lang).")
FORMAT = click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
                      show_default=True, help="Output for people or for machines.")
