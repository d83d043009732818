"""Open data: the directory as Open Referral HSDS 3.0 (API, import, export).

See docs/hsds.md for the field mapping and the commands.
"""
