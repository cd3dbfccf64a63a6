"""Settings: ``base`` shared by all, then ``local``, ``test`` and ``production``."""
