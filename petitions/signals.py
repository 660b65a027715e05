"""What petitions tells other apps, after the transaction has committed.

Higher apps (reminders, reception, reports) connect to these; petitions never
imports them.
"""

from django.dispatch import Signal

# sender=Petition, petition=<Petition>
petition_registered = Signal()
# sender=Petition, petition=<Petition>, action=<transition name>
petition_changed = Signal()
