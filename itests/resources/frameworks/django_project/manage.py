#!/usr/bin/env python3
# A Django project for FrameworkMigrationsIT: the app "shop" with one model, whose migrations viewswap exports.
import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "proj.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
