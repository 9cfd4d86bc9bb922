"""Feedback from results.json: the student's page, the instructors' class report, the LMS CSV.

``student_page(result, week)``   one submission's results.json -> a self-contained HTML page
``class_report(results, week)``  name -> results.json for a class -> one HTML report
``lms_csv(results, path)``       a gradebook CSV: one row per student, a column per problem, a total

Pages embed their figures (PNG ``data:`` URIs drawn with matplotlib's Agg
backend) and escape every string; they need no network and no JavaScript.
"""
from __future__ import annotations

from autograder.feedback.report import class_report, lms_csv
from autograder.feedback.student import student_page

__all__ = ["student_page", "class_report", "lms_csv"]
