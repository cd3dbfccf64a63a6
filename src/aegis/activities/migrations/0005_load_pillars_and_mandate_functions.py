"""Kept for the migration graph: pillars and mandate functions are loaded by
``aegis.site.reference`` after every migrate, so that they also survive the flushes
of transactional tests."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("activities", "0004_office_records")]

    operations = []
