# See autograder/nbgrader_shim/__init__.py: jsonschema handles this ImportError.
raise ImportError("rfc3987_syntax is skipped for nbgrader commands run by the autograder (start-up time)")
