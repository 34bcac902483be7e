"""How a resource's file is to be read: its Table Dialect and its text encoding.

:func:`publisher.readers.open_resource` is the one reader every stage uses; this package holds
the decisions it rests on, so that the validation cache can key on them too.
"""
