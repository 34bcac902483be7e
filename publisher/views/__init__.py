"""Pictures of released data, drawn on the server as SVG: declared per dataset under ``views:``.

Server-side SVG needs no script and no external asset, so a strict Content-Security-Policy holds
and the page works offline and without JavaScript; each picture carries its text alternative
(``<title>``/``<desc>``) and is followed by a table of the same numbers.
"""
