"""The services a web view works with, as the app factory attached them.

Views take them from here, never from ``publisher.app``: the factory imports the views, so the
views importing the factory would make the two one import cycle.
"""

from __future__ import annotations

from flask import Flask

from publisher.services import Services

EXTENSION = "publisher"


def init_app(app: Flask, services: Services) -> None:
    app.extensions[EXTENSION] = services


def services_of(app: Flask) -> Services:
    services: Services = app.extensions[EXTENSION]
    return services
