"""Kept for the migration graph: countries are loaded by ``aegis.site.reference`` after
every migrate, so that they also survive the flushes of transactional tests."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("core", "0002_reference_data")]

    operations = []
