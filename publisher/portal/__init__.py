"""The embedded CKAN-compatible portal: the CKAN Action API over the state database.

``publisher.portal.api.bp`` is the blueprint; actions live in one module per family
(packages, resources, organizations, search, datastore, misc).
"""
