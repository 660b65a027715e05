"""Reactions to what petitions announces (petitions never imports reception)."""

from . import services


def raise_collective_alert(sender, petition, **kwargs):
    """A large collective visit registered anywhere alerts the office and inspectors."""
    services.collective_alert_raise(petition=petition)
