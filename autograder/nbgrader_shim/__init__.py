"""Put on PYTHONPATH of the nbgrader commands the bridge runs, to make each start ~3x faster.

``jsonschema`` (through nbformat and jupyter_events) imports ``rfc3987_syntax``
when it is installed, only to check the rarely used "iri" string format; building
its grammar costs about 2 s of every nbgrader command's 3 s start-up on a
2-core machine. The package of the same name in this folder raises
ImportError, which jsonschema expects and handles (that one format check is
then skipped). Nothing nbgrader does uses it. Your own ``nbgrader ...``
commands are not affected.
"""
