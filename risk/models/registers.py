"""Stability risk assessments, key petitioners and backlog cases (积案)."""
